"""Static SVG charts drawn at build time: no JavaScript, nothing fetched.

Each function gives a `Chart`: the SVG (with its title and description), a sentence or two
saying what it shows, and a table holding exactly its figures, so that it reads without
colour, without seeing the picture, and in print. Every value from data is escaped by the
templates (templates/charts.html); the geometry is render/chart_layout.py's. Nothing here reads
the clock: the date a chart is as at is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from planpress.core.delivery import (
    DONE,
    RAGS,
    STATUSES,
    Rollup,
    indicator_values,
    position,
    rollups_by,
)
from planpress.core.model import Indicator, PlanDate
from planpress.render import asks as prospectus_asks
from planpress.render import chart_layout as layout
from planpress.render.chart_layout import Category, Mark, Series, Value
from planpress.render.environment import ENV
from planpress.render.index import groups_with_pages
from planpress.render.site import Site
from planpress.render.text import format_measure, percent

TEMPLATE = "charts.html"

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


@lru_cache(maxsize=1)
def _macros() -> Any:
    """The macros of templates/charts.html, with the chart's sizes."""
    sizes = {
        "width": layout.WIDTH,
        "pad": layout.PAD,
        "font": layout.FONT,
        "bar_height": layout.BAR,
        "chip": layout.CHIP,
    }
    return ENV.get_template(TEMPLATE).make_module(vars=sizes)


@dataclass(frozen=True)
class Chart:
    """A chart, its text alternative and its figures as a table."""

    id: str  # the figure's HTML id; the ids inside the SVG start with it
    title: str
    summary: str  # what the chart shows, and its main figures, in a sentence or two
    svg: Markup
    table: Markup

    def figure(self) -> Markup:
        """The chart as a `<figure>`: the SVG, a caption (title and summary), then its table."""
        made: Markup = _macros().figure(self)
        return made


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _listing(parts: Sequence[str]) -> str:
    """`a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _table(caption: str, columns: Sequence[tuple[str, bool]], rows: Sequence[Any]) -> Markup:
    made: Markup = _macros().table(caption, list(columns), list(rows))
    return made


def _bar_chart(
    chart_id: str,
    title: str,
    summary: str,
    how: str,
    categories: Sequence[Category],
    series: Sequence[Series],
    table: Markup,
) -> Chart:
    drawn = layout.bar_layout(categories, series)
    svg: Markup = _macros().bars(chart_id, title, f"{summary} {how}", drawn)
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
        categories.append(Category(name, (values,), (_plural(total, "action"),)))
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
    summary = f"{_plural(total, 'action')} in {_plural(len(rollups), 'group')}: {_listing(parts)}."
    columns = [("Group", False), *((s.label, True) for _, s in used), ("Total", True)]
    how = f"One bar per group, divided by status. {BARS_HOW}"
    table = _table(title, columns, rows)
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
        f"{_plural(total, 'action')} under way (not complete or cancelled) in "
        f"{_plural(len(rollups), 'group')}: {_listing(parts)}."
    )
    columns = [("Group", False), *((s.label, True) for _, s in counts), ("Total", True)]
    how = f"One bar per group, divided by RAG rating. {BARS_HOW}"
    table = _table(title, columns, rows)
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
        f"Budgets of {site.money(amount)} across {_plural(len(found), 'theme')}, of which "
        f"{site.money(funded)}{f' ({share})' if share else ''} is secured."
    )
    columns = [("Theme", False), ("Budget", True), ("Funding secured", True), ("Share", True)]
    how = (
        "Two bars per theme: the total of its actions' budgets, and the funding secured, each "
        "with its amount beside it; the table after the chart gives every figure."
    )
    table = _table(title, columns, rows)
    return _bar_chart(
        "chart-budget-by-theme", title, summary, how, categories, [BUDGET, FUNDED], table
    )


def asks_by_theme(site: Site) -> Chart | None:
    """The prospectus's investment asks, summed by theme (None when there are none)."""
    themes = prospectus_asks.asks_by_theme(site.plan)
    if not themes:
        return None
    categories, rows = [], []
    for group in themes:
        count, money = len(group.actions), site.money(group.total)
        note = f"{money} ({_plural(count, 'ask')})"
        value = Value(ASKED, group.total, "", f"{money} asked, {_plural(count, 'ask')}")
        categories.append(Category(group.theme.name, ((value,) if group.total else (),), (note,)))
        rows.append((group.theme.name, [f"{count:,}", money]))
    count = sum(len(g.actions) for g in themes)
    total = sum(g.total for g in themes)
    parts = [f"{g.theme.name} {site.money(g.total)}" for g in themes]
    title = "Amount asked, by theme"
    summary = (
        f"{_plural(count, 'investment ask')} totalling {site.money(total)}: {_listing(parts)}."
    )
    how = (
        "One bar per theme, the amount asked and the number of asks beside it; the table after "
        "the chart gives every figure."
    )
    columns = [("Theme", False), ("Asks", True), ("Amount asked", True)]
    table = _table(title, columns, rows)
    return _bar_chart("chart-asks-by-theme", title, summary, how, categories, [ASKED], table)


# ---------------------------------------------------------------- an indicator over time


def _day_words(day: date) -> str:
    return PlanDate(day.year, day.month, day.day).human()


def indicator_chart(site: Site, indicator: Indicator, as_at: date) -> Chart:
    """An indicator as a line: its baseline and the values measured by `as_at`, the target,
    the straight "expected" line from baseline to target, and the as-at date."""
    unit = indicator.unit
    points = indicator_values(indicator, as_at)
    target = indicator.target
    measured = []
    rows: list[tuple[str, list[str]]] = []
    for index, (when, value) in enumerate(points):
        what = "Baseline" if index == 0 else "Measured"
        written = format_measure(value, unit)
        measured.append(Mark(when.first_day, value, written, f"{what}: {written}, {when.human()}"))
        rows.append((what, [when.human(), written]))
    target_mark = None
    if target is not None:
        written = format_measure(target.value, unit)
        words = f"Target: {written} by {target.date.human()}"
        target_mark = Mark(target.date.first_day, target.value, words, words)
        rows.append(("Target", [target.date.human(), written]))
    values = [v for _, v in points] + ([target.value] if target else [])
    ticks = {t: format_measure(t, "count") for t in layout.value_ticks(values)}
    as_at_words = _day_words(as_at)
    drawn = layout.line_layout(measured, target_mark, as_at, f"As at {as_at_words}", ticks)
    title = " ".join(indicator.name.split())
    summary = _indicator_summary(indicator, as_at, as_at_words)
    how = (
        "A line chart over time: the baseline and the values measured since as a solid line "
        "with a dot at each value"
        + (
            ", the target as a diamond, and a dashed straight line from the baseline to the "
            "target showing the expected path"
            if target
            else ""
        )
        + "; a dotted vertical line marks the as-at date. The table after the chart gives "
        "every value."
    )
    chart_id = f"chart-indicator-{indicator.id}"
    svg: Markup = _macros().line(chart_id, title, f"{summary} {how}", drawn)
    columns = [("Value", False), ("Date", False), ("Figure", True)]
    table = _table(f"{title}: values as at {as_at_words}", columns, rows)
    return Chart(chart_id, title, summary, svg, table)


def _values(indicator: Indicator) -> list[float]:
    found = [indicator.baseline.value, *(v.value for v in indicator.values or [])]
    return found + ([indicator.target.value] if indicator.target else [])


def _indicator_summary(indicator: Indicator, as_at: date, as_at_words: str) -> str:
    unit = indicator.unit
    found = position(indicator, as_at)
    base = indicator.baseline
    latest = format_measure(found.value, unit)
    if found.date == base.date:
        text = (
            f"As at {as_at_words}, no value has been measured since the baseline of {latest} "
            f"({base.date.human()})"
        )
    else:
        text = (
            f"As at {as_at_words}, the latest value is {latest} ({found.date.human()}), from a "
            "baseline of "
            f"{format_measure(base.value, unit)} ({base.date.human()})"
        )
    target = indicator.target
    if target is None:
        return f"{text}. No target is set."
    text += f"; the target is {format_measure(target.value, unit)} by {target.date.human()}."
    if found.towards_target is not None and found.expected is not None:
        text += f" That is {found.towards_target:.0f}% of the way from the baseline to the target, "
        whole = all(isinstance(v, int) or v.is_integer() for v in _values(indicator))
        expected = format_measure(
            round(found.expected) if whole else round(found.expected, 1), unit
        )
        if found.on_track:
            text += f"on or ahead of the expected path ({expected} by then)."
        else:
            text += f"behind the expected path ({expected} by then)."
    return text


__all__ = [
    "Chart",
    "asks_by_theme",
    "budget_by_theme",
    "indicator_chart",
    "rag_by_group",
    "status_by_group",
]
