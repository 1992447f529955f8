"""Unit tests of the timeline: its two layouts (wide, and narrow for a phone), the as-at line,
delivery flags on the chart and in the table, and escaping of text from data."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from render_cases import NASTY, make_large_plan, make_plan

from planpress.core.model import Plan, PlanDate
from planpress.render import PAGE_MACROS, Site
from planpress.render.charts.timeline_chart import build_chart
from planpress.render.charts.timeline_frame import NARROW, WIDE
from planpress.render.pages.timeline import timeline_rows

# make_plan's actions, as at 1 April 2021: SKL-01 (September 2020 to March 2021, in progress)
# is overdue; SKL-02 (planned, starting 15 January 2021) has missed its start; PLC-01 (due 30
# June 2021) is complete. The chart spans July 2020 (a quarter) to the end of June 2021.
AS_AT = date(2021, 4, 1)


def site_as_at(plan: Plan, as_at: date | None = AS_AT, page_url: str = "timeline/") -> Site:
    version = SimpleNamespace(as_at=as_at) if as_at is not None else None
    return Site(plan, page_url=page_url, build_version=version)


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html, re.DOTALL)


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


# ---------------------------------------------------------------- two layouts


def test_the_page_has_a_wide_chart_and_a_narrow_one_with_their_own_ids():
    html = PAGE_MACROS["timeline"](site_as_at(make_plan()))
    wide, narrow = svgs(html)
    assert 'class="pp-timeline__svg pp-timeline__svg--wide"' in wide
    assert 'viewBox="0 0 960 ' in wide
    assert 'aria-labelledby="pp-timeline-title pp-timeline-desc"' in wide
    assert 'class="pp-timeline__svg pp-timeline__svg--narrow"' in narrow
    assert 'aria-labelledby="pp-timeline-title-narrow pp-timeline-desc-narrow"' in narrow
    assert 'fill="url(#pp-tl-hatch-narrow)"' in narrow and "#pp-tl-hatch)" not in narrow
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    assert "pp-timeline__wide" in html and "pp-timeline__narrow" in html


def test_the_narrow_chart_fits_a_phone_with_each_label_above_its_bar():
    chart = build_chart(site_as_at(make_plan()), NARROW)
    assert chart is not None and chart.layout is NARROW
    # 420 units shown 343 px wide (a 375 px screen): text of 14 units is over 11 px.
    assert 400 <= NARROW.width <= 480
    assert NARROW.small_font * (343 / NARROW.width) >= 11
    rows = [row for row in chart.rows if row.kind != "heading"]
    assert rows
    for row in rows:
        assert row.label_y < row.cy - NARROW.bar_height / 2, row.label  # the label is above
        assert NARROW.plot_x0 <= row.x1 <= row.x2 <= NARROW.plot_right, row.label
        assert len(row.label) <= NARROW.label_chars
    bars = [row for row in rows if row.marker == "bar"]
    wide = {row.full_label: row for row in build_chart(site_as_at(make_plan())).rows}
    for row in bars:  # the bars use the whole width: wider than the wide chart's, in proportion
        share = (row.x2 - row.x1) / NARROW.plot_width
        wide_row = wide[row.full_label]
        assert abs(share - (wide_row.x2 - wide_row.x1) / WIDE.plot_width) < 0.02
    for x, _words in chart.axis.labels:
        assert NARROW.plot_x0 <= x <= NARROW.plot_right


def test_a_long_title_is_cut_short_on_the_chart_and_whole_in_the_table():
    long = "Word " * 20
    plan = make_plan(long.strip())
    chart = build_chart(site_as_at(plan), NARROW)
    assert chart is not None
    labels = [row.label for row in chart.rows]
    assert all(len(label) <= NARROW.label_chars for label in labels)
    assert any(label.endswith("…") for label in labels)
    table = PAGE_MACROS["timeline_table"](site_as_at(plan))
    assert long.strip() + " first action" in table


# ---------------------------------------------------------------- the as-at line


def test_the_as_at_line_is_drawn_and_labelled_when_in_range():
    html = PAGE_MACROS["timeline"](site_as_at(make_plan()))
    for svg in svgs(html):
        assert svg.count('class="pp-tl-asat"') == 1
        assert 'stroke-dasharray="6 3"' in svg  # a dashed line: not told by colour alone
        assert "As at 1 April 2021" in texts(svg)
        assert "A dashed vertical line marks 1 April 2021" in svg  # the description says so
    assert "A dashed line marks 1 April 2021, the date the plan is shown as at" in html
    for layout in (WIDE, NARROW):
        chart = build_chart(site_as_at(make_plan()), layout)
        assert chart is not None and chart.as_at_x is not None
        # 1 April 2021 is 274 of the 365 days from 1 July 2020 to 1 July 2021
        expected = layout.plot_x0 + 274 / 365 * layout.plot_width
        assert abs(chart.as_at_x - expected) < 0.2
        words = len(chart.as_at_words) * layout.char
        if chart.as_at_anchor == "start":
            assert chart.as_at_label_x + words <= layout.width
        else:
            assert chart.as_at_label_x - words >= 0


def test_outside_the_axis_there_is_no_line_and_the_caption_says_so():
    html = PAGE_MACROS["timeline"](site_as_at(make_plan(), date(2030, 1, 2)))
    assert 'class="pp-tl-asat"' not in html
    assert "The plan is shown as at 2 January 2030, outside the span of the chart" in html
    before = PAGE_MACROS["timeline"](site_as_at(make_plan(), date(2019, 1, 1)))
    assert 'class="pp-tl-asat"' not in before and "outside the span of the chart" in before


def test_without_an_as_at_date_there_is_no_line_and_no_flag():
    html = PAGE_MACROS["timeline"](Site(make_plan(), page_url="timeline/"))
    assert 'class="pp-tl-asat"' not in html and "As at" not in html
    assert "pp-tl-flag" not in html
    table = PAGE_MACROS["timeline_table"](Site(make_plan(), page_url="timeline/"))
    assert "Delivery" not in table


# ---------------------------------------------------------------- delivery flags


def test_flags_are_words_beside_the_status_and_a_marker():
    for layout in (WIDE, NARROW):
        chart = build_chart(site_as_at(make_plan()), layout)
        assert chart is not None
        rows = {row.full_label.split()[0]: row for row in chart.rows if row.kind == "action"}
        assert rows["SKL-01"].note == "In progress, overdue"
        assert rows["SKL-01"].flag_x is not None
        assert rows["SKL-02"].note == "Planned, start missed"
        assert rows["SKL-02"].flag_x is not None
        assert rows["PLC-01"].note == "Complete" and rows["PLC-01"].flag_x is None
        assert chart.flagged == 2
        assert "Overdue or start missed" in [words for *_place, words in chart.legend]
    html = PAGE_MACROS["timeline"](site_as_at(make_plan()))
    assert "a warning triangle marks the actions overdue or past their start date" in html
    wide = svgs(html)[0]
    assert wide.count('class="pp-tl-flag"') == 3  # two rows and the legend
    assert "<title>SKL-01 Plain first action: September 2020 to March 2021; in progress;" in wide


def test_due_soon_is_said_without_a_marker():
    chart = build_chart(site_as_at(make_plan(), date(2021, 5, 1)))
    assert chart is not None
    rows = {row.full_label.split()[0]: row for row in chart.rows if row.kind == "action"}
    assert rows["PLC-01"].note == "Complete"  # complete: not due soon
    chart = build_chart(site_as_at(make_plan(), date(2021, 1, 5)))
    assert chart is not None
    rows = {row.full_label.split()[0]: row for row in chart.rows if row.kind == "action"}
    assert rows["SKL-01"].note == "In progress, due within 3 months"
    assert rows["SKL-01"].flag_x is None


def test_the_table_has_a_delivery_column_with_each_actions_flags():
    table = PAGE_MACROS["timeline_table"](site_as_at(make_plan()))
    assert '<th scope="col">Delivery (as at 1 April 2021)</th>' in table
    body = table[table.index("<tbody>") :]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    cells = {
        re.search(r'class="pp-id">([^<]+)<', row).group(1): re.findall(r"<td>(.*?)</td>", row)
        for row in rows
        if 'class="pp-id"' in row
    }
    assert "pp-flag--overdue" in cells["SKL-01"][-1] and "Overdue" in cells["SKL-01"][-1]
    assert "Start missed" in cells["SKL-02"][-1]
    assert cells["PLC-01"][-1] == ""
    assert all(row.count("<td>") + row.count('<th scope="row">') == 6 for row in rows)


def test_a_large_plan_counts_each_groups_overdue_actions():
    site = site_as_at(make_large_plan())
    for layout in (WIDE, NARROW):
        chart = build_chart(site, layout)
        assert chart is not None
        groups = {row.full_label: row for row in chart.rows if row.kind == "group"}
        skills = groups["Plain Skills"]
        assert skills.note == "2 actions, 1 overdue, 1 start missed"
        assert skills.flag_x is not None
        assert skills.tooltip.endswith("March 2021, 1 overdue, 1 start missed")
        assert groups["Plain Places"].note == "2 actions" and groups["Plain Places"].flag_x is None
    html = PAGE_MACROS["timeline"](site)
    assert "a warning triangle marks the groups with actions overdue" in html
    table = PAGE_MACROS["timeline_table"](site)
    assert "<td>Overdue: 1; Start missed: 1</td>" in table
    rows = [r for r in timeline_rows(site) if r.group]
    assert [r.flags for r in rows] == [{"overdue": 1, "start-missed": 1}, {}]


# ---------------------------------------------------------------- text from data


def test_text_from_data_is_escaped_in_both_charts_and_the_table():
    plan = make_plan(NASTY)
    site = site_as_at(plan)
    html = PAGE_MACROS["timeline"](site)
    table = PAGE_MACROS["timeline_table"](site)
    for made in (html, table):
        assert "<script" not in made
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    for svg in svgs(html):
        labels = [t for t in texts(svg) if "alert(1)" in t]
        assert labels, "the title is on the chart"
        assert all(t.startswith(("SKL-", "PLC-", "November 2020:", "&lt;")) for t in labels)
        assert all("&lt;script&gt;" in t for t in labels)
    wide = svgs(html)[0]
    assert "<title>SKL-01 &lt;script&gt;alert(1)&lt;/script&gt;" in wide


# ---------------------------------------------------------------- on small plans, as at no date


def test_dates_are_written_for_people():
    assert PlanDate.parse("2020-07-16").human() == "16 July 2020"
    assert PlanDate.parse("2021-03").human() == "March 2021"
    html = PAGE_MACROS["timeline_table"](Site(make_plan(), page_url="timeline/"))
    assert "September 2020 to March 2021" in html
    assert "From 15 January 2021 (no due date)" in html
    assert "Due 30 June 2021 (no start date)" in html


def test_timeline_svg_is_accessible_and_static():
    html = PAGE_MACROS["timeline"](Site(make_plan(), page_url="timeline/"))
    assert html.startswith("<figure")
    svg = html[html.index("<svg") :]
    assert 'role="img"' in svg
    assert 'aria-labelledby="pp-timeline-title pp-timeline-desc"' in svg
    assert '<title id="pp-timeline-title">' in svg and '<desc id="pp-timeline-desc">' in svg
    assert "<script" not in html
    assert 'href="#timeline-table"' in html


def test_timeline_bars_span_whole_months_and_single_dates_get_markers():
    chart = build_chart(Site(make_plan()))
    rows = {row.label.split()[0]: row for row in chart.rows if row.kind == "action"}
    assert rows["SKL-01"].marker == "bar" and rows["SKL-01"].x2 > rows["SKL-01"].x1
    assert rows["SKL-02"].marker == "start"
    assert rows["PLC-01"].marker == "due"
    assert rows["PLC-02"].marker == "none"
    milestones = [row for row in chart.rows if row.kind == "milestone"]
    assert [m.marker for m in milestones] == ["milestone"]
    headings = [row.label for row in chart.rows if row.kind == "heading"]
    assert headings == ["Milestones", "Plain Skills", "Plain Places"]


def test_timeline_without_dates_says_so():
    plan = make_plan(milestones=[], actions=make_plan().actions[3:])
    html = PAGE_MACROS["timeline"](Site(plan, page_url="timeline/"))
    assert "No action or milestone has a date yet" in html


def test_timeline_table_lists_every_action_and_milestone_in_date_order():
    plan = make_plan()
    html = PAGE_MACROS["timeline_table"](Site(plan, page_url="timeline/"))
    assert "<caption>" in html and 'scope="col"' in html
    for action in plan.actions:
        assert f">{action.id}</span>" in html
    assert 'id="milestone-budget-day"' in html
    order = [r.action.id if r.action else r.milestone.id for r in timeline_rows(Site(plan))]
    assert order == ["SKL-01", "budget-day", "SKL-02", "PLC-01", "PLC-02"]


def test_timeline_of_a_large_plan_draws_a_bar_per_group():
    site = Site(make_large_plan(), page_url="timeline/")
    chart = build_chart(site)
    assert not [row for row in chart.rows if row.kind == "action"]
    groups = {row.full_label: row for row in chart.rows if row.kind == "group"}
    assert list(groups) == ["Plain Skills", "Plain Places"]
    # Skills runs from September 2020 (SKL-01's start) to March 2021 (its due month).
    skills = groups["Plain Skills"]
    assert skills.marker == "bar" and skills.x2 > skills.x1
    assert skills.note == "2 actions"
    assert skills.tooltip == "Plain Skills: 2 actions, September 2020 to March 2021"
    # Places: PLC-01 due 30 June 2021 is its only date.
    assert groups["Plain Places"].tooltip.endswith("June 2021 to June 2021")
    legend = [words for _x, _y, _kind, words in chart.legend]
    assert legend == ["Milestone", "A group's actions, from the first date to the last"]
    html = PAGE_MACROS["timeline"](site)
    assert "shows each of its 2 groups as one bar" in html
    table = PAGE_MACROS["timeline_table"](site)
    assert "SKL-01" not in table
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>Group</td>", table)
    assert rows == ["September 2020 to March 2021", "June 2021 to June 2021"]
    order = [r.group.id if r.group else r.milestone.id for r in timeline_rows(site)]
    assert order == ["skills", "budget-day", "places"]
