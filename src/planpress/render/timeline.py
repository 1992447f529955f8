"""The timeline: a static SVG chart drawn at build time, and the same facts as a table.

The chart needs no JavaScript. It has a time axis (quarters or years), one row per action
grouped by the group that owns it (a bar from start to due; a marker when only one date is
known) and a row per milestone. Status is shown by the bar's pattern and by a word beside it,
so the chart reads in print and without colour. The table lists everything in date order.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from planpress.core.model import Action, Group, Milestone, PlanDate
from planpress.render.site import Site, date_key, groups_with_pages, plain_label, render_template

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


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _span_of(actions: list[Action], milestones: list[Milestone]) -> tuple[date, date] | None:
    """First day of the first quarter, and first day after the last quarter, that anything spans."""
    dates: list[PlanDate] = [m.date for m in milestones]
    for action in actions:
        dates.extend(d for d in (action.start, action.due) if d is not None)
    if not dates:
        return None
    first = min(d.first_day for d in dates)
    last = max(d.last_day for d in dates)
    return _quarter_start(first), _add_months(_quarter_start(last), 3)


def _axis(start: date, end: date, x: Callable[[date], float]) -> Axis:
    """Quarters (labelled by month) for up to two years, else years (every n years if long)."""
    months = _months_between(start, end)
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
        day = _add_months(start, offset)
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


def _describe_dates(action: Action) -> str:
    if action.start and action.due:
        return f"{action.start.human()} to {action.due.human()}"
    if action.start:
        return f"starts {action.start.human()}, no due date"
    if action.due:
        return f"due {action.due.human()}, no start date"
    return "no dates set"


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
    span = _span_of(plan.actions, milestones)
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
    chart.first, chart.last = _span_words(start, end)
    return chart


def _action_row(action: Action, y: float, x: Callable[[date], float]) -> Row:
    """An action as a bar from start to due, or a marker at its one date; its status beside."""
    label = f"{action.id} {action.title}"
    status = plain_label(action.status)
    row = Row("action", y, _truncate(label), " ".join(label.split()))
    row.style = STATUS_STYLE.get(action.status, "outline")
    row.tooltip = f"{row.full_label}: {_describe_dates(action)}; {status.lower()}"
    if action.start and action.due:
        row.marker = "bar"
        row.x1 = x(action.start.first_day)
        row.x2 = max(x(action.due.last_day + timedelta(days=1)), row.x1 + 3)
    elif action.start or action.due:
        row.marker = "start" if action.start else "due"
        known = action.start.first_day if action.start else action.due.last_day
        row.x1 = row.x2 = x(known)
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


def group_span(actions: list[Action]) -> tuple[date, date] | None:
    """The first day and the last day that any of the actions spans (None: none has a date)."""
    days = [d for a in actions for d in (a.start, a.due) if d is not None]
    if not days:
        return None
    return min(d.first_day for d in days), max(d.last_day for d in days)


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
    row.tooltip = f"{row.full_label}: {count}, {_month_words(first)} to {_month_words(last)}"
    _place_note(row, count)
    return row


def _month_words(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def _span_words(start: date, end: date) -> tuple[str, str]:
    last_month = _add_months(end, -1)
    return (
        f"{calendar.month_name[start.month]} {start.year}",
        f"{calendar.month_name[last_month.month]} {last_month.year}",
    )


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
    placed = []
    for index, (kind, words) in enumerate(entries):
        column, line = index % per_row, index // per_row
        placed.append((10 + column * LEGEND_COLUMN, top + line * LEGEND_ROW, kind, words))
    return placed


def timeline(site: Site) -> str:
    """The timeline as a static, accessible SVG chart (role="img", a title and a description)."""
    chart = build_chart(site)
    plan = site.plan
    dated = [a for a in plan.actions if a.start or a.due]
    return render_template(
        "timeline.html",
        site=site,
        chart=chart,
        width=WIDTH,
        label_width=LABEL_WIDTH,
        plot_x0=PLOT_X0,
        plot_width=PLOT_WIDTH,
        axis_height=AXIS_HEIGHT,
        row_height=ROW_HEIGHT,
        bar_height=BAR_HEIGHT,
        actions=len(plan.actions),
        dated=len(dated),
        groups=len(groups_with_pages(plan)),
        milestones=len(plan.milestones),
        table_href=site.page_href("timeline", "timeline-table"),
        by_group=not site.lists_every_action,
        limit=site.list_limit,
    )


@dataclass
class TableRow:
    when: PlanDate | None
    action: Action | None = None
    milestone: Milestone | None = None
    group: Group | None = None  # a large plan: a group's span in place of its actions
    span: tuple[date, date] | None = None
    count: int = 0


def timeline_rows(site: Site) -> list[TableRow]:
    """Actions (by start, else due) and milestones, in date order; undated actions last."""
    if site.lists_every_action:
        rows = [TableRow(a.start or a.due, action=a) for a in site.plan.actions]
    else:
        rows = []
        for group in groups_with_pages(site.plan):
            actions = site.actions_of_group(group.id)
            span = group_span(actions)
            when = PlanDate.parse(span[0]) if span else None
            rows.append(TableRow(when, group=group, span=span, count=len(actions)))
    rows += [TableRow(m.date, milestone=m) for m in site.plan.milestones]
    return sorted(
        rows,
        key=lambda r: (
            date_key(r.when),
            0 if r.milestone else 1,
            r.milestone.id
            if r.milestone
            else r.action.id
            if r.action
            else r.group.id
            if r.group
            else "",
        ),
    )


def timeline_table(site: Site) -> str:
    """The timeline as a table: every action (or, for a large plan, group) and milestone."""
    return render_template(
        "timeline_table.html",
        site=site,
        rows=timeline_rows(site),
        by_group=not site.lists_every_action,
        month=_month_words,
    )
