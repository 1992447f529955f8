"""Browser tests: the built example site, served on 127.0.0.1, read by Debian's Chromium.

Playwright drives the Chromium that Debian installs at /usr/bin/chromium (Playwright's own
browser download is never used). Without it, or without the playwright package, these tests
are skipped with a plain reason, except when CI=true: then they fail, so CI always runs them.

The example site is built once per session (`mkdocs build --strict`) into a temporary folder
and served under /planpress/, the path of `site_url`, so that the 404 page's absolute links
work as they do when published. Screenshots and reports go to test-output/browser/.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="session", autouse=True)
def browser_available() -> None:
    """Skip every browser test, with the reason, when Chromium is missing; in CI, fail."""
    if MISSING is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests, but {MISSING}", pytrace=False)
    pytest.skip(f"browser tests skipped: {MISSING}; with CI=true they fail instead")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly, at the end of the run, when the browser tests did not run."""
    if MISSING is not None and os.environ.get("CI") != "true":
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(f"The browser tests did not run: {MISSING}.")


# ---------------------------------------------------------------- serving a folder


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder, without logging each request to the terminal."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
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


def wait_for_search(page: Any) -> None:
    """Wait until search has loaded its index (in a worker), as a person waits to type."""
    page.wait_for_function(
        "!(document.querySelector('.md-search-result__meta') || {textContent: 'Initializing'})"
        ".textContent.includes('Initializing')"
    )


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def output() -> Path:
    """test-output/browser/, emptied at the start of each run, for people to look at."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    return OUTPUT


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once for the session, in <tmp>/planpress/."""
    folder = tmp_path_factory.mktemp("served") / PREFIX
    build_site(ROOT, folder)
    return folder


@pytest.fixture(scope="session")
def origin(site: Path) -> Iterator[str]:
    with serve(site.parent) as served:
        yield served


@pytest.fixture(scope="session")
def base_url(origin: str) -> str:
    """The site's home page, served as it is published: under /planpress/."""
    return f"{origin}/{PREFIX}/"


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    return html_pages(site)


@pytest.fixture(scope="session")
def browser(browser_available: None) -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright; one for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Crawl:
    """What a visit to every page of the site, in the light and the dark scheme, found."""

    violations: dict[str, dict[str, list[dict[str, Any]]]]  # scheme -> page -> axe violations
    schemes: dict[str, dict[str, str]]  # scheme -> page -> the colour scheme the page showed
    requests: list[str]  # every URL the browser asked for
    cookies: list[Any]
    errors: list[str]  # uncaught script errors


@pytest.fixture(scope="session")
def crawl(browser: Any, base_url: str, pages: list[str]) -> Crawl:
    """Every page, once in the light and once in the dark colour scheme, with axe-core run on
    each and every request recorded.

    axe-core (shipped in axe-playwright-python, so it works offline) is loaded into every page
    before the page's own scripts. The two schemes run side by side, one browser context each,
    so that axe's work on the two is done at the same time on two cores.
    """
    from importlib.resources import files

    axe_script = str(files("axe_playwright_python") / "axe.min.js")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    found = Crawl({}, {}, [], [], [])
    tabs = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
        context.set_default_timeout(60_000)
        context.add_init_script(path=axe_script)
        context.on("request", lambda request: found.requests.append(request.url))
        tab = context.new_page()
        tab.on("pageerror", lambda error, tab=tab: found.errors.append(f"{tab.url}: {error}"))
        tabs[scheme] = tab
        found.violations[scheme], found.schemes[scheme] = {}, {}
    for url in pages:
        for tab in tabs.values():
            tab.goto(base_url + url)
            tab.evaluate("options => { window.__ppAxe = axe.run(document, options) }", options)
        for scheme, tab in tabs.items():
            found.violations[scheme][url] = tab.evaluate("() => window.__ppAxe")["violations"]
            found.schemes[scheme][url] = tab.evaluate("document.body.dataset.mdColorScheme")
            tab.wait_for_load_state("networkidle")
    for tab in tabs.values():
        found.cookies += tab.context.cookies()
        tab.context.close()
    return found


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (own storage, no cookies); closed after the test.

    Keyword arguments go to `browser.new_context` (viewport, color_scheme, java_script_enabled).
    Uncaught script errors fail the test.
    """
    contexts: list[Any] = []
    errors: list[str] = []

    def open_page(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, "script errors:\n" + "\n".join(errors)


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page 1280 px wide in the light colour scheme."""
    return new_page(color_scheme="light")
