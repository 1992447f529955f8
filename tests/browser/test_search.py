"""Search in a real browser: planpress's search dialog over the site's own Pagefind index.

The dialog (overrides/partials/search.html, javascripts/search.js) finds an action by its id
and by a word of its title, and its result goes to the action's card; it works from the
keyboard alone (the shortcut opens it, Tab and the arrow keys reach every result and filter,
Enter follows a result, Escape closes it and the focus goes back to the button); a filter
narrows the results; axe-core finds nothing with the dialog open and results shown, in the
light and the dark scheme and on a phone; and every request a search makes stays on the site's
origin, and asks for a few files of the index, never the whole of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from planpress.core.model import Plan
from planpress.core.plancache import require_plan

from .browsing import ROOT, WCAG_TAGS, wait_for_results

RESULT_LINKS = ".pp-search__link"


@cache
def example_plan() -> Plan:
    return require_plan(ROOT / "data")[0]


def open_search(page: Any, base_url: str, url: str = "") -> Any:
    page.goto(base_url + url)
    page.get_by_role("button", name="Search", exact=True).click()
    dialog = page.get_by_role("dialog", name="Search the plan")
    assert dialog.is_visible()
    return dialog


def search(page: Any, words: str) -> list[dict[str, str]]:
    page.locator("#pp-search-query").fill(words)
    wait_for_results(page, words)
    return results(page)


def results(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        RESULT_LINKS, "links => links.map(a => ({href: a.href, text: a.innerText}))"
    )


def all_results(page: Any) -> list[dict[str, str]]:
    """Every result, "Show more results" followed until there are no more."""
    shown = page.locator(RESULT_LINKS).count()
    more = page.locator(".pp-search__more button")
    while more.count():
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.pp-search__link').length > n", arg=shown
        )
        shown = page.locator(RESULT_LINKS).count()
    return results(page)


def title_word(plan: Plan) -> tuple[str, str]:
    """An action and a word of its title that no other action's title or summary has."""
    words: Counter[str] = Counter()
    for action in plan.actions:
        text = f"{action.title} {action.summary or ''}".lower()
        words.update(set(re.findall(r"[a-z]{6,}", text)))
    for action in plan.actions:
        for word in sorted(set(re.findall(r"[A-Za-z]{6,}", action.title)), key=len, reverse=True):
            if words[word.lower()] == 1:
                return action.id, word
    raise AssertionError("no action has a title word of its own")


def lands_on_card(page: Any, action_id: str, group: str) -> None:
    page.wait_for_url(re.compile(rf"/plan/{re.escape(group)}/#{re.escape(action_id)}$"))
    page.wait_for_load_state()
    card = page.locator(f"article.pp-action[id='{action_id}']")
    page.wait_for_function(
        "id => { const box = document.getElementById(id).getBoundingClientRect();"
        " return box.top >= 0 && box.top < innerHeight; }",
        arg=action_id,
    )
    assert card.is_visible()
    assert not page.locator("#pp-search").evaluate("d => d.open")


def test_search_finds_an_action_by_its_id_and_goes_to_its_card(page: Any, base_url: str) -> None:
    action = next(a for a in example_plan().actions if a.id == "BUS-01")
    open_search(page, base_url)
    found = search(page, action.id)
    first = found[0]
    assert first["href"].endswith(f"/plan/{action.group}/#{action.id}"), found
    assert first["text"].startswith(f"{action.id} {action.title}"), first
    assert re.match(r"\d+ results? for “BUS-01”\.", page.get_by_role("status").inner_text())
    page.locator(RESULT_LINKS).first.click()
    lands_on_card(page, action.id, action.group)


def test_search_finds_an_action_by_a_word_of_its_title(page: Any, base_url: str) -> None:
    plan = example_plan()
    action_id, word = title_word(plan)
    action = next(a for a in plan.actions if a.id == action_id)
    open_search(page, base_url, "timeline/")
    found = search(page, word.lower())
    assert found[0]["href"].endswith(f"/plan/{action.group}/#{action.id}"), (word, found)
    assert word.lower() in found[0]["text"].lower()
    page.locator(RESULT_LINKS).first.click()
    lands_on_card(page, action.id, action.group)


def test_results_are_not_repeated_by_navigation_tables_or_footer(page: Any, base_url: str) -> None:
    """An action's id finds its card once, and no page only because it lists the action in
    its navigation, a table of actions or its footer."""
    open_search(page, base_url)
    found = search(page, "BUS-01")
    cards = [r for r in found if "#BUS-01" in r["href"]]
    assert len(cards) == 1, found
    assert not any(r["href"].endswith("/plan/") for r in found), found  # only tables there
    # nor the card's own page, apart from its card: its table of actions only repeats it
    assert not any(r["href"].endswith("/plan/business-trade/") for r in found), found


@pytest.mark.parametrize("width", [1280, 375])
def test_search_works_by_keyboard_alone(
    new_page: Callable[..., Any], base_url: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 800}, reduced_motion="reduce")
    page.goto(base_url + "strategy/")
    button = page.get_by_role("button", name="Search", exact=True)
    for key in ("/", "s", "f"):
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.id") == "pp-search-query", key
        page.keyboard.press("Escape")
        assert page.evaluate("!document.getElementById('pp-search').open")
        assert button.evaluate("b => b === document.activeElement"), key
    # the button, reached by Tab from the top of the page, opens it too
    page.goto(base_url + "strategy/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "pp-search-query"
    page.keyboard.type("retrofit")
    wait_for_results(page, "retrofit")
    links = page.locator(RESULT_LINKS)
    count = links.count()
    assert count >= 2
    # the arrow keys go down the results and back up to the field
    page.keyboard.press("ArrowDown")
    assert links.nth(0).evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowDown")
    assert links.nth(1).evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "pp-search-query"
    # Tab reaches every filter (once their section is open) and every result, in the dialog
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    reached: list[str] = []
    for _ in range(count + 12):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('#pp-search')")
        reached.append(
            page.evaluate(
                "(e => e.id || e.getAttribute('href') || e.textContent.trim())"
                "(document.activeElement)"
            )
        )
    for key in ("status", "rag", "theme", "strand", "group", "owner"):
        assert f"pp-search-filter-{key}" in reached, reached
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert set(hrefs) <= set(reached), (hrefs, reached)
    # Enter on a result follows it
    page.locator("#pp-search-query").focus()
    page.keyboard.press("ArrowDown")
    target = links.nth(0).get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target


def test_a_filter_narrows_the_results(page: Any, base_url: str) -> None:
    plan = example_plan()
    dialog = open_search(page, base_url)
    everything = search(page, "skills")
    dialog.get_by_text("Filters", exact=True).click()
    status = dialog.get_by_label("Status", exact=True)
    page.wait_for_function("document.querySelector('#pp-search-filter-status').options.length > 1")
    options = status.evaluate("s => [...s.options].slice(1).map(o => [o.value, o.textContent])")
    labels = {value: text for value, text in options}
    # each value is the status's label, with how many actions have it
    assert sum(int(re.search(r"\((\d+)\)$", t).group(1)) for t in labels.values()) == len(
        plan.actions
    )
    value = max(labels, key=lambda v: int(re.search(r"\((\d+)\)$", labels[v]).group(1)))
    status.select_option(value)
    wait_for_results(page, "skills", filtered=True)
    narrowed = results(page)
    assert 0 < len(narrowed) < len(everything)
    assert all(f"· {value}" in r["text"] for r in narrowed), narrowed
    # a filter alone, with no words: exactly the actions of one sub-group, all of them
    by_group = Counter(a.group for a in plan.actions)
    group = next(g for g in plan.groups if g.id == max(by_group, key=by_group.__getitem__))
    members = [a for a in plan.actions if a.group == group.id]
    dialog.get_by_role("button", name="Clear filters").click()
    page.locator("#pp-search-query").fill("")
    dialog.get_by_label("Sub-group", exact=True).select_option(group.name)
    page.wait_for_function(
        "n => document.querySelector('[data-pp-search-status]').textContent"
        ".startsWith(n + (n === 1 ? ' result' : ' results'))",
        arg=len(members),
    )
    page.wait_for_function(  # the count is said first, then the results are shown
        "n => document.querySelectorAll('.pp-search__link').length >= Math.min(n, 10)",
        arg=len(members),
    )
    hrefs = {r["href"].rsplit("#", 1)[-1] for r in all_results(page)}
    assert hrefs == {a.id for a in members}


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("dark", 375)])
def test_search_dialog_has_no_wcag_violations(
    new_page: Callable[..., Any], base_url: str, scheme: str, width: int
) -> None:
    from importlib.resources import files

    page = new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.context.add_init_script(path=str(files("axe_playwright_python") / "axe.min.js"))
    dialog = open_search(page, base_url, "plan/")
    search(page, "retrofit")
    dialog.get_by_text("Filters", exact=True).click()
    page.wait_for_function("document.querySelector('#pp-search-filter-status').options.length > 1")
    assert page.evaluate("document.body.dataset.mdColorScheme") == (
        "slate" if scheme == "dark" else "default"
    )
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(document, options)", options)["violations"]
    problems = [
        f"{v['id']} ({v['impact']}) at {node['target']}: {v['help']}"
        for v in violations
        for node in v["nodes"]
    ]
    assert not problems, f"axe-core, {scheme} at {width} px:\n" + "\n".join(problems)


def test_a_search_asks_only_the_site_and_only_part_of_the_index(
    new_page: Callable[..., Any], origin: str, base_url: str
) -> None:
    page = new_page()
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    open_search(page, base_url)
    search(page, "BUS-01")
    page.get_by_text("Filters", exact=True).click()
    page.wait_for_function("document.querySelector('#pp-search-filter-status').options.length > 1")
    page.get_by_label("Status", exact=True).select_option(index=1)
    wait_for_results(page, "BUS-01", filtered=True)
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(origin + "/")] == []
    index = [url for url in requests if "/pagefind/" in url]
    assert any(url.endswith("/pagefind/pagefind.js") for url in index)
    assert any("/pagefind/index/" in url for url in index)
    assert any("/pagefind/fragment/" in url for url in index)
    assert not any("search_index.json" in url for url in requests)
    assert page.context.cookies() == []
