"""An outcome indicator over time as a line chart: its baseline and the values measured by the
as-at date, its target and the straight "expected" path to it. It gives a `Chart` (`figure`)."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from planpress.core.delivery import indicator_values, position
from planpress.core.model import Indicator, PlanDate
from planpress.render.charts.figure import Chart, chart_macros, figures_table
from planpress.render.charts.line_layout import Mark, line_layout, value_ticks
from planpress.render.site import Site
from planpress.render.text import format_measure


def _day_words(day: date) -> str:
    return PlanDate(day.year, day.month, day.day).human()


def indicator_chart(site: Site, indicator: Indicator, as_at: date) -> Chart:
    """An indicator as a line: its baseline and the values measured by `as_at`, the target,
    the straight "expected" line from baseline to target, and the as-at date."""
    unit = indicator.unit
    points = indicator_values(indicator, as_at)
    target = indicator.target
    measured = []
    rows: list[tuple[str, list[str]]] = []
    for index, (when, value) in enumerate(points):
        what = "Baseline" if index == 0 else "Measured"
        written = format_measure(value, unit)
        measured.append(Mark(when.first_day, value, written, f"{what}: {written}, {when.human()}"))
        rows.append((what, [when.human(), written]))
    target_mark = None
    if target is not None:
        written = format_measure(target.value, unit)
        words = f"Target: {written} by {target.date.human()}"
        target_mark = Mark(target.date.first_day, target.value, words, words)
        rows.append(("Target", [target.date.human(), written]))
    values = [v for _, v in points] + ([target.value] if target else [])
    ticks = {t: format_measure(t, "count") for t in value_ticks(values)}
    as_at_words = _day_words(as_at)
    drawn = line_layout(measured, target_mark, as_at, f"As at {as_at_words}", ticks)
    title = " ".join(indicator.name.split())
    summary = _indicator_summary(indicator, as_at, as_at_words)
    how = (
        "A line chart over time: the baseline and the values measured since as a solid line "
        "with a dot at each value"
        + (
            ", the target as a diamond, and a dashed straight line from the baseline to the "
            "target showing the expected path"
            if target
            else ""
        )
        + "; a dotted vertical line marks the as-at date. The table after the chart gives "
        "every value."
    )
    chart_id = f"chart-indicator-{indicator.id}"
    svg: Markup = chart_macros().line(chart_id, title, f"{summary} {how}", drawn)
    columns = [("Value", False), ("Date", False), ("Figure", True)]
    table = figures_table(f"{title}: values as at {as_at_words}", columns, rows)
    return Chart(chart_id, title, summary, svg, table)


def _values(indicator: Indicator) -> list[float]:
    found = [indicator.baseline.value, *(v.value for v in indicator.values or [])]
    return found + ([indicator.target.value] if indicator.target else [])


def _indicator_summary(indicator: Indicator, as_at: date, as_at_words: str) -> str:
    unit = indicator.unit
    found = position(indicator, as_at)
    base = indicator.baseline
    latest = format_measure(found.value, unit)
    if found.date == base.date:
        text = (
            f"As at {as_at_words}, no value has been measured since the baseline of {latest} "
            f"({base.date.human()})"
        )
    else:
        text = (
            f"As at {as_at_words}, the latest value is {latest} ({found.date.human()}), from a "
            "baseline of "
            f"{format_measure(base.value, unit)} ({base.date.human()})"
        )
    target = indicator.target
    if target is None:
        return f"{text}. No target is set."
    text += f"; the target is {format_measure(target.value, unit)} by {target.date.human()}."
    if found.towards_target is not None and found.expected is not None:
        text += f" That is {found.towards_target:.0f}% of the way from the baseline to the target, "
        whole = all(isinstance(v, int) or v.is_integer() for v in _values(indicator))
        expected = format_measure(
            round(found.expected) if whole else round(found.expected, 1), unit
        )
        if found.on_track:
            text += f"on or ahead of the expected path ({expected} by then)."
        else:
            text += f"behind the expected path ({expected} by then)."
    return text
