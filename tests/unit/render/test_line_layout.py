"""The indicator charts never fail on a value that `planpress check` accepts: every value from
the largest to the smallest the model allows, in any mix, gets an axis and finite positions."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.core.model import MEASURE_LARGEST, MEASURE_SMALLEST
from planpress.render.charts.line_layout import (
    Mark,
    as_at_box,
    label_box,
    line_layout,
    nice_ticks,
    overlap,
    value_ticks,
)
from planpress.render.text import format_measure

# Every value the model accepts: 0, or a magnitude from the smallest to the largest.
accepted = st.one_of(
    st.just(0.0),
    st.integers(-MEASURE_LARGEST, MEASURE_LARGEST).map(float),
    st.floats(MEASURE_SMALLEST, MEASURE_LARGEST),
    st.floats(-MEASURE_LARGEST, -MEASURE_SMALLEST),
    st.sampled_from([MEASURE_LARGEST, -MEASURE_LARGEST, MEASURE_SMALLEST, -MEASURE_SMALLEST]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(accepted, min_size=1, max_size=6), st.booleans())
def test_any_accepted_values_chart_without_failing(values: list[float], with_target: bool) -> None:
    ticks = value_ticks(values)
    assert ticks[0] <= min(values) and ticks[-1] >= max(values)
    assert len(ticks) >= 2 and all(math.isfinite(t) for t in ticks)
    start = date(2020, 1, 1)
    marks = [
        Mark(start + timedelta(days=90 * i), v, format_measure(v, "count"), "words")
        for i, v in enumerate(values[:-1] if with_target and len(values) > 1 else values)
    ]
    target = (
        Mark(date(2030, 1, 1), values[-1], format_measure(values[-1], "count"), "target")
        if with_target and len(values) > 1
        else None
    )
    drawn = line_layout(
        marks, target, date(2024, 1, 1), "As at", {t: format_measure(t, "count") for t in ticks}
    )
    for point in drawn.measured:
        assert math.isfinite(point.x) and math.isfinite(point.y)
        assert drawn.top - 1 <= point.y <= drawn.bottom + 1
    # no label covers another, or the as-at date's
    boxes = [as_at_box(drawn)] + [
        label_box(p) for p in [drawn.target, *drawn.measured] if p is not None and p.label
    ]
    for i, box in enumerate(boxes):
        for other in boxes[:i]:
            assert not overlap(box, other), (box, other)
        if i:  # a value's label stays clear of the value axis's figures
            assert box[0] >= drawn.left - 0.5, (box, drawn.left)


def test_values_too_close_to_tell_apart_get_an_axis() -> None:
    for low, high in ((0.1, 0.1 + 1e-12), (MEASURE_LARGEST - 1, MEASURE_LARGEST), (5.0, 5.0)):
        ticks = nice_ticks(low, high)
        assert ticks[0] <= low and ticks[-1] >= high and len(ticks) >= 2


def test_two_close_values_and_the_as_at_date_are_all_readable() -> None:
    """The example's indicator: two values a little apart on a long axis, a target, and the
    as-at date's label above the plot."""
    unit = "kilotonnes CO2e"
    marks = [
        Mark(date(2018, 1, 1), 5400, f"5,400 {unit}", "baseline"),
        Mark(date(2020, 6, 1), 5250, f"5,250 {unit}", "measured"),
    ]
    target = Mark(date(2030, 12, 1), 2000, f"2,000 {unit}", "target")
    ticks = value_ticks([5400, 5250, 2000])
    drawn = line_layout(
        marks,
        target,
        date(2020, 7, 16),
        "As at 16 July 2020",
        {t: format_measure(t, "count") for t in ticks},
    )
    boxes = [as_at_box(drawn)] + [label_box(p) for p in [drawn.target, *drawn.measured]]
    for i, box in enumerate(boxes):
        for other in boxes[:i]:
            assert not overlap(box, other), (box, other)
