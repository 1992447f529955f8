"""A version title with markup, published with `planpress publish`, is text in the version
selector: Material's selector inserts the titles from versions.json as HTML."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support import MINIMAL, isolate_git, site_repository

from planpress.publishing.publish import Request, publish

from .browsing import PREFIX, pages_tree, serve

HOSTILE = "<img src=x onerror=\"window.planpressAttacked=1\"> Plan & <b>'one'</b>"


@pytest.fixture(scope="module")
def pages_url(tmp_path_factory: pytest.TempPathFactory, browser_available: None) -> Iterator[str]:
    scratch = tmp_path_factory.mktemp("titles")
    with pytest.MonkeyPatch.context() as env:
        isolate_git(env, scratch)
        meetings = MINIMAL["meetings.yml"].replace("First version", json.dumps(HOSTILE))
        repo = site_repository(scratch / "plan", ("Data", {**MINIMAL, "meetings.yml": meetings}))
        publish(Request("board-2020-07-16", repo))
    pages = pages_tree(repo, scratch)
    with serve(pages.parent) as origin:
        yield f"{origin}/{PREFIX}/"


def test_the_selector_shows_a_title_with_markup_as_text(
    new_page: Callable[..., Any], pages_url: str
) -> None:
    page = new_page()
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.goto(pages_url + "2020-07-16/plan/")
    page.wait_for_selector(".md-version__current")
    current = page.locator(".md-version__current")
    assert current.inner_text().strip().startswith(HOSTILE)
    assert page.locator(".md-version img, .md-version b").count() == 0
    links = page.eval_on_selector_all(
        ".md-version__link", "links => links.map(a => a.firstChild.textContent.trim())"
    )
    assert links == [HOSTILE]
    assert page.evaluate("window.planpressAttacked") is None
    assert not any(url.endswith("/x") for url in requests), requests
    # the page's own title and the draft label show it as text too
    assert page.locator("img[src=x]").count() == 0
