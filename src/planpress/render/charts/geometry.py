"""The geometry every chart shares: how wide text is drawn, a name cut short to fit, a legend's
entries flowed into rows, positions rounded for the SVG, and months on a time axis.

The bar and line charts (`frame`, `bars`, `lines`) and the timeline (`timeline_chart`) each
draw at their own sizes; the rules they measure and place by are these, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planpress.core.delivery import add_months

__all__ = [
    "add_months",
    "flow",
    "months_between",
    "quarter_start",
    "tenth",
    "text_width",
    "truncate",
]


def text_width(text: str, char: float) -> float:
    """An estimate of how wide `text` is drawn, `char` being the width of an average
    character at the font it is drawn in."""
    return len(text) * char


def truncate(text: str, limit: int) -> str:
    """`text` on one line, cut short with "…" to at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tenth(value: float) -> float:
    """A position in SVG user units, to a tenth of a unit."""
    return round(value, 1)


def flow(
    widths: Sequence[float], left: float, right: float, top: float, row: float
) -> list[tuple[float, float]]:
    """Where each of a legend's entries goes, (x, y), placed left to right from (`left`, `top`)
    by its width: an entry that would pass `right` starts a new row, `row` lower."""
    placed: list[tuple[float, float]] = []
    x, line = left, 0
    for width in widths:
        if x > left and x + width > right:
            x, line = left, line + 1
        placed.append((x, top + line * row))
        x += width
    return placed


# ---------------------------------------------------------------- months on a time axis


def quarter_start(day: date) -> date:
    """The first day of the quarter holding `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def months_between(start: date, end: date) -> int:
    """How many months from `start`'s month to `end`'s."""
    return (end.year - start.year) * 12 + end.month - start.month
