"""What the benchmark measures with: timed subprocesses and their peak memory, the round trip
from saving a data file to the page served by `mkdocs serve`, what a page weighs, and what a
first search downloads (in Chromium, driven by Playwright, as a reader's browser would).
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass
class Run:
    """One finished subprocess: its wall and CPU time, peak resident memory and what it printed.

    CPU time (user and system, of the process and every child it waited for) is the steadier
    measure on a shared machine: other people's work stretches wall time far more.
    """

    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int
    output: str

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.output.strip().splitlines()[-lines:])


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without a version to build (a preview), MkDocs' banner off."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PLANPRESS_VERSION", "PLANPRESS_DOWNLOADS")
    }
    env.pop("MIKE_DOCS_VERSION", None)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def run_timed(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800
) -> Run:
    """Run `command`, timing it and reading its peak memory (ru_maxrss) from `wait4`."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env if env is not None else clean_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a timeout stops all of it
        )
        timer = threading.Timer(timeout, _stop, (process,))
        timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Run(seconds, cpu, usage.ru_maxrss / 1024, process.returncode, log.read())


def _stop(process: subprocess.Popen) -> None:
    """Stop a process we started, and its children: politely, then not."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        if process.poll() is not None:
            return
        time.sleep(0.1)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@dataclass
class RoundTrip:
    """Seconds from saving the file to the page showing the change (None if it never did)."""

    first_page_seconds: float | None
    seconds: float | None
    note: str
    log: str = ""


def serve_round_trip(
    command: list[str],
    cwd: Path,
    url: str,
    before: str,
    edit: callable,
    after: str,
    timeout: float,
    ready: str | None = None,
) -> RoundTrip:
    """Start the server, wait for `url` to show `before` (and, given `ready`, for the server's
    log to say it), `edit()`, wait for `after`.

    Bounded by `timeout` seconds for each wait; the server is always stopped.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=clean_env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            first = _wait_for(process, url, before, started + timeout)
            if first is None:
                log.seek(0)
                tail = "\n".join(log.read().strip().splitlines()[-5:])
                return RoundTrip(None, None, f"the page was not served in {timeout:.0f} s: {tail}")
            first_seconds = first - started
            if ready is not None and not _wait_for_log(log, ready, first + timeout):
                return RoundTrip(first_seconds, None, f"the server never said {ready!r}")
            saved = time.perf_counter()
            edit()
            shown = _wait_for(process, url, after, saved + timeout)
            if shown is None:
                return RoundTrip(first_seconds, None, f"no change shown in {timeout:.0f} s")
            time.sleep(0.5)  # the server's line about the rebuild, written just after the page
            log.seek(0)
            return RoundTrip(first_seconds, shown - saved, "", log.read())
        finally:
            _stop(process)
            process.wait()


def _wait_for_log(log: Any, text: str, deadline: float) -> bool:
    while time.perf_counter() < deadline:
        log.seek(0)
        if text in log.read():
            return True
        time.sleep(0.2)
    return False


def _wait_for(process: subprocess.Popen, url: str, text: str, deadline: float) -> float | None:
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            return None
        body = _get(url)
        if body is not None and text in body:
            return time.perf_counter()
        time.sleep(0.1)
    return None


# ---------------------------------------------------------------- page weights


class _Assets(HTMLParser):
    """The stylesheets and scripts that a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") == "stylesheet" and values.get("href"):
            self.found.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.found.append(values["src"])


def page_weight(site: Path, page: Path) -> dict[str, int]:
    """Bytes of a page's HTML and of the CSS and JavaScript files of the site it loads."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    css = js = 0
    for href in dict.fromkeys(parser.found):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue  # not the site's own file (there should be none)
        asset = (page.parent / unquote(parts.path)).resolve()
        if not asset.is_file() or site.resolve() not in asset.parents:
            continue
        if asset.suffix == ".css":
            css += asset.stat().st_size
        else:
            js += asset.stat().st_size
    html = page.stat().st_size
    return {"html": html, "css": css, "js": js, "total": html + css + js}


def site_weights(site: Path, limit: int) -> dict[str, object]:
    """The home page's and the largest page's weight, pages over `limit` bytes, the search index
    (all of Pagefind's files: what a search may download in parts, never whole)."""
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    largest = pages[0]
    index = site / "pagefind"
    return {
        "pages": len(pages),
        "home": page_weight(site, site / "index.html"),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest": page_weight(site, largest),
        "over_limit": {
            p.relative_to(site).as_posix(): p.stat().st_size
            for p in pages
            if p.stat().st_size > limit
        },
        "search_index_bytes": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
    }


# ---------------------------------------------------------------- what a first search downloads

CHROMIUM = os.environ.get("PLANPRESS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _serving(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def search_transfer(site: Path, queries: list[str]) -> dict[str, object]:
    """Bytes that a reader's first search downloads, for each of `queries`, measured in Chromium.

    Each query is typed, in a fresh browser (nothing cached), into the search dialog of the
    built site's home page once the page has loaded, and every response to a request for the
    search's files (pagefind/: its script, worker, WebAssembly, entry and meta files, and the
    index chunks and result fragments the query needs) is counted, body bytes as sent (the
    index files are compressed already; the server sends them as they are), until the results
    are shown and the network is idle. The page's own HTML, CSS and JavaScript are counted in
    the page weights, not here.
    """
    from playwright.sync_api import sync_playwright

    measured: dict[str, dict[str, int]] = {}
    with _serving(site) as home, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in queries:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                responses: list = []
                page.goto(home)
                page.wait_for_load_state("networkidle")
                page.on("response", lambda response, seen=responses: seen.append(response))
                page.locator("[data-pp-search-open]").click()
                page.locator("#pp-search-query").fill(query)
                page.wait_for_function(
                    "q => document.querySelector('[data-pp-search-status]').textContent"
                    ".includes('\u201c' + q + '\u201d')",
                    arg=query,
                    timeout=120_000,
                )
                page.wait_for_load_state("networkidle")
                files = [r for r in responses if "/pagefind/" in r.url and r.status == 200]
                measured[query] = {
                    "bytes": sum(len(r.body()) for r in files),
                    "files": len(files),
                    "results": page.locator(".pp-search__link").count(),
                    "by_file": {
                        r.url.rsplit("/", 1)[-1].split("?")[0]: len(r.body()) for r in files
                    },
                }
                context.close()
        finally:
            browser.close()
    return {
        "search_first_query_bytes": max(m["bytes"] for m in measured.values()),
        "search_queries": measured,
    }
