"""The indicator charts never fail on a value that `planpress check` accepts: every value from
the largest to the smallest the model allows, in any mix, gets an axis and finite positions."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.core.model import MEASURE_LARGEST, MEASURE_SMALLEST
from planpress.render.chart_layout import Mark, line_layout, nice_ticks, value_ticks
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


def test_values_too_close_to_tell_apart_get_an_axis() -> None:
    for low, high in ((0.1, 0.1 + 1e-12), (MEASURE_LARGEST - 1, MEASURE_LARGEST), (5.0, 5.0)):
        ticks = nice_ticks(low, high)
        assert ticks[0] <= low and ticks[-1] >= high and len(ticks) >= 2
