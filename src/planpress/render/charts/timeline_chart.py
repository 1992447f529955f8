"""The timeline chart's geometry: a static SVG drawn at build time (templates/timeline.html).

The chart needs no JavaScript. It has a time axis (quarters or years), one row per action
grouped by the group that owns it (a bar from start to due; a marker when only one date is
known) and a row per milestone. Status is shown by the bar's pattern and by a word beside it,
so the chart reads in print and without colour. A large plan gets one bar per group.

Each chart is drawn in one of two layouts: `WIDE` (a label column on the left, the bars to its
right) and `NARROW`, for a phone (each row's label on its own line above its bar, the bars
across the whole width, text large enough to read at 375 px). The page has both and shows one
by the width of the screen.

When the build is as at a date within the axis, a dashed vertical line labelled "As at <date>"
marks it. Actions that are overdue, or whose start was missed, as at that date get a warning
marker and the flag's words beside the status word; "due soon" gets the words alone. A group's
bar says how many of its actions are overdue or missed their start.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from planpress.core.delivery import FLAGS
from planpress.core.model import Action
from planpress.render.charts.geometry import flow, tenth, text_width, truncate
from planpress.render.charts.timeline_dates import (
    describe_dates,
    group_span,
    month_words,
    span_of,
    span_words,
)
from planpress.render.charts.timeline_frame import (
    AS_AT_BAND,
    CHART_FLAGS,
    MARKED_FLAGS,
    STATUS_STYLE,
    WIDE,
    TimelineChart,
    TimelineRow,
    TimelineSizes,
    place_note,
    place_row,
    time_axis,
)
from planpress.render.index import groups_with_pages
from planpress.render.site import Site
from planpress.render.text import date_key, plain_label


def build_chart(site: Site, layout: TimelineSizes = WIDE) -> TimelineChart | None:
    """The chart's geometry, in SVG user units; None when nothing has a date."""
    plan = site.plan
    milestones = sorted(plan.milestones, key=lambda m: (m.date.first_day, m.id))
    span = span_of(plan.actions, milestones)
    if span is None:
        return None
    start, end = span
    total_days = (end - start).days

    def x(day: date) -> float:
        return tenth(layout.plot_x0 + (day - start).days / total_days * layout.plot_width)

    chart = TimelineChart(height=0, layout=layout)
    chart.axis = time_axis(start, end, x, layout)
    as_at = site.as_at
    if as_at is not None and start <= as_at < end:
        chart.as_at_x = x(as_at)
        chart.as_at_words = f"As at {site.as_at_label}"
        label_width = text_width(chart.as_at_words, layout.char)
        if chart.as_at_x + 4 + label_width <= layout.width - 2:
            chart.as_at_label_x, chart.as_at_anchor = chart.as_at_x + 4, "start"
        else:
            chart.as_at_label_x, chart.as_at_anchor = chart.as_at_x - 4, "end"
    chart.axis_y = layout.axis_height + (AS_AT_BAND if chart.as_at_x is not None else 0)
    y = chart.axis_y

    def add(row: TimelineRow) -> TimelineRow:
        nonlocal y
        chart.rows.append(row)
        y += row.height
        return row

    if milestones:
        add(place_row(TimelineRow("heading", 0, "Milestones"), y, layout))
        for milestone in milestones:
            label = f"{milestone.date.human()}: {milestone.title}"
            full = " ".join(label.split())
            row = TimelineRow("milestone", 0, truncate(label, layout.label_chars), full)
            row.marker = "milestone"
            place_row(row, y, layout)
            row.x1 = row.x2 = x(milestone.date.first_day)
            row.tooltip = row.full_label
            place_note(row, milestone.date.human(), layout, reach=(8, 8))
            add(row)
    if site.lists_every_action:  # a row per action, under its group's heading
        for group in groups_with_pages(plan):
            limit = layout.label_chars - 6 if layout.stacked else 120  # bold: wider
            heading = TimelineRow("heading", 0, truncate(group.name, limit), group.name)
            add(place_row(heading, y, layout))
            actions = sorted(
                site.actions_of_group(group.id), key=lambda a: (date_key(a.start or a.due), a.id)
            )
            for action in actions:
                add(_action_row(action, site.flags(action), y, x, layout))
    else:  # a large plan: one bar per group, its actions on its page
        heading_words = "Groups: each bar spans the group's dated actions"
        if layout.stacked:
            heading_words = "Groups: each bar spans its dated actions"
        add(place_row(TimelineRow("heading", 0, heading_words), y, layout))
        for group in groups_with_pages(plan):
            actions = site.actions_of_group(group.id)
            flags: Counter[str] = Counter()
            for action in actions:
                flags.update(site.flags(action))
            add(_group_row(actions, flags, group.name, y, x, layout))
    chart.rows_bottom = y
    chart.flagged = sum(1 for row in chart.rows if row.flag_x is not None)
    y += 12
    chart.legend = _legend(site, y, layout, chart.flagged > 0)
    legend_lines = len({ly for _x, ly, _kind, _words in chart.legend})
    chart.height = y + legend_lines * layout.legend_row + 8
    chart.first, chart.last = span_words(start, end)
    return chart


def _action_row(
    action: Action,
    flags: tuple[str, ...],
    y: float,
    x: Callable[[date], float],
    layout: TimelineSizes = WIDE,
) -> TimelineRow:
    """An action as a bar from start to due, or a marker at its one date; its status beside,
    and its delivery flags (those about dates) after the status."""
    label = f"{action.id} {action.title}"
    status = plain_label(action.status)
    row = TimelineRow("action", 0, truncate(label, layout.label_chars), " ".join(label.split()))
    place_row(row, y, layout)
    row.style = STATUS_STYLE.get(action.status, "outline")
    row.flags = tuple(f for f in flags if f in CHART_FLAGS)
    note = ", ".join([status] + [FLAGS[f].lower() for f in row.flags])
    marked = any(f in MARKED_FLAGS for f in row.flags)
    said = "".join(f"; {FLAGS[f].lower()}" for f in row.flags)
    row.tooltip = f"{row.full_label}: {describe_dates(action)}; {status.lower()}{said}"
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
        row.x1 = row.x2 = layout.plot_x0
        row.note, row.note_x = "No dates set", layout.plot_x0 + 4
    if row.marker == "bar":
        place_note(row, note, layout, flag=marked)
    elif row.marker == "start":  # a dot, then an arrow to the right
        place_note(row, note, layout, reach=(6, 18), flag=marked)
    elif row.marker == "due":  # an arrow from the left, then a square
        place_note(row, note, layout, reach=(18, 6), flag=marked)
    return row


def _group_row(
    actions: list[Action],
    flags: Counter[str],
    name: str,
    y: float,
    x: Callable[[date], float],
    layout: TimelineSizes = WIDE,
) -> TimelineRow:
    """A group as one bar, from its actions' first date to their last; how many are overdue
    or missed their start beside it."""
    count = f"{len(actions)} {'action' if len(actions) == 1 else 'actions'}"
    row = TimelineRow("group", 0, truncate(name, layout.label_chars), " ".join(name.split()))
    row.style = "outline"
    place_row(row, y, layout)
    row.flags = tuple(f for f in MARKED_FLAGS if flags[f])
    late = [f"{flags[f]} {FLAGS[f].lower()}" for f in row.flags]
    note = ", ".join([count, *late])
    span = group_span(actions)
    if span is None:
        row.marker, row.x1, row.x2 = "none", layout.plot_x0, layout.plot_x0
        row.note, row.note_x = f"{count}, no dates set", layout.plot_x0 + 4
        row.tooltip = f"{row.full_label}: {row.note}"
        return row
    first, last = span
    row.marker = "bar"
    row.x1 = x(first)
    row.x2 = max(x(last + timedelta(days=1)), row.x1 + 3)
    said = "".join(f", {words}" for words in late)
    row.tooltip = f"{row.full_label}: {count}, {month_words(first)} to {month_words(last)}{said}"
    place_note(row, note, layout, flag=bool(row.flags))
    return row


def _legend(
    site: Site, top: float, layout: TimelineSizes = WIDE, flagged: bool = False
) -> list[tuple[float, float, str, str]]:
    """(x, y, kind, words) for each legend entry: statuses in use, then the markers in use."""
    entries: list[tuple[str, str]] = []
    if not site.lists_every_action:  # one bar per group (the long entry last, with room)
        if site.plan.milestones:
            entries.append(("milestone", "Milestone"))
        if layout.stacked:
            entries.append(("bar-outline", "A group's actions, first date to last"))
        else:
            entries.append(("bar-outline", "A group's actions, from the first date to the last"))
    else:
        used = {a.status for a in site.plan.actions if a.start and a.due}
        entries = [
            (f"bar-{STATUS_STYLE[status]}", plain_label(status))
            for status in STATUS_STYLE
            if status in used
        ]
        if any(a.start and not a.due for a in site.plan.actions):
            entries.append(("start", "Start date only"))
        if any(a.due and not a.start for a in site.plan.actions):
            entries.append(("due", "Due date only"))
        if site.plan.milestones:
            entries.append(("milestone", "Milestone"))
    if flagged:
        entries.append(("flag", "Overdue or start missed"))
    return _place_legend(entries, top, layout)


def _place_legend(
    entries: list[tuple[str, str]], top: float, layout: TimelineSizes
) -> list[tuple[float, float, str, str]]:
    """Entries left to right in columns, an entry taking as many columns as its words need."""
    per_row = max(1, int(layout.width // layout.legend_column))
    widths = []
    for _kind, words in entries:
        need = 34 + text_width(words, layout.char) * (layout.font / layout.small_font) + 8
        columns = min(per_row, max(1, math.ceil(need / layout.legend_column)))
        widths.append(columns * layout.legend_column)
    right = 10 + per_row * layout.legend_column
    places = flow(widths, 10, right, top, layout.legend_row)
    return [(x, y, kind, words) for (kind, words), (x, y) in zip(entries, places, strict=True)]
