"""The bar charts' geometry: one or more bars per category, from the left edge, with the
figures written on or beside them (templates/charts.html draws it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planpress.render.charts.frame import (
    BAR,
    BAR_GAP,
    CHAR,
    FONT,
    LINE,
    NOTE_GAP,
    PAD,
    ROW_GAP,
    WIDTH,
    LegendItem,
    Series,
    label_lines,
    legend,
    legend_bottom,
)
from planpress.render.charts.geometry import tenth, text_width


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
class BarLayout:
    height: float
    series: list[Series]
    legend: list[LegendItem]
    categories: list[DrawnCategory]


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
            (room - NOTE_GAP - text_width(note, CHAR)) / total
            for (_, note), total in zip(bars, totals, strict=True)
            if total > 0
        ]
        scale = max(min(fits), room * 0.4 / largest)
    drawn: list[DrawnCategory] = []
    for category in categories:
        lines = []
        for text in label_lines(category.label):
            lines.append((tenth(y + FONT), text))
            y += LINE
        y += 2
        shown: list[DrawnBar] = []
        for bar, note in zip(category.bars, category.notes, strict=True):
            x = float(PAD)
            segments = []
            for value in bar:
                width = value.amount * scale
                segment = Segment(
                    value.series, tenth(x), tenth(width), f"{category.label}: {value.words}"
                )
                chip = text_width(value.text, CHAR) + 6
                if value.text and width >= chip + 2:
                    segment.text = value.text
                    segment.chip_x, segment.chip_width = tenth(x + (width - chip) / 2), tenth(chip)
                segments.append(segment)
                x += width
            end = x + NOTE_GAP
            if end + text_width(note, CHAR) <= WIDTH - PAD:
                note_x, note_y = end, y + BAR / 2 + FONT * 0.35
            else:
                note_x, note_y = float(PAD), y + BAR + FONT + 2
            shown.append(DrawnBar(tenth(y), segments, note, tenth(note_x), tenth(note_y)))
            y = max(y + BAR, note_y + 4) + BAR_GAP
        drawn.append(DrawnCategory(category.label, lines, shown))
        y += ROW_GAP - BAR_GAP
    return BarLayout(tenth(y - ROW_GAP + PAD + 4), list(series), items, drawn)
