"""What the browser tests share that is not a fixture: where Chromium is, serving a folder on
127.0.0.1, and the pages of a built site."""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "browser"
# Debian's Chromium; PLANPRESS_CHROMIUM names another build of Chromium, if need be.
CHROMIUM = os.environ.get("PLANPRESS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PREFIX = "planpress"  # the path of site_url in mkdocs.yml
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (install Debian's chromium: apt-get install chromium)"
    for module, package in (("playwright", "playwright"), ("axe_playwright_python", "axe")):
        if importlib.util.find_spec(module) is None:
            return f"the {package} Python package is not installed (run make install)"
    return None


MISSING = browser_missing()


# ---------------------------------------------------------------- serving a folder


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder, without logging each request to the terminal."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """Does not print a traceback when the browser drops a connection (leaving a page early)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def pages_tree(repo: Path, scratch: Path) -> Path:
    """The gh-pages branch of `repo`, written out where `serve(scratch / "served")` serves it
    at the site's path."""
    archive = subprocess.run(
        ["git", "archive", "gh-pages"], cwd=repo, capture_output=True, check=True
    ).stdout
    pages = scratch / "served" / PREFIX
    pages.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(pages)], input=archive, check=True)
    return pages


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port, in a background thread; yields the origin."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as URLs relative to its root ("" for the home page)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        pages.append(url.removesuffix("index.html"))
    return pages


def build_site(project: Path, site: Path) -> None:
    """`mkdocs build --strict` of `project` into `site`: a preview (no version set), with the
    site_url of mkdocs.yml (whose path, /planpress/, is where the tests serve it)."""
    unset = ("PLANPRESS_VERSION", "MIKE_DOCS_VERSION", "PLANPRESS_SITE_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def wait_for_results(page: Any, words: str = "", filtered: bool = False) -> None:
    """Wait until the search dialog says how many results it found for `words` (and with the
    filters chosen, when `filtered`): what a screen reader announces."""
    page.wait_for_function(
        """([words, filtered]) => {
          const text = document.querySelector("[data-pp-search-status]").textContent;
          return /^(No results|\\d+ results?)/.test(text)
            && (!words || text.includes("\u201c" + words + "\u201d"))
            && text.includes("with the filters chosen") === filtered;
        }""",
        arg=[words, filtered],
    )


@dataclass
class Crawl:
    """What a visit to every page of the site, in the light and the dark scheme, found."""

    violations: dict[str, dict[str, list[dict[str, Any]]]]  # scheme -> page -> axe violations
    schemes: dict[str, dict[str, str]]  # scheme -> page -> the colour scheme the page showed
    requests: list[str]  # every URL the browser asked for
    cookies: list[Any]
    errors: list[str]  # uncaught script errors
