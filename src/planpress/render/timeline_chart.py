"""The timeline chart's geometry: a static SVG drawn at build time (templates/timeline.html).

The chart needs no JavaScript. It has a time axis (quarters or years), one row per action
grouped by the group that owns it (a bar from start to due; a marker when only one date is
known) and a row per milestone. Status is shown by the bar's pattern and by a word beside it,
so the chart reads in print and without colour. A large plan gets one bar per group.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from planpress.core.model import Action
from planpress.render.index import groups_with_pages
from planpress.render.site import Site
from planpress.render.text import date_key, plain_label
from planpress.render.timeline_dates import (
    add_months,
    describe_dates,
    group_span,
    month_words,
    months_between,
    span_of,
    span_words,
)

WIDTH = 960
LABEL_WIDTH = 330
PLOT_X0 = LABEL_WIDTH + 10
PLOT_WIDTH = WIDTH - PLOT_X0 - 16
AXIS_HEIGHT = 44
ROW_HEIGHT = 22
BAR_HEIGHT = 12
LABEL_CHARS = 46
LEGEND_COLUMN = 160
LEGEND_ROW = 22

# How each status is drawn; the legend repeats it in words.
STATUS_STYLE = {
    "complete": "solid",
    "in-progress": "hatch",
    "planned": "outline",
    "proposed": "dashed",
    "paused": "cross",
    "cancelled": "dotted",
}


@dataclass
class Axis:
    """Tick lines (x, major?), labels (x of their centre, words) and shaded bands (x, width)."""

    ticks: list[tuple[float, bool]] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    bands: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Row:
    """One line of the chart: a heading, an action or a milestone."""

    kind: str  # "heading", "action" or "milestone"
    y: float
    label: str
    full_label: str = ""
    style: str = ""
    marker: str = ""  # "bar", "start", "due", "milestone" or "none"
    x1: float = 0.0
    x2: float = 0.0
    note: str = ""
    note_x: float = 0.0
    note_anchor: str = "start"
    tooltip: str = ""


@dataclass
class Chart:
    height: float
    rows: list[Row] = field(default_factory=list)
    axis: Axis = field(default_factory=Axis)
    legend: list[tuple[float, float, str, str]] = field(default_factory=list)
    first: str = ""
    last: str = ""


def _truncate(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _axis(start: date, end: date, x: Callable[[date], float]) -> Axis:
    """Quarters (labelled by month) for up to two years, else years (every n years if long)."""
    months = months_between(start, end)
    if months <= 24:
        minor_step, years_per_label = 1, 0
    else:
        minor_step, years_per_label = 3, max(1, math.ceil(months / 120))

    def is_major(day: date) -> bool:
        if not years_per_label:
            return (day.month - 1) % 3 == 0
        return day.month == 1 and (day.year - start.year) % years_per_label == 0

    axis = Axis()
    majors: list[date] = []
    for offset in range(0, months + 1, minor_step):
        day = add_months(start, offset)
        axis.ticks.append((x(day), is_major(day)))
        if is_major(day) and day < end:
            majors.append(day)
    if not majors or majors[0] != start:
        majors.insert(0, start)
    for index, day in enumerate(majors):
        following = majors[index + 1] if index + 1 < len(majors) else end
        left, right = x(day), x(following)
        if years_per_label:
            label = str(day.year)
        else:
            label = f"{calendar.month_abbr[day.month]} {day.year}"
        if right - left >= 30:
            axis.labels.append(((left + right) / 2, label))
        if index % 2 == 0:
            axis.bands.append((left, round(right - left, 1)))
    return axis


def _place_note(row: Row, text: str, reach: tuple[float, float] = (0, 0)) -> None:
    """Put a word (a status or date) beside the mark, on whichever side has room.

    `reach` is how far the mark extends left and right of `x1` and `x2` (a marker's arrow).
    """
    right_edge = PLOT_X0 + PLOT_WIDTH
    room = 6.2 * len(text) + 8
    left, right = row.x1 - reach[0], row.x2 + reach[1]
    row.note = text
    if right + room <= right_edge:
        row.note_x, row.note_anchor = right + 5, "start"
    elif left - room >= PLOT_X0:
        row.note_x, row.note_anchor = left - 5, "end"
    else:
        row.note_x, row.note_anchor = right_edge, "end"


def build_chart(site: Site) -> Chart | None:
    """The chart's geometry, in SVG user units; None when nothing has a date."""
    plan = site.plan
    milestones = sorted(plan.milestones, key=lambda m: (m.date.first_day, m.id))
    span = span_of(plan.actions, milestones)
    if span is None:
        return None
    start, end = span
    total_days = (end - start).days

    def x(day: date) -> float:
        return round(PLOT_X0 + (day - start).days / total_days * PLOT_WIDTH, 1)

    chart = Chart(height=0)
    chart.axis = _axis(start, end, x)
    y = AXIS_HEIGHT
    if milestones:
        chart.rows.append(Row("heading", y, "Milestones"))
        y += ROW_HEIGHT
        for milestone in milestones:
            label = f"{milestone.date.human()}: {milestone.title}"
            row = Row("milestone", y, _truncate(label), " ".join(label.split()), marker="milestone")
            row.x1 = row.x2 = x(milestone.date.first_day)
            row.tooltip = row.full_label
            _place_note(row, milestone.date.human(), reach=(8, 8))
            chart.rows.append(row)
            y += ROW_HEIGHT
    if site.lists_every_action:  # a row per action, under its group's heading
        for group in groups_with_pages(plan):
            chart.rows.append(Row("heading", y, _truncate(group.name, 120), group.name))
            y += ROW_HEIGHT
            actions = sorted(
                site.actions_of_group(group.id), key=lambda a: (date_key(a.start or a.due), a.id)
            )
            for action in actions:
                chart.rows.append(_action_row(action, y, x))
                y += ROW_HEIGHT
    else:  # a large plan: one bar per group, its actions on its page
        chart.rows.append(Row("heading", y, "Groups: each bar spans the group's dated actions"))
        y += ROW_HEIGHT
        for group in groups_with_pages(plan):
            chart.rows.append(_group_row(site.actions_of_group(group.id), group.name, y, x))
            y += ROW_HEIGHT
    y += 12
    chart.legend = _legend(site, y)
    rows_of_legend = math.ceil(len(chart.legend) / (WIDTH // LEGEND_COLUMN)) if chart.legend else 0
    chart.height = y + rows_of_legend * LEGEND_ROW + 8
    chart.first, chart.last = span_words(start, end)
    return chart


def _action_row(action: Action, y: float, x: Callable[[date], float]) -> Row:
    """An action as a bar from start to due, or a marker at its one date; its status beside."""
    label = f"{action.id} {action.title}"
    status = plain_label(action.status)
    row = Row("action", y, _truncate(label), " ".join(label.split()))
    row.style = STATUS_STYLE.get(action.status, "outline")
    row.tooltip = f"{row.full_label}: {describe_dates(action)}; {status.lower()}"
    if action.start and action.due:
        row.marker = "bar"
        row.x1 = x(action.start.first_day)
        row.x2 = max(x(action.due.last_day + timedelta(days=1)), row.x1 + 3)
    elif action.start:
        row.marker = "start"
        row.x1 = row.x2 = x(action.start.first_day)
    elif action.due:
        row.marker = "due"
        row.x1 = row.x2 = x(action.due.last_day)
    else:
        row.marker = "none"
        row.x1 = row.x2 = PLOT_X0
        row.note, row.note_x = "No dates set", PLOT_X0 + 4
    if row.marker == "bar":
        _place_note(row, status)
    elif row.marker == "start":  # a dot, then an arrow to the right
        _place_note(row, status, reach=(6, 18))
    elif row.marker == "due":  # an arrow from the left, then a square
        _place_note(row, status, reach=(18, 6))
    return row


def _group_row(actions: list[Action], name: str, y: float, x: Callable[[date], float]) -> Row:
    """A group as one bar, from its actions' first date to their last."""
    count = f"{len(actions)} {'action' if len(actions) == 1 else 'actions'}"
    row = Row("group", y, _truncate(name), " ".join(name.split()), style="outline")
    span = group_span(actions)
    if span is None:
        row.marker, row.x1, row.x2 = "none", PLOT_X0, PLOT_X0
        row.note, row.note_x = f"{count}, no dates set", PLOT_X0 + 4
        row.tooltip = f"{row.full_label}: {row.note}"
        return row
    first, last = span
    row.marker = "bar"
    row.x1 = x(first)
    row.x2 = max(x(last + timedelta(days=1)), row.x1 + 3)
    row.tooltip = f"{row.full_label}: {count}, {month_words(first)} to {month_words(last)}"
    _place_note(row, count)
    return row


def _legend(site: Site, top: float) -> list[tuple[float, float, str, str]]:
    """(x, y, kind, words) for each legend entry: statuses in use, then the markers in use."""
    if not site.lists_every_action:  # one bar per group (the long entry last, with room)
        entries = [("milestone", "Milestone")] if site.plan.milestones else []
        entries.append(("bar-outline", "A group's actions, from the first date to the last"))
        return [
            (10 + i * LEGEND_COLUMN, top, kind, words) for i, (kind, words) in enumerate(entries)
        ]
    used = {a.status for a in site.plan.actions if a.start and a.due}
    entries = [
        (f"bar-{STATUS_STYLE[status]}", plain_label(status))
        for status in STATUS_STYLE
        if status in used
    ]
    if any(bool(a.start) != bool(a.due) for a in site.plan.actions):
        if any(a.start and not a.due for a in site.plan.actions):
            entries.append(("start", "Start date only"))
        if any(a.due and not a.start for a in site.plan.actions):
            entries.append(("due", "Due date only"))
    if site.plan.milestones:
        entries.append(("milestone", "Milestone"))
    per_row = WIDTH // LEGEND_COLUMN
    placed: list[tuple[float, float, str, str]] = []
    for index, (kind, words) in enumerate(entries):
        column, line = index % per_row, index // per_row
        placed.append((10 + column * LEGEND_COLUMN, top + line * LEGEND_ROW, kind, words))
    return placed
