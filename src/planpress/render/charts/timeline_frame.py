"""The timeline chart's frame: its two layouts' sizes, its rows, its time axis, and where a
row's label, mark and note go (`timeline_chart` lays the rows out; templates/timeline.html
draws them).

Each chart is drawn in one of two layouts: `WIDE` (a label column on the left, the bars to its
right) and `NARROW`, for a phone (each row's label on its own line above its bar, the bars
across the whole width, text large enough to read at 375 px). The page has both and shows one
by the width of the screen.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from planpress.render.charts.geometry import add_months, months_between, tenth, text_width


@dataclass(frozen=True)
class TimelineSizes:
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


WIDE = TimelineSizes(
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
NARROW = TimelineSizes(
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
class TimelineRow:
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
class TimelineChart:
    height: float
    rows: list[TimelineRow] = field(default_factory=list)
    axis: Axis = field(default_factory=Axis)
    legend: list[tuple[float, float, str, str]] = field(default_factory=list)
    first: str = ""
    last: str = ""
    layout: TimelineSizes = WIDE
    axis_y: float = 0.0  # where the rows start (the axis is drawn just above)
    rows_bottom: float = 0.0  # where the last row ends
    as_at_x: float | None = None  # the as-at line (None: no as-at date, or outside the axis)
    as_at_words: str = ""
    as_at_label_x: float = 0.0
    as_at_anchor: str = "start"
    flagged: int = 0  # rows with a warning marker


def time_axis(start: date, end: date, x: Callable[[date], float], layout: TimelineSizes) -> Axis:
    """Quarters (labelled by month) for up to two years, else years (every n years if long).

    Labels are spaced so that they fit: at the narrow layout's size a short span may be
    labelled every half year or year, and a long one every few years.
    """
    months = months_between(start, end)
    month_width = layout.plot_width / max(months, 1)
    if months <= 24:
        minor_step, years_per_label = 1, 0
        need = text_width("Jan 2021", layout.char) + 6
        major_months = next((m for m in (3, 6, 12) if m * month_width >= need), 12)
    else:
        minor_step, major_months = 3, 12
        need = text_width("2021", layout.char) + 6
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
        if right - left >= max(30, text_width(label, layout.char) + 4):
            axis.labels.append(((left + right) / 2, label))
        if index % 2 == 0:
            axis.bands.append((left, tenth(right - left)))
    return axis


def place_note(
    row: TimelineRow,
    text: str,
    layout: TimelineSizes,
    reach: tuple[float, float] = (0, 0),
    flag: bool = False,
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
    words = text_width(text, layout.char)
    room = words + 8 + lead
    left, right = row.x1 - reach[0], row.x2 + reach[1]
    row.note = text
    if right + room <= right_edge:
        row.note_x, row.note_anchor = right + 5 + lead, "start"
        flag_x = right + 5 + FLAG_MARK / 2 - 2
    elif left - room >= layout.plot_x0:
        row.note_x, row.note_anchor = left - 5 - lead, "end"
        flag_x = left - 5 - FLAG_MARK / 2 + 2
    elif layout.stacked and text_width(row.full_label, layout.char) + room + 6 <= (
        right_edge - layout.label_x
    ):  # at the end of the label's line
        row.note_x, row.note_anchor, row.note_y = right_edge, "end", row.label_y
        flag_x = right_edge - words * 1.1 - FLAG_MARK / 2 - 2
    elif layout.stacked:  # on a line of its own, under the bar
        row.note_y = tenth(row.cy + layout.bar_height / 2 + layout.small_font + 2)
        row.note_x, row.note_anchor = layout.plot_x0 + lead, "start"
        flag_x = layout.plot_x0 + FLAG_MARK / 2 - 2
        row.height += layout.small_font + 8
    else:
        row.note_x, row.note_anchor = right_edge, "end"
        flag_x = right_edge - words * 1.1 - FLAG_MARK / 2 - 2
    row.flag_x = tenth(flag_x) if flag else None
    row.flag_cy = tenth(row.note_y - layout.small_font * 0.36)


def place_row(row: TimelineRow, y: float, layout: TimelineSizes) -> TimelineRow:
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
    row.note_y = tenth(row.cy + layout.small_font * 0.36)
    return row
