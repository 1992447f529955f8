"""Static SVG charts drawn at build time: no JavaScript, nothing fetched.

- `geometry`: what every chart measures and places by (text width, names cut short, legends
  flowed into rows, positions, months);
- `frame`, `bar_layout`, `line_layout`: the bar and line charts' sizes and geometry;
  `figure`: a chart with its summary and its table; `bar_charts` and `indicator`: the charts;
- `timeline_sizes`, `timeline_dates`, `timeline_chart`: the timeline's chart.

Templates draw what these compute: templates/charts.html and templates/timeline.html.
"""

from __future__ import annotations

from planpress.render.charts.bar_charts import (
    ASKED,
    BUDGET,
    FUNDED,
    RAG_SERIES,
    STATUS_SERIES,
    asks_by_theme,
    budget_by_theme,
    rag_by_group,
    status_by_group,
)
from planpress.render.charts.figure import Chart
from planpress.render.charts.indicator import indicator_chart

__all__ = [
    "ASKED",
    "BUDGET",
    "FUNDED",
    "RAG_SERIES",
    "STATUS_SERIES",
    "Chart",
    "asks_by_theme",
    "budget_by_theme",
    "indicator_chart",
    "rag_by_group",
    "status_by_group",
]
