"""The line chart's geometry: an indicator over time, with its target, the expected path to
it and the as-at date (templates/charts.html draws it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planpress.render.charts.frame import (
    CHAR,
    FONT,
    PAD,
    PLOT_HEIGHT,
    WIDTH,
    LegendItem,
    legend,
    legend_bottom,
)
from planpress.render.charts.geometry import tenth, text_width


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
        start = (
            self.label_x - text_width(self.label, CHAR) if self.anchor == "end" else self.label_x
        )
        return tenth(start - 2)

    @property
    def box_width(self) -> float:
        return tenth(text_width(self.label, CHAR) + 4)


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
    width = text_width(text, CHAR)
    point.label = text
    if beside:
        point.label_y = tenth(point.y + FONT * 0.35)
    else:
        point.label_y = tenth(point.y - 9 if above else point.y + FONT + 6)
    if left or point.x + width > WIDTH - PAD:
        point.anchor, point.label_x = "end", tenth(max(point.x - 8, PAD + width))
    else:
        point.anchor, point.label_x = "start", tenth(max(point.x + 8, PAD))
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
    left = PAD + max(text_width(t, CHAR) for t in tick_text.values()) + 8
    right, bottom = WIDTH - PAD - 6, top + PLOT_HEIGHT
    days = [m.day for m in measured] + ([target.day] if target else []) + [as_at]
    start, end = min(days), max(days)
    span = (end - start).days or 365
    low, high = ticks[0], ticks[-1]

    def x(day: date) -> float:
        return tenth(left + (day - start).days / span * (right - left))

    def y(value: float) -> float:
        return tenth(bottom - (value - low) / ((high - low) or 1) * (bottom - top))

    layout = LineLayout(
        tenth(bottom + 30), tenth(left), tenth(top), tenth(right), tenth(bottom), items
    )
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
    if layout.as_at_x + text_width(as_at_words, CHAR) + 4 > WIDTH - PAD:
        layout.as_at_anchor = "end"
    labelled = [p for p in [layout.target, *layout.measured] if p is not None and p.label]
    for point in labelled:  # inside the plot: never over the value axis's figures
        if point.box_x < layout.left:
            point.label_x = tenth(point.label_x + layout.left - point.box_x)
    separate_labels(labelled, [as_at_box(layout)], (FONT, layout.height))
    return layout


Box = tuple[float, float, float, float]  # left, top, right, bottom


def label_box(point: Point) -> Box:
    """Where a point's label and its background are drawn."""
    return (point.box_x, point.label_y - FONT + 1, point.box_x + point.box_width, point.label_y + 4)


def as_at_box(layout: LineLayout) -> Box:
    """Where the as-at date's label is drawn, above the plot."""
    width = text_width(layout.as_at_label, CHAR)
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
            point.label_y = tenth(baseline)
            if not any(overlap(label_box(point), b) for b in placed):
                break
        else:
            point.label_y = wanted  # nowhere free: left where it was
        placed.append(label_box(point))


def value_ticks(values: Sequence[float]) -> list[float]:
    """The value axis's ticks over `values`."""
    return nice_ticks(min(values), max(values))
