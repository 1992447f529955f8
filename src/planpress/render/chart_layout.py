"""The geometry of the static SVG charts (render/charts.py), in SVG user units.

Charts are drawn narrow (`WIDTH` units wide, scaled to the page) so that they read on a phone
without scrolling: each category's name is written above its bar, across the whole width, and
the figures are written on or beside the bars. Every series has a pattern as well as a colour
(`Series`), and a legend names it in words. templates/charts.html draws what this computes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH = 400
PAD = 8
FONT = 13
CHAR = 0.62 * FONT  # the width of an average character (DejaVu Sans is wide)
LINE = 17  # a line of text
BAR = 20
BAR_GAP = 5  # between the bars of one category
ROW_GAP = 14  # between categories
NOTE_GAP = 6  # between a bar and the figure beside it
CHIP = 16  # the height of the background behind a figure written on a bar
LEGEND_ROW = 22
LABEL_LINES = 2
PLOT_HEIGHT = 170


def text_width(text: str) -> float:
    """An estimate of how wide `text` is drawn, at `FONT`."""
    return len(text) * CHAR


def _r(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Series:
    """How a kind of figure is drawn: its pattern, colours (light scheme) and name in words."""

    css: str  # suffix of its CSS classes and pattern id, e.g. "status-complete"
    label: str
    pattern: str  # "solid", "diagonal", "dots", "cross", "horizontal" or "vertical"
    fill: str
    ink: str  # the marks of the pattern


@dataclass(frozen=True)
class Value:
    """One figure of a bar: a segment of a stacked bar, or the whole of a simple bar."""

    series: Series
    amount: float
    text: str  # the figure as written on the bar, e.g. "3"
    words: str  # the figure in words, e.g. "3 in progress"


@dataclass(frozen=True)
class Category:
    """A category (a group, a theme): its name, and its bars, each with the words beside it."""

    label: str
    bars: tuple[tuple[Value, ...], ...]
    notes: tuple[str, ...]


@dataclass
class Segment:
    series: Series
    x: float
    width: float
    tooltip: str
    text: str = ""  # written on the segment when it fits
    chip_x: float = 0.0
    chip_width: float = 0.0


@dataclass
class DrawnBar:
    y: float
    segments: list[Segment]
    note: str
    note_x: float
    note_y: float


@dataclass
class DrawnCategory:
    label: str
    lines: list[tuple[float, str]]  # (baseline y, text)
    bars: list[DrawnBar]


@dataclass
class LegendItem:
    kind: str  # a series' css, or a line chart's "measured", "expected", "target", "as-at"
    x: float
    y: float
    words: str
    series: Series | None = None


@dataclass
class BarLayout:
    height: float
    series: list[Series]
    legend: list[LegendItem]
    categories: list[DrawnCategory]


def label_lines(label: str, limit: int = LABEL_LINES) -> list[str]:
    """A name wrapped to the chart's width, on at most `limit` lines (the last cut short…)."""
    chars = int((WIDTH - 2 * PAD) / CHAR)
    lines = textwrap.wrap(" ".join(label.split()), chars, break_on_hyphens=False) or [""]
    if len(lines) > limit:
        last = " ".join(lines[limit - 1 :])
        lines = [*lines[: limit - 1], last[: chars - 1].rstrip() + "…"]
    return lines


def legend(items: Sequence[tuple[str, str, Series | None]], top: float) -> list[LegendItem]:
    """Legend entries (kind, words, series) flowed into rows across the chart."""
    placed: list[LegendItem] = []
    x, y = float(PAD), top
    for kind, words, series in items:
        width = 24 + text_width(words) + 14
        if x > PAD and x + width > WIDTH - PAD:
            x, y = float(PAD), y + LEGEND_ROW
        placed.append(LegendItem(kind, _r(x), _r(y), words, series))
        x += width
    return placed


def legend_bottom(items: list[LegendItem], top: float) -> float:
    return (items[-1].y + LEGEND_ROW + 6) if items else top


def bar_layout(categories: Sequence[Category], series: Sequence[Series]) -> BarLayout:
    """Bars from the left edge, scaled so that the words beside every bar fit beside it where
    they can (below it where they cannot); a figure is written on its segment where it fits."""
    keys = [(s.css, s.label, s) for s in series] if len(series) > 1 else []
    items = legend(keys, PAD)
    y = legend_bottom(items, PAD)
    room = WIDTH - 2 * PAD
    bars = [(bar, note) for c in categories for bar, note in zip(c.bars, c.notes, strict=True)]
    totals = [sum(v.amount for v in bar) for bar, _ in bars]
    largest = max(totals, default=0)
    scale = 0.0
    if largest > 0:
        fits = [
            (room - NOTE_GAP - text_width(note)) / total
            for (_, note), total in zip(bars, totals, strict=True)
            if total > 0
        ]
        scale = max(min(fits), room * 0.4 / largest)
    drawn: list[DrawnCategory] = []
    for category in categories:
        lines = []
        for text in label_lines(category.label):
            lines.append((_r(y + FONT), text))
            y += LINE
        y += 2
        shown: list[DrawnBar] = []
        for bar, note in zip(category.bars, category.notes, strict=True):
            x = float(PAD)
            segments = []
            for value in bar:
                width = value.amount * scale
                segment = Segment(
                    value.series, _r(x), _r(width), f"{category.label}: {value.words}"
                )
                chip = text_width(value.text) + 6
                if value.text and width >= chip + 2:
                    segment.text = value.text
                    segment.chip_x, segment.chip_width = _r(x + (width - chip) / 2), _r(chip)
                segments.append(segment)
                x += width
            end = x + NOTE_GAP
            if end + text_width(note) <= WIDTH - PAD:
                note_x, note_y = end, y + BAR / 2 + FONT * 0.35
            else:
                note_x, note_y = float(PAD), y + BAR + FONT + 2
            shown.append(DrawnBar(_r(y), segments, note, _r(note_x), _r(note_y)))
            y = max(y + BAR, note_y + 4) + BAR_GAP
        drawn.append(DrawnCategory(category.label, lines, shown))
        y += ROW_GAP - BAR_GAP
    return BarLayout(_r(y - ROW_GAP + PAD + 4), list(series), items, drawn)


# ---------------------------------------------------------------- the line chart


@dataclass
class Point:
    x: float
    y: float
    tooltip: str
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"

    @property
    def box_x(self) -> float:
        """The left of the background behind the label."""
        start = self.label_x - text_width(self.label) if self.anchor == "end" else self.label_x
        return _r(start - 2)

    @property
    def box_width(self) -> float:
        return _r(text_width(self.label) + 4)


@dataclass
class LineLayout:
    height: float
    left: float
    top: float
    right: float
    bottom: float
    legend: list[LegendItem]
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str, str]] = field(default_factory=list)  # x, words, anchor
    measured: list[Point] = field(default_factory=list)
    expected: tuple[float, float, float, float] | None = None
    target: Point | None = None
    as_at_x: float = 0.0
    as_at_label: str = ""
    as_at_anchor: str = "start"

    @property
    def points(self) -> str:
        """The measured values as the `points` of a polyline."""
        return " ".join(f"{p.x},{p.y}" for p in self.measured)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values from at or below `low` to at or above `high`, about `count` steps apart."""
    if high - low <= max(abs(low), abs(high)) * 1e-9:  # one value, or values too close to tell
        spread = abs(low) * 0.1 or 1.0
        low, high = low - spread, high + spread
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    # the tolerance above is for rounding error, and must never leave a value off the axis
    first -= step if first > low else 0
    last += step if last < high else 0
    steps = round((last - first) / step)
    return [round(first + i * step, 9) for i in range(steps + 1)]


def year_ticks(start: date, end: date) -> list[date]:
    """The first days of years within the span, every few years so that there are at most 6."""
    years = [y for y in range(start.year + 1, end.year + 1)]
    if not years:
        return []
    step = max(1, math.ceil(len(years) / 6))
    return [date(y, 1, 1) for y in years if y % step == 0]


def place_label(
    point: Point, text: str, *, above: bool = True, left: bool = False, beside: bool = False
) -> None:
    """Write `text` above or below a point (`beside` it: level with it), to its right (or its
    `left`), kept within the chart's width."""
    width = text_width(text)
    point.label = text
    if beside:
        point.label_y = _r(point.y + FONT * 0.35)
    else:
        point.label_y = _r(point.y - 9 if above else point.y + FONT + 6)
    if left or point.x + width > WIDTH - PAD:
        point.anchor, point.label_x = "end", _r(max(point.x - 8, PAD + width))
    else:
        point.anchor, point.label_x = "start", _r(max(point.x + 8, PAD))
    if point.anchor == "end" and point.label_x > WIDTH - PAD:
        point.label_x = WIDTH - PAD


@dataclass(frozen=True)
class Mark:
    """A dated value for the line chart: where it goes, how it is written, and in full."""

    day: date
    value: float
    text: str  # e.g. "30,200 jobs"
    words: str  # e.g. "Measured: 30,200 jobs, September 2020"


LINE_LEGEND = {
    "measured": "Measured",
    "expected": "Expected path to target",
    "target": "Target",
    "as-at": "As at date",
}


def line_layout(
    measured: Sequence[Mark],
    target: Mark | None,
    as_at: date,
    as_at_words: str,
    tick_text: dict[float, str],
) -> LineLayout:
    """A time axis from the first value to the latest of the target, the as-at date and the last
    value; a value axis over every value and the target. `tick_text` writes a tick's value
    (computed by `nice_ticks` over the same values, see `value_ticks`)."""
    kinds = ["measured", *(["expected", "target"] if target else []), "as-at"]
    items = legend([(k, LINE_LEGEND[k], None) for k in kinds], PAD)
    top = legend_bottom(items, PAD) + 20
    ticks = sorted(tick_text)
    left = PAD + max(text_width(t) for t in tick_text.values()) + 8
    right, bottom = WIDTH - PAD - 6, top + PLOT_HEIGHT
    days = [m.day for m in measured] + ([target.day] if target else []) + [as_at]
    start, end = min(days), max(days)
    span = (end - start).days or 365
    low, high = ticks[0], ticks[-1]

    def x(day: date) -> float:
        return _r(left + (day - start).days / span * (right - left))

    def y(value: float) -> float:
        return _r(bottom - (value - low) / ((high - low) or 1) * (bottom - top))

    layout = LineLayout(_r(bottom + 30), _r(left), _r(top), _r(right), _r(bottom), items)
    layout.y_ticks = [(y(t), tick_text[t]) for t in ticks]
    years = year_ticks(start, end)
    if len(years) >= 2:
        layout.x_ticks = [(x(d), str(d.year), "middle") for d in years]
    else:
        layout.x_ticks = [
            (x(start), f"{start:%b} {start.year}", "start"),
            (x(end), f"{end:%b} {end.year}", "end"),
        ]
    layout.measured = [Point(x(m.day), y(m.value), m.words) for m in measured]
    first, last = layout.measured[0], layout.measured[-1]
    place_label(first, measured[0].text, beside=True)
    if len(measured) > 1:
        place_label(last, measured[-1].text, left=True)
    if target is not None:
        layout.expected = (first.x, first.y, x(target.day), y(target.value))
        layout.target = Point(x(target.day), y(target.value), target.words)
        rising = target.value >= measured[0].value
        place_label(layout.target, target.text, above=not rising or layout.target.y > top + 24)
    layout.as_at_x = x(as_at)
    layout.as_at_label = as_at_words
    if layout.as_at_x + text_width(as_at_words) + 4 > WIDTH - PAD:
        layout.as_at_anchor = "end"
    labelled = [p for p in [layout.target, *layout.measured] if p is not None and p.label]
    for point in labelled:  # inside the plot: never over the value axis's figures
        if point.box_x < layout.left:
            point.label_x = _r(point.label_x + layout.left - point.box_x)
    separate_labels(labelled, [as_at_box(layout)], (FONT, layout.height))
    return layout


Box = tuple[float, float, float, float]  # left, top, right, bottom


def label_box(point: Point) -> Box:
    """Where a point's label and its background are drawn."""
    return (point.box_x, point.label_y - FONT + 1, point.box_x + point.box_width, point.label_y + 4)


def as_at_box(layout: LineLayout) -> Box:
    """Where the as-at date's label is drawn, above the plot."""
    width = text_width(layout.as_at_label)
    left = layout.as_at_x + 4 if layout.as_at_anchor == "start" else layout.as_at_x - 4 - width
    baseline = layout.top - 8
    return (left - 2, baseline - FONT + 1, left + width + 2, baseline + 4)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def separate_labels(
    points: Sequence[Point], fixed: Sequence[Box], within: tuple[float, float]
) -> None:
    """Move labels up or down, in turn, until none covers another or a `fixed` box: two values
    close together ("5,250 kilotonnes" and "5,400 kilotonnes") are both read. Each label takes
    the nearest free line to where it was placed, between the baselines `within` gives."""
    placed = list(fixed)
    low, high = within
    step = FONT + 4
    for point in points:
        wanted = point.label_y
        tries = [wanted] + [wanted + sign * step * n for n in range(1, 40) for sign in (-1, 1)]
        for baseline in tries:
            if not low <= baseline <= high:
                continue
            point.label_y = _r(baseline)
            if not any(overlap(label_box(point), b) for b in placed):
                break
        else:
            point.label_y = wanted  # nowhere free: left where it was
        placed.append(label_box(point))


def value_ticks(values: Sequence[float]) -> list[float]:
    """The value axis's ticks over `values`."""
    return nice_ticks(min(values), max(values))
