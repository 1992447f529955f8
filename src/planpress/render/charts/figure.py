"""A chart as the page shows it: the SVG (with its title and description), a sentence or two
saying what it shows, and a table holding exactly its figures, so that it reads without
colour, without seeing the picture, and in print.

Every value from data is escaped by the templates (templates/charts.html); the geometry is
`bar_layout`'s and `line_layout`'s. Nothing here reads the clock: the date a chart is as at is
passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from planpress.render.charts import frame
from planpress.render.environment import ENV

TEMPLATE = "charts.html"


@lru_cache(maxsize=1)
def chart_macros() -> Any:
    """The macros of templates/charts.html, with the chart's sizes."""
    sizes = {
        "width": frame.WIDTH,
        "pad": frame.PAD,
        "font": frame.FONT,
        "bar_height": frame.BAR,
        "chip": frame.CHIP,
    }
    return ENV.get_template(TEMPLATE).make_module(vars=sizes)


@dataclass(frozen=True)
class Chart:
    """A chart, its text alternative and its figures as a table."""

    id: str  # the figure's HTML id; the ids inside the SVG start with it
    title: str
    summary: str  # what the chart shows, and its main figures, in a sentence or two
    svg: Markup
    table: Markup

    def figure(self) -> Markup:
        """The chart as a `<figure>`: the SVG, a caption (title and summary), then its table."""
        made: Markup = chart_macros().figure(self)
        return made


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def listing(parts: Sequence[str]) -> str:
    """`a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def figures_table(caption: str, columns: Sequence[tuple[str, bool]], rows: Sequence[Any]) -> Markup:
    """A chart's figures as a table, with `columns` as (heading, numeric?)."""
    made: Markup = chart_macros().table(caption, list(columns), list(rows))
    return made
