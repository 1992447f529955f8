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

import calendar
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from planpress.core.delivery import FLAGS
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


@dataclass(frozen=True)
class Layout:
    """Where things go in one of the chart's layouts, in SVG user units."""

    name: str  # "wide" or "narrow": the suffix of the SVG's ids
    width: float
    plot_x0: float  # where the time axis starts
    right_margin: float
    stacked: bool  # each row's label on its own line, above its mark
    font: float  # the size of labels and headings
    small_font: float  # the size of notes, axis labels and the legend
    char: float  # the average width of a character at `small_font`, to fit words
    label_chars: int  # labels longer than this are cut short (the table has them whole)
    label_x: float
    row_height: float
    heading_height: float
    bar_height: float
    axis_height: float  # from the top of the axis area to the first row
    legend_column: float
    legend_row: float

    @property
    def plot_width(self) -> float:
        return self.width - self.plot_x0 - self.right_margin

    @property
    def plot_right(self) -> float:
        return self.width - self.right_margin


WIDE = Layout(
    name="wide",
    width=960,
    plot_x0=340,
    right_margin=16,
    stacked=False,
    font=12,
    small_font=11,
    char=6.2,
    label_chars=46,
    label_x=14,
    row_height=22,
    heading_height=22,
    bar_height=12,
    axis_height=44,
    legend_column=160,
    legend_row=22,
)
NARROW = Layout(
    name="narrow",
    width=420,
    plot_x0=8,
    right_margin=8,
    stacked=True,
    font=14,
    small_font=14,
    char=7.9,
    label_chars=50,
    label_x=8,
    row_height=38,
    heading_height=26,
    bar_height=12,
    axis_height=46,
    legend_column=205,
    legend_row=26,
)

AS_AT_BAND = 18  # room above the axis for the as-at line's label
FLAG_MARK = 16  # the width a warning marker takes before a note (the marker and a gap)

# How each status is drawn; the legend repeats it in words.
STATUS_STYLE = {
    "complete": "solid",
    "in-progress": "hatch",
    "planned": "outline",
    "proposed": "dashed",
    "paused": "cross",
    "cancelled": "dotted",
}

# The delivery flags the chart shows (the ones about dates), and those that get a marker.
CHART_FLAGS = ("overdue", "start-missed", "due-soon")
MARKED_FLAGS = ("overdue", "start-missed")


@dataclass
class Axis:
    """Tick lines (x, major?), labels (x of their centre, words) and shaded bands (x, width)."""

    ticks: list[tuple[float, bool]] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    bands: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Row:
    """One line of the chart: a heading, an action, a group or a milestone."""

    kind: str  # "heading", "action", "group" or "milestone"
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
    height: float = 0.0
    label_y: float = 0.0  # the label's baseline
    cy: float = 0.0  # the middle of the bar or marker
    note_y: float = 0.0  # the note's baseline
    flag_x: float | None = None  # the middle of the warning marker (None: no marker)
    flag_cy: float = 0.0
    flags: tuple[str, ...] = ()  # the delivery flags shown in the note


@dataclass
class Chart:
    height: float
    rows: list[Row] = field(default_factory=list)
    axis: Axis = field(default_factory=Axis)
    legend: list[tuple[float, float, str, str]] = field(default_factory=list)
    first: str = ""
    last: str = ""
    layout: Layout = WIDE
    axis_y: float = 0.0  # where the rows start (the axis is drawn just above)
    rows_bottom: float = 0.0  # where the last row ends
    as_at_x: float | None = None  # the as-at line (None: no as-at date, or outside the axis)
    as_at_words: str = ""
    as_at_label_x: float = 0.0
    as_at_anchor: str = "start"
    flagged: int = 0  # rows with a warning marker


def _truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _axis(start: date, end: date, x: Callable[[date], float], layout: Layout) -> Axis:
    """Quarters (labelled by month) for up to two years, else years (every n years if long).

    Labels are spaced so that they fit: at the narrow layout's size a short span may be
    labelled every half year or year, and a long one every few years.
    """
    months = months_between(start, end)
    month_width = layout.plot_width / max(months, 1)
    if months <= 24:
        minor_step, years_per_label = 1, 0
        need = 8 * layout.char + 6  # "Jan 2021"
        major_months = next((m for m in (3, 6, 12) if m * month_width >= need), 12)
    else:
        minor_step, major_months = 3, 12
        need = 4 * layout.char + 6  # "2021"
        fits = math.ceil(need / (12 * month_width))
        years_per_label = max(1, math.ceil(months / 120), fits)

    def is_major(day: date) -> bool:
        if not years_per_label:
            return (day.month - 1) % major_months == 0
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
        if years_per_label or (major_months == 12 and day.month == 1):
            label = str(day.year)
        else:
            label = f"{calendar.month_abbr[day.month]} {day.year}"
        if right - left >= max(30, len(label) * layout.char + 4):
            axis.labels.append(((left + right) / 2, label))
        if index % 2 == 0:
            axis.bands.append((left, round(right - left, 1)))
    return axis


def _words_width(text: str, layout: Layout) -> float:
    return layout.char * len(text)


def _place_note(
    row: Row, text: str, layout: Layout, reach: tuple[float, float] = (0, 0), flag: bool = False
) -> None:
    """Put a word (a status or date) beside the mark, on whichever side has room; with `flag`,
    a warning marker between the mark and the word.

    `reach` is how far the mark extends left and right of `x1` and `x2` (a marker's arrow).
    Where neither side has room, the narrow layout puts the word at the end of the label's
    line, if both fit, else on a line of its own under the mark; the wide one puts it at the
    plot's right edge.
    """
    right_edge = layout.plot_right
    lead = FLAG_MARK if flag else 0
    words = _words_width(text, layout)
    room = words + 8 + lead
    left, right = row.x1 - reach[0], row.x2 + reach[1]
    row.note = text
    if right + room <= right_edge:
        row.note_x, row.note_anchor = right + 5 + lead, "start"
        flag_x = right + 5 + FLAG_MARK / 2 - 2
    elif left - room >= layout.plot_x0:
        row.note_x, row.note_anchor = left - 5 - lead, "end"
        flag_x = left - 5 - FLAG_MARK / 2 + 2
    elif layout.stacked and len(row.full_label) * layout.char + room + 6 <= (
        right_edge - layout.label_x
    ):  # at the end of the label's line
        row.note_x, row.note_anchor, row.note_y = right_edge, "end", row.label_y
        flag_x = right_edge - words * 1.1 - FLAG_MARK / 2 - 2
    elif layout.stacked:  # on a line of its own, under the bar
        row.note_y = round(row.cy + layout.bar_height / 2 + layout.small_font + 2, 1)
        row.note_x, row.note_anchor = layout.plot_x0 + lead, "start"
        flag_x = layout.plot_x0 + FLAG_MARK / 2 - 2
        row.height += layout.small_font + 8
    else:
        row.note_x, row.note_anchor = right_edge, "end"
        flag_x = right_edge - words * 1.1 - FLAG_MARK / 2 - 2
    row.flag_x = round(flag_x, 1) if flag else None
    row.flag_cy = round(row.note_y - layout.small_font * 0.36, 1)


def _geometry(row: Row, y: float, layout: Layout) -> Row:
    """Set where the row's label, mark and note go, from the top of the row."""
    row.y = y
    if row.kind == "heading":
        row.height = layout.heading_height
        row.label_y = y + layout.heading_height - 7
        return row
    row.height = layout.row_height
    if layout.stacked:
        row.label_y = y + layout.font
        row.cy = y + layout.row_height - 12
    else:
        row.label_y = y + 15
        row.cy = y + layout.row_height / 2
    row.note_y = round(row.cy + layout.small_font * 0.36, 1)
    return row


def build_chart(site: Site, layout: Layout = WIDE) -> Chart | None:
    """The chart's geometry, in SVG user units; None when nothing has a date."""
    plan = site.plan
    milestones = sorted(plan.milestones, key=lambda m: (m.date.first_day, m.id))
    span = span_of(plan.actions, milestones)
    if span is None:
        return None
    start, end = span
    total_days = (end - start).days

    def x(day: date) -> float:
        return round(layout.plot_x0 + (day - start).days / total_days * layout.plot_width, 1)

    chart = Chart(height=0, layout=layout)
    chart.axis = _axis(start, end, x, layout)
    as_at = site.as_at
    if as_at is not None and start <= as_at < end:
        chart.as_at_x = x(as_at)
        chart.as_at_words = f"As at {site.as_at_label}"
        label_width = _words_width(chart.as_at_words, layout)
        if chart.as_at_x + 4 + label_width <= layout.width - 2:
            chart.as_at_label_x, chart.as_at_anchor = chart.as_at_x + 4, "start"
        else:
            chart.as_at_label_x, chart.as_at_anchor = chart.as_at_x - 4, "end"
    chart.axis_y = layout.axis_height + (AS_AT_BAND if chart.as_at_x is not None else 0)
    y = chart.axis_y

    def add(row: Row) -> Row:
        nonlocal y
        chart.rows.append(row)
        y += row.height
        return row

    if milestones:
        add(_geometry(Row("heading", 0, "Milestones"), y, layout))
        for milestone in milestones:
            label = f"{milestone.date.human()}: {milestone.title}"
            full = " ".join(label.split())
            row = Row("milestone", 0, _truncate(label, layout.label_chars), full)
            row.marker = "milestone"
            _geometry(row, y, layout)
            row.x1 = row.x2 = x(milestone.date.first_day)
            row.tooltip = row.full_label
            _place_note(row, milestone.date.human(), layout, reach=(8, 8))
            add(row)
    if site.lists_every_action:  # a row per action, under its group's heading
        for group in groups_with_pages(plan):
            limit = layout.label_chars - 6 if layout.stacked else 120  # bold: wider
            heading = Row("heading", 0, _truncate(group.name, limit), group.name)
            add(_geometry(heading, y, layout))
            actions = sorted(
                site.actions_of_group(group.id), key=lambda a: (date_key(a.start or a.due), a.id)
            )
            for action in actions:
                add(_action_row(action, site.flags(action), y, x, layout))
    else:  # a large plan: one bar per group, its actions on its page
        heading_words = "Groups: each bar spans the group's dated actions"
        if layout.stacked:
            heading_words = "Groups: each bar spans its dated actions"
        add(_geometry(Row("heading", 0, heading_words), y, layout))
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
    layout: Layout = WIDE,
) -> Row:
    """An action as a bar from start to due, or a marker at its one date; its status beside,
    and its delivery flags (those about dates) after the status."""
    label = f"{action.id} {action.title}"
    status = plain_label(action.status)
    row = Row("action", 0, _truncate(label, layout.label_chars), " ".join(label.split()))
    _geometry(row, y, layout)
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
        _place_note(row, note, layout, flag=marked)
    elif row.marker == "start":  # a dot, then an arrow to the right
        _place_note(row, note, layout, reach=(6, 18), flag=marked)
    elif row.marker == "due":  # an arrow from the left, then a square
        _place_note(row, note, layout, reach=(18, 6), flag=marked)
    return row


def _group_row(
    actions: list[Action],
    flags: Counter[str],
    name: str,
    y: float,
    x: Callable[[date], float],
    layout: Layout = WIDE,
) -> Row:
    """A group as one bar, from its actions' first date to their last; how many are overdue
    or missed their start beside it."""
    count = f"{len(actions)} {'action' if len(actions) == 1 else 'actions'}"
    row = Row("group", 0, _truncate(name, layout.label_chars), " ".join(name.split()))
    row.style = "outline"
    _geometry(row, y, layout)
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
    _place_note(row, note, layout, flag=bool(row.flags))
    return row


def _legend(
    site: Site, top: float, layout: Layout = WIDE, flagged: bool = False
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
    entries: list[tuple[str, str]], top: float, layout: Layout
) -> list[tuple[float, float, str, str]]:
    """Entries left to right in columns, an entry taking as many columns as its words need."""
    per_row = max(1, int(layout.width // layout.legend_column))
    placed: list[tuple[float, float, str, str]] = []
    column = line = 0
    for kind, words in entries:
        need = 34 + _words_width(words, layout) * (layout.font / layout.small_font) + 8
        columns = min(per_row, max(1, math.ceil(need / layout.legend_column)))
        if column and column + columns > per_row:
            column, line = 0, line + 1
        x = 10 + column * layout.legend_column
        placed.append((x, top + line * layout.legend_row, kind, words))
        column += columns
    return placed
