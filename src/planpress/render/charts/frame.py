"""What the static bar and line charts (`figures`, `indicator`) share, in SVG user units: their
sizes, how a kind of figure is drawn (`Series`), the legend naming each in words, and a
category's name wrapped above its bar.

Charts are drawn narrow (`WIDTH` units wide, scaled to the page) so that they read on a phone
without scrolling: each category's name is written above its bar, across the whole width, and
the figures are written on or beside the bars. Every series has a pattern as well as a colour,
and a legend names it in words. templates/charts.html draws what `bars` and `lines` compute.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from planpress.render.charts.geometry import flow, tenth, text_width, truncate

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


@dataclass(frozen=True)
class Series:
    """How a kind of figure is drawn: its pattern, colours (light scheme) and name in words."""

    css: str  # suffix of its CSS classes and pattern id, e.g. "status-complete"
    label: str
    pattern: str  # "solid", "diagonal", "dots", "cross", "horizontal" or "vertical"
    fill: str
    ink: str  # the marks of the pattern


@dataclass
class LegendItem:
    kind: str  # a series' css, or a line chart's "measured", "expected", "target", "as-at"
    x: float
    y: float
    words: str
    series: Series | None = None


def label_lines(label: str, limit: int = LABEL_LINES) -> list[str]:
    """A name wrapped to the chart's width, on at most `limit` lines (the last cut short…)."""
    chars = int((WIDTH - 2 * PAD) / CHAR)
    lines = textwrap.wrap(" ".join(label.split()), chars, break_on_hyphens=False) or [""]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], truncate(" ".join(lines[limit - 1 :]), chars)]
    return lines


def legend(items: Sequence[tuple[str, str, Series | None]], top: float) -> list[LegendItem]:
    """Legend entries (kind, words, series) flowed into rows across the chart."""
    widths = [24 + text_width(words, CHAR) + 14 for _, words, _ in items]
    places = flow(widths, float(PAD), WIDTH - PAD, top, LEGEND_ROW)
    return [
        LegendItem(kind, tenth(x), tenth(y), words, series)
        for (kind, words, series), (x, y) in zip(items, places, strict=True)
    ]


def legend_bottom(items: list[LegendItem], top: float) -> float:
    return (items[-1].y + LEGEND_ROW + 6) if items else top
