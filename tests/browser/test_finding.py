"""Finding things: the tables of actions filtered and sorted in the browser.

(Search, which finds an action by its id and by a word of its title, is in test_search.py.)
The tables of actions can be filtered by status, theme, sub-group and owner, and sorted by any
column, by docs/javascripts/tables.js, which the site serves itself; without JavaScript every
table is there in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from planpress.core.model import Plan
from planpress.core.plancache import require_plan

from .browsing import ROOT


@cache
def example_plan() -> Plan:
    return require_plan(ROOT / "data")[0]


def visible_actions(page: Any, form: Any) -> list[dict[str, str]]:
    """The actions shown (ids and data attributes) in the tables that `form` filters."""
    return form.evaluate(
        """form => {
          const tables = form.nextElementSibling;
          return [...tables.querySelectorAll("tbody tr[data-status]")]
            .filter(row => row.offsetParent !== null)
            .map(row => ({id: row.querySelector("th").innerText.trim(), ...row.dataset}));
        }"""
    )


@pytest.mark.parametrize("key", ["status", "theme", "group", "owner"])
def test_action_tables_filter_by(page: Any, base_url: str, key: str) -> None:
    plan = example_plan()
    page.goto(base_url + "plan/")
    form = page.locator("form.pp-filter").first
    label = {"status": "Status", "theme": "Theme", "group": "Sub-group", "owner": "Owner"}[key]
    select = form.get_by_label(label, exact=True)
    everything = {row["id"] for row in visible_actions(page, form)}
    assert everything == {a.id for a in plan.actions}
    counts: dict[str, int] = {}
    for action in plan.actions:
        counts[getattr(action, key)] = counts.get(getattr(action, key), 0) + 1
    value = max(counts, key=lambda v: (counts[v] < len(plan.actions), counts[v]))
    select.select_option(value)
    shown = visible_actions(page, form)
    assert {row["id"] for row in shown} == {a.id for a in plan.actions if getattr(a, key) == value}
    assert all(row[key] == value for row in shown)
    assert form.get_by_role("status").inner_text() == (
        f"Showing {counts[value]} of {len(plan.actions)} actions."
    )
    from playwright.sync_api import expect

    form.get_by_role("button", name="Show all").click()
    # the form's values are reset after its reset event: the tables follow a moment later
    expect(form.get_by_role("status")).to_have_text(f"Showing all {len(plan.actions)} actions.")
    assert {row["id"] for row in visible_actions(page, form)} == everything


def test_filters_combine_and_tables_left_empty_are_hidden(page: Any, base_url: str) -> None:
    plan = example_plan()
    page.goto(base_url + "plan/")
    assert page.locator("form.pp-filter").count() == 1  # one form for the three sets
    form = page.locator("form.pp-filter").first
    action = plan.actions[0]
    form.get_by_label("Status", exact=True).select_option(action.status)
    form.get_by_label("Owner", exact=True).select_option(action.owner)
    expected = {a.id for a in plan.actions if (a.status, a.owner) == (action.status, action.owner)}
    assert {row["id"] for row in visible_actions(page, form)} == expected
    tables = form.evaluate(  # the tables by group, the second set
        "form => [...document.querySelectorAll('.pp-action-tables')[1].querySelectorAll('table')]"
        ".map(t => ({shown: t.offsetParent !== null, caption: t.caption.innerText}))"
    )
    groups = {a.group for a in plan.actions if a.id in expected}
    assert sum(t["shown"] for t in tables) == len(groups)
    assert all(re.search(r": \d+ shown", t["caption"]) for t in tables if t["shown"])


def column(table: Any, name: str) -> list[str]:
    """The sort values (or else the text) of the column whose heading starts with `name`."""
    return table.evaluate(
        """(t, name) => {
          const index = [...t.tHead.rows[0].cells]
            .findIndex(th => th.textContent.trim().startsWith(name));
          return [...t.tBodies[0].rows]
            .map(r => r.cells[index].dataset.sort ?? r.cells[index].textContent.trim());
        }""",
        name,
    )


def test_action_tables_sort_by_any_column(page: Any, base_url: str) -> None:
    page.goto(base_url + "plan/skills-employment/")
    table = page.locator("table:has(tbody tr[data-status])").first
    due = table.locator("thead th").filter(has_text="Due")
    ids = column(table, "Id")
    due.get_by_role("button").click()
    assert due.get_attribute("aria-sort") == "ascending"
    dates = column(table, "Due")
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated last
    due.get_by_role("button").click()
    assert due.get_attribute("aria-sort") == "descending"
    dates = column(table, "Due")
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated
    by_id = table.locator("thead th").filter(has_text="Id")
    by_id.get_by_role("button").click()
    assert by_id.get_attribute("aria-sort") == "ascending"
    assert column(table, "Id") == sorted(ids)
    assert due.get_attribute("aria-sort") is None


def test_tables_are_readable_without_javascript(
    new_page: Callable[..., Any], base_url: str
) -> None:
    plan = example_plan()
    page = new_page(java_script_enabled=False)
    page.goto(base_url + "plan/")
    assert page.locator("form.pp-filter").count() == 0
    assert page.locator("button.pp-sort").count() == 0
    sets = page.locator(".pp-action-tables")
    assert sets.count() == 3  # by theme, by group, by owner
    for index in range(3):
        rows = sets.nth(index).locator("tbody tr")
        assert rows.count() == len(plan.actions)
        assert all(rows.nth(i).is_visible() for i in range(rows.count()))
    assert page.get_by_role("table", name=re.compile(r"^Theme: ")).first.is_visible()
