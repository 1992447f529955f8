"""Search over an index made in parts, as a plan of more than PART_SIZE actions has: the example
site indexed again in parts of 7 actions, served, and searched in Chromium. Every action is
found, whichever part holds it; the filters count the actions of every part; a filter alone
gives all of a sub-group's actions though they are spread across parts; and a search asks the
further parts only for their own small files, never for a script."""

from __future__ import annotations

import json
import math
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planpress.adapters.search import PARTS, action_records, build_index, split

from .browsing import serve
from .test_search import all_results, example_plan, open_search, search

SIZE = 7


@pytest.fixture(scope="module")
def parted(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site, its index made again in parts of SIZE actions."""
    copy = tmp_path_factory.mktemp("parted") / site.name
    shutil.copytree(site, copy)
    counts = build_index(copy, example_plan(), part_size=SIZE)
    assert counts["parts"] == math.ceil(len(example_plan().actions) / SIZE) > 2
    assert counts["actions"] == len(example_plan().actions)
    return copy


@pytest.fixture(scope="module")
def parted_url(parted: Path) -> Iterator[str]:
    with serve(parted.parent) as origin:
        yield f"{origin}/{parted.name}/"


def test_the_parts_are_listed_and_hold_only_index_files(parted: Path) -> None:
    listed = json.loads((parted / "pagefind" / PARTS).read_text(encoding="utf-8"))
    assert listed["exclude"] == {"record": "words"}  # each part's record of the site's words
    listed = listed["parts"]
    assert listed == [f"part-{n}/" for n in range(2, len(listed) + 2)]
    for part in listed:
        folder = parted / "pagefind" / part
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert "en" in entry["languages"]
        assert list(folder.glob("*.pf_meta")) and list(folder.glob("fragment/*.pf_fragment"))
        assert not list(folder.glob("*.js")) and not list(folder.glob("wasm.*"))


def test_every_action_is_found_whichever_part_holds_it(
    new_page: Any, parted_url: str, base_url: str
) -> None:
    """As it is in the index of one part: the action first, then only what mentions its id
    (a part without the id does not answer with the actions whose ids begin as it does)."""
    plan = example_plan()
    groups = {a.id: a.group for a in plan.actions}
    page, whole = new_page(), new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_search(page, parted_url)
    open_search(whole, base_url)
    parts = split(action_records(plan), SIZE)
    for part in parts:
        last = list(next(reversed(part.values())))[-1]  # the last action of each part
        found = search(page, last)
        assert found, last
        assert found[0]["href"].endswith(f"/plan/{groups[last]}/#{last}"), found
        assert found[0]["text"].startswith(last)
        assert {r["text"] for r in found} == {r["text"] for r in search(whole, last)}
    further = [url for url in asked if "/pagefind/part-" in url]
    assert any(url.endswith("/part-2/pagefind-entry.json") or "part-2/pagefind-entry.json?" in url
               for url in further), further  # fmt: skip
    assert not [url for url in further if url.split("?")[0].endswith((".js", ".pagefind"))]


def test_filters_count_and_narrow_across_the_parts(page: Any, parted_url: str) -> None:
    plan = example_plan()
    dialog = open_search(page, parted_url)
    dialog.get_by_text("Filters", exact=True).click()
    page.wait_for_function("document.querySelector('#pp-search-filter-group').options.length > 1")
    group_select = dialog.get_by_label("Sub-group", exact=True)
    options = group_select.evaluate("s => [...s.options].slice(1).map(o => o.textContent)")
    by_name = {g.name: g.id for g in plan.groups}
    counts = Counter(a.group for a in plan.actions)
    assert sum(int(text.rsplit("(", 1)[1].rstrip(")")) for text in options) == len(plan.actions)
    # a sub-group whose actions are spread across parts: all of them are found
    parts_of: dict[str, set[int]] = {}
    for number, part in enumerate(split(action_records(plan), SIZE)):
        for records in part.values():
            for record in records.values():
                parts_of.setdefault(record.filters["group"][0], set()).add(number)
    name = next(name for name, numbers in sorted(parts_of.items()) if len(numbers) > 1)
    group = by_name[name]
    group_select.select_option(name)
    page.wait_for_function(
        "n => document.querySelector('[data-pp-search-status]').textContent"
        ".startsWith(n + ' results')",
        arg=counts[group],
    )
    hrefs = {r["href"].rsplit("#", 1)[-1] for r in all_results(page)}
    assert hrefs == {a.id for a in plan.actions if a.group == group}
