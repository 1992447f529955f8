"""Browser tests: the built example site, served on 127.0.0.1, read by Debian's Chromium.

Playwright drives the Chromium that Debian installs at /usr/bin/chromium (Playwright's own
browser download is never used). Without it, or without the playwright package, these tests
are skipped with a plain reason, except when CI=true: then they fail, so CI always runs them.

The example site is built once per session (`mkdocs build --strict`) into a temporary folder
and served under /planpress/, the path of `site_url`, so that the 404 page's absolute links
work as they do when published. Screenshots and reports go to test-output/browser/.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MISSING,
    OUTPUT,
    PREFIX,
    WCAG_TAGS,
    Crawl,
    html_pages,
    serve,
)


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


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def output() -> Path:
    """test-output/browser/, for people to look at (tests/conftest.py empties it once per run)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def site(example_site: Path) -> Path:
    """The example site (built once for the session), in <tmp>/planpress/: served from <tmp>,
    it is at the path of site_url."""
    assert example_site.name == PREFIX
    return example_site


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
