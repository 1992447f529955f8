"""What every chart measures and places by (render/charts/geometry.py): one text-width
estimate, one way of cutting a name short, one legend flow and one month arithmetic, shared by
the bar and line charts and the timeline."""

from __future__ import annotations

from datetime import date

from planpress.render.charts import frame
from planpress.render.charts.geometry import (
    add_months,
    flow,
    months_between,
    quarter_start,
    tenth,
    text_width,
    truncate,
)
from planpress.render.charts.timeline_frame import NARROW, WIDE


def test_text_is_as_wide_as_its_characters_at_the_charts_size() -> None:
    assert text_width("", 7.0) == 0
    assert text_width("Jan 2021", WIDE.char) == 8 * WIDE.char
    assert text_width("Jan 2021", NARROW.char) > text_width("Jan 2021", WIDE.char)
    assert text_width("abc", frame.CHAR) == 3 * 0.62 * frame.FONT


def test_a_name_is_cut_short_on_one_line() -> None:
    assert truncate("A  short\nname", 20) == "A short name"
    assert truncate("exactly ten", 11) == "exactly ten"
    assert truncate("Skills and employment", 10) == "Skills an…"
    assert truncate("Skills and employment", 8) == "Skills…"  # no space before the mark
    assert len(truncate("x" * 100, 46)) == 46


def test_a_category_name_wraps_to_two_lines_the_last_cut_short() -> None:
    long = " ".join(["employment"] * 20)
    lines = frame.label_lines(long)
    assert len(lines) == 2 and lines[1].endswith("…")
    chars = int((frame.WIDTH - 2 * frame.PAD) / frame.CHAR)
    assert all(len(line) <= chars for line in lines)
    assert frame.label_lines("Skills") == ["Skills"]


def test_legend_entries_flow_into_rows() -> None:
    assert flow([], 8.0, 392, 8, 22) == []
    assert flow([100, 100, 100], 8.0, 392, 8, 22) == [(8.0, 8), (108.0, 8), (208.0, 8)]
    assert flow([200, 200, 50], 8.0, 392, 8, 22) == [(8.0, 8), (8.0, 30), (208.0, 30)]
    # an entry wider than a row still starts one, alone
    assert flow([500, 10], 10, 330, 0, 26) == [(10, 0), (10, 26)]


def test_the_bar_charts_legend_is_placed_by_the_flow() -> None:
    items = [(s.css, s.label, s) for s in frame_series()]
    placed = frame.legend(items, frame.PAD)
    assert [(i.x, i.y) for i in placed][:2] == [(8.0, 8), (tenth(8 + 24 + 14 + 8 * frame.CHAR), 8)]
    assert frame.legend_bottom(placed, frame.PAD) == placed[-1].y + frame.LEGEND_ROW + 6


def frame_series() -> list[frame.Series]:
    return [
        frame.Series(f"s{n}", label, "solid", "#000", "#000")
        for n, label in enumerate(["Proposed", "Planned", "In progress", "Complete", "Paused"])
    ]


def test_months_on_a_time_axis() -> None:
    assert quarter_start(date(2020, 9, 17)) == date(2020, 7, 1)
    assert quarter_start(date(2021, 1, 1)) == date(2021, 1, 1)
    assert months_between(date(2020, 7, 1), date(2021, 7, 1)) == 12
    assert add_months(date(2020, 10, 1), 3) == date(2021, 1, 1)
    assert add_months(date(2021, 1, 1), -1) == date(2020, 12, 1)
    assert tenth(1.26) == 1.3
