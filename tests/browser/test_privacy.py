"""Privacy in a real browser: search asks nothing from elsewhere and sets no cookie, and the
home page's weight is measured (written to test-output/browser/page-weight.json).

The crawl of every page (tests/browser/test_accessibility.py, which reads it for axe-core too)
checks that no request leaves the site's origin and that no cookie is set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .browsing import wait_for_results

# What the home page may load, in bytes of HTML, CSS and JavaScript (Material's own bundle is
# most of it). A budget, so that a change that doubles it is noticed.
HOME_BUDGET = 500_000


def test_search_asks_nothing_from_elsewhere_and_sets_no_cookie(
    new_page: Callable[..., Any], origin: str, base_url: str
) -> None:
    page = new_page()
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("#pp-search-query").fill("retrofit")
    wait_for_results(page, "retrofit")
    page.wait_for_load_state("networkidle")
    # the site's own index, in part (Pagefind's files), never the whole site's text in one file
    assert any(url.endswith("/pagefind/pagefind.js") for url in requests)
    assert not any(url.endswith("/search/search_index.json") for url in requests)
    assert [url for url in requests if not url.startswith(origin + "/")] == []
    assert page.context.cookies() == [] and page.evaluate("document.cookie") == ""


def test_home_page_weight(new_page: Callable[..., Any], base_url: str, output: Path) -> None:
    page = new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    weight: dict[str, int] = {}
    files: dict[str, int] = {}
    for response in responses:
        kind = {"document": "html", "stylesheet": "css", "script": "js"}.get(
            response.request.resource_type, "other"
        )
        size = len(response.body()) if response.status == 200 else 0
        weight[kind] = weight.get(kind, 0) + size
        files[response.url.split("/planpress/", 1)[-1] or "/"] = size
    weight["html+css+js"] = weight.get("html", 0) + weight.get("css", 0) + weight.get("js", 0)
    (output / "page-weight.json").write_text(
        json.dumps({"home": weight, "files": files}, indent=2) + "\n"
    )
    assert weight["html"] and weight["css"] and weight["js"]
    assert weight["html+css+js"] < HOME_BUDGET, weight
