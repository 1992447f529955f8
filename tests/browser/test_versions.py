"""Versions in the browser: two versions published with `planpress publish` into a local git
repository, its gh-pages branch served on 127.0.0.1.

The version selector lists both versions by their titles and works from the keyboard;
switching version keeps the reader on the same page; the older version shows its banner.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import MINIMAL, git, isolate_git, site_repository, write_data

from planpress.publishing.publish import Request, publish

from .browsing import PREFIX, pages_tree, serve

SEPTEMBER_MEETINGS = """\
    - id: board-2020-07-16
      date: 2020-07-16
      body: board
      title: Board meeting, July
      publishes:
        version: 2020-07-16
        title: First version
        stage: embryonic

    - id: board-2020-09-17
      date: 2020-09-17
      body: board
      title: Board meeting, September
      publishes:
        version: 2020-09-17
        title: Second version
        stage: draft
    """


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, browser_available: None) -> Path:
    """A partnership's repository with two versions published; returns the gh-pages tree."""
    scratch = tmp_path_factory.mktemp("versions")
    with pytest.MonkeyPatch.context() as env:
        isolate_git(env, scratch)
        repo = site_repository(scratch / "plan", ("July data", MINIMAL))
        publish(Request("board-2020-07-16", repo))
        write_data(repo / "data", {"meetings.yml": SEPTEMBER_MEETINGS})
        git(repo, "commit", "--quiet", "-am", "September data")
        publish(Request("board-2020-09-17", repo))
    pages = pages_tree(repo, scratch)
    return pages


@pytest.fixture(scope="module")
def pages_url(published: Path) -> Iterator[str]:
    with serve(published.parent) as origin:
        yield f"{origin}/{PREFIX}/"


def test_published_tree_has_both_versions(published: Path) -> None:
    versions = json.loads((published / "versions.json").read_text())
    assert [(v["version"], v["title"]) for v in versions] == [
        ("2020-09-17", "Second version"),
        ("2020-07-16", "First version"),
    ]


def selector_titles(page: Any) -> list[str]:
    page.wait_for_selector(".md-version__current")
    # each link is the version's title, then its aliases (if any)
    return page.eval_on_selector_all(
        ".md-version__link", "links => links.map(a => a.firstChild.textContent.trim())"
    )


def test_selector_lists_both_titles(new_page: Callable[..., Any], pages_url: str) -> None:
    page = new_page()
    page.goto(pages_url + "2020-09-17/plan/")
    assert selector_titles(page) == ["Second version", "First version"]
    # the current version, with its alias
    assert page.locator(".md-version__current").inner_text().startswith("Second version")
    assert page.locator(".md-version__current .md-version__alias").inner_text() == "latest"
    page.goto(pages_url + "2020-07-16/plan/")
    page.wait_for_selector(".md-version__current")
    assert page.locator(".md-version__current").inner_text().strip() == "First version"


def test_switching_version_by_keyboard_keeps_the_page(
    new_page: Callable[..., Any], pages_url: str
) -> None:
    page = new_page(reduced_motion="reduce")
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.goto(pages_url + "2020-09-17/plan/")
    page.wait_for_selector(".md-version__current")
    # Tab to the selector, as a keyboard user does; its list opens when focus is inside it
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-version__current')"):
            break
    assert page.evaluate("document.activeElement.matches('.md-version__current')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    link = page.evaluate(
        "[document.activeElement.className, document.activeElement.innerText.trim()]"
    )
    assert link[0].startswith("md-version__link") and link[1].startswith("First version"), link
    assert page.locator(".md-version__list").is_visible()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(pages_url + "2020-07-16/plan/")
    assert page.locator(".md-version__current").inner_text().strip() == "First version"
    origin = pages_url.split(f"/{PREFIX}/")[0]
    assert all(url.startswith(origin + "/") for url in requests), requests


def test_older_version_shows_its_banner(new_page: Callable[..., Any], pages_url: str) -> None:
    page = new_page()
    page.goto(pages_url + "2020-07-16/plan/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    assert "You are reading an older version of the plan" in banner.inner_text()
    latest = banner.get_by_role("link", name="Read this page in the latest version.")
    with page.expect_navigation():
        latest.click()
    assert page.url == pages_url + "latest/plan/"
    assert page.locator("[data-md-component=outdated]").is_hidden()
    page.goto(pages_url + "2020-09-17/plan/")
    page.wait_for_selector(".md-version__current")
    assert page.locator("[data-md-component=outdated]").is_hidden()
