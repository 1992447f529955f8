"""The bar charts: actions by status and by RAG rating for each group, budget and funding by
theme, and the prospectus's asks by theme. Each gives a `Chart` (`figure`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from planpress.core.delivery import DONE, RAGS, STATUSES, Rollup, rollups_by
from planpress.render import asks
from planpress.render.charts.bar_layout import Category, Value, bar_layout
from planpress.render.charts.figure import Chart, chart_macros, figures_table, listing, plural
from planpress.render.charts.frame import Series
from planpress.render.index import groups_with_pages
from planpress.render.site import Site
from planpress.render.text import percent

STATUS_SERIES = {
    "proposed": Series("status-proposed", "Proposed", "dots", "#e2e8f0", "#334155"),
    "planned": Series("status-planned", "Planned", "vertical", "#bfdbfe", "#1e40af"),
    "in-progress": Series("status-in-progress", "In progress", "diagonal", "#fde68a", "#92400e"),
    "complete": Series("status-complete", "Complete", "solid", "#15803d", "#15803d"),
    "paused": Series("status-paused", "Paused", "horizontal", "#e9d5ff", "#6b21a8"),
    "cancelled": Series("status-cancelled", "Cancelled", "cross", "#f1f5f9", "#64748b"),
}
RAG_SERIES = {
    "red": Series("rag-red", "Red", "cross", "#fca5a5", "#991b1b"),
    "amber": Series("rag-amber", "Amber", "diagonal", "#fcd34d", "#92400e"),
    "green": Series("rag-green", "Green", "solid", "#16a34a", "#16a34a"),
    "none": Series("rag-none", "Not rated", "dots", "#e2e8f0", "#475569"),
}
BUDGET = Series("money-budget", "Budget", "diagonal", "#bfdbfe", "#1e40af")
FUNDED = Series("money-funded", "Funding secured", "solid", "#1d4ed8", "#1d4ed8")
ASKED = Series("money-asked", "Amount asked", "solid", "#1d4ed8", "#1d4ed8")

BARS_HOW = (
    "The number in each part of a bar is written on it where it fits, and the total beside the "
    "bar; the table after the chart gives every figure."
)


def _bar_chart(
    chart_id: str,
    title: str,
    summary: str,
    how: str,
    categories: Sequence[Category],
    series: Sequence[Series],
    table: Markup,
) -> Chart:
    drawn = bar_layout(categories, series)
    svg: Markup = chart_macros().bars(chart_id, title, f"{summary} {how}", drawn)
    return Chart(chart_id, title, summary, svg, table)


def _counts_by_group(
    site: Site,
    rollups: Sequence[Rollup],
    counts: Sequence[tuple[str, Series]],
    of: str,
) -> tuple[list[Category], list[tuple[str, list[str]]]]:
    """One stacked bar per group of the figures `of` each roll-up (`statuses` or `rags`)."""
    categories, rows = [], []
    for found in rollups:
        name = site.name("group", found.key)
        tally = getattr(found, of)
        values = tuple(
            Value(s, tally[key], f"{tally[key]:,}", f"{tally[key]:,} {s.label.lower()}")
            for key, s in counts
            if tally[key]
        )
        total = sum(tally[key] for key, _ in counts)
        categories.append(Category(name, (values,), (plural(total, "action"),)))
        rows.append((name, [f"{tally[key]:,}" for key, _ in counts] + [f"{total:,}"]))
    return categories, rows


def status_by_group(site: Site, as_at: date) -> Chart | None:
    """Each group's actions as a bar, in parts by status (None when there are no actions)."""
    rollups = _group_rollups(site, as_at, active_only=False)
    if not rollups:
        return None
    used = [(s, STATUS_SERIES[s]) for s in STATUSES if any(r.statuses[s] for r in rollups)]
    categories, rows = _counts_by_group(site, rollups, used, "statuses")
    total = sum(r.actions for r in rollups)
    parts = [
        f"{sum(r.statuses[s] for r in rollups):,} {series.label.lower()}" for s, series in used
    ]
    title = "Actions by status and group"
    summary = f"{plural(total, 'action')} in {plural(len(rollups), 'group')}: {listing(parts)}."
    columns = [("Group", False), *((s.label, True) for _, s in used), ("Total", True)]
    how = f"One bar per group, divided by status. {BARS_HOW}"
    table = figures_table(title, columns, rows)
    return _bar_chart(
        "chart-status-by-group", title, summary, how, categories, [s for _, s in used], table
    )


def _group_rollups(site: Site, as_at: date, *, active_only: bool) -> list[Rollup]:
    """Roll-ups by group, for groups that own actions (of actions not complete or cancelled
    only, with `active_only`)."""
    keys = [g.id for g in groups_with_pages(site.plan)]

    def group_of(action: Any) -> str | None:
        return None if active_only and action.status in DONE else str(action.group)

    return rollups_by(site.plan, group_of, keys, as_at)


def rag_by_group(site: Site, as_at: date) -> Chart | None:
    """The RAG ratings of each group's actions still under way (None when none is)."""
    rollups = _group_rollups(site, as_at, active_only=True)
    if not rollups:
        return None
    counts = [(r, RAG_SERIES[r]) for r in (*RAGS, "none")]
    categories, rows = _counts_by_group(site, rollups, counts, "rags")
    total = sum(r.actions for r in rollups)
    parts = [f"{sum(r.rags[k] for r in rollups):,} {s.label.lower()}" for k, s in counts]
    title = "RAG ratings of actions under way, by group"
    summary = (
        f"{plural(total, 'action')} under way (not complete or cancelled) in "
        f"{plural(len(rollups), 'group')}: {listing(parts)}."
    )
    columns = [("Group", False), *((s.label, True) for _, s in counts), ("Total", True)]
    how = f"One bar per group, divided by RAG rating. {BARS_HOW}"
    table = figures_table(title, columns, rows)
    return _bar_chart(
        "chart-rag-by-group", title, summary, how, categories, [s for _, s in counts], table
    )


def budget_by_theme(site: Site) -> Chart | None:
    """Per theme, its actions' budgets and the funding secured (None when no action has any)."""
    found = []
    for theme in site.plan.plan.themes:
        budgets = [a.budget for a in site.plan.actions if a.theme == theme.id and a.budget]
        amount = sum(b.amount or 0 for b in budgets)
        funded = sum(b.funded or 0 for b in budgets)
        if amount or funded:
            found.append((theme.name, amount, funded))
    if not found:
        return None
    categories, rows = [], []
    for name, amount, funded in found:
        share = percent(funded, amount)
        budget_words, funded_words = site.money(amount), site.money(funded)
        secured = f"{funded_words} secured" + (f" ({share})" if share else "")
        categories.append(
            Category(
                name,
                (
                    (Value(BUDGET, amount, "", f"budget {budget_words}"),) if amount else (),
                    (Value(FUNDED, funded, "", secured),) if funded else (),
                ),
                (f"{budget_words} budget", secured),
            )
        )
        rows.append((name, [budget_words, funded_words, share or "–"]))
    amount, funded = sum(f[1] for f in found), sum(f[2] for f in found)
    share = percent(funded, amount)
    title = "Budget and funding secured, by theme"
    summary = (
        f"Budgets of {site.money(amount)} across {plural(len(found), 'theme')}, of which "
        f"{site.money(funded)}{f' ({share})' if share else ''} is secured."
    )
    columns = [("Theme", False), ("Budget", True), ("Funding secured", True), ("Share", True)]
    how = (
        "Two bars per theme: the total of its actions' budgets, and the funding secured, each "
        "with its amount beside it; the table after the chart gives every figure."
    )
    table = figures_table(title, columns, rows)
    return _bar_chart(
        "chart-budget-by-theme", title, summary, how, categories, [BUDGET, FUNDED], table
    )


def asks_by_theme(site: Site) -> Chart | None:
    """The prospectus's investment asks, summed by theme (None when there are none)."""
    themes = asks.asks_by_theme(site.plan)
    if not themes:
        return None
    categories, rows = [], []
    for group in themes:
        count, money = len(group.actions), site.money(group.total)
        note = f"{money} ({plural(count, 'ask')})"
        value = Value(ASKED, group.total, "", f"{money} asked, {plural(count, 'ask')}")
        categories.append(Category(group.theme.name, ((value,) if group.total else (),), (note,)))
        rows.append((group.theme.name, [f"{count:,}", money]))
    count = sum(len(g.actions) for g in themes)
    total = sum(g.total for g in themes)
    parts = [f"{g.theme.name} {site.money(g.total)}" for g in themes]
    title = "Amount asked, by theme"
    summary = f"{plural(count, 'investment ask')} totalling {site.money(total)}: {listing(parts)}."
    how = (
        "One bar per theme, the amount asked and the number of asks beside it; the table after "
        "the chart gives every figure."
    )
    columns = [("Theme", False), ("Asks", True), ("Amount asked", True)]
    table = figures_table(title, columns, rows)
    return _bar_chart("chart-asks-by-theme", title, summary, how, categories, [ASKED], table)
