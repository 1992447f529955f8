"""The static SVG charts: figures equal to the data, escaping, ids, accessibility, no chart when
there is nothing to draw."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from planpress.core.delivery import DONE, indicator_values
from planpress.core.load import load_plan
from planpress.core.model import Plan
from planpress.render import asks, charts
from planpress.render.site import Site
from planpress.render.text import format_measure, format_money

ROOT = Path(__file__).resolve().parents[3]
AS_AT = date(2020, 9, 17)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> \"]]><x onload=alert(2)> & 'q'"
DRAWN_TAGS = {
    "svg",
    "title",
    "desc",
    "defs",
    "pattern",
    "rect",
    "path",
    "circle",
    "g",
    "text",
    "line",
    "polyline",
}


@pytest.fixture(scope="module")
def example() -> Plan:
    result = load_plan(ROOT / "data")
    assert result.ok, result.problems
    assert result.plan is not None
    return result.plan


def every_chart(site: Site, as_at: date = AS_AT) -> list[charts.Chart]:
    found = [
        charts.status_by_group(site, as_at),
        charts.rag_by_group(site, as_at),
        charts.budget_by_theme(site),
        charts.asks_by_theme(site),
        *(charts.indicator_chart(site, i, as_at) for i in site.plan.indicators),
    ]
    return [chart for chart in found if chart is not None]


def svg_tree(chart: charts.Chart) -> Any:
    """The SVG parsed as XML: it must be well formed."""
    return etree.fromstring(str(chart.svg).encode())


def table_rows(chart: charts.Chart) -> dict[str, list[str]]:
    """The table's rows, by the text of their heading cell."""
    table = html.fragment_fromstring(str(chart.table))
    rows = {}
    for row in table.iter("tr"):
        heading = row.find("th")
        if heading is not None and heading.get("scope") == "row":
            rows[heading.text_content()] = [td.text_content() for td in row.findall("td")]
    return rows


def table_columns(chart: charts.Chart) -> list[str]:
    table = html.fragment_fromstring(str(chart.table))
    return [th.text_content() for th in table.iter("th") if th.get("scope") == "col"]


# ---------------------------------------------------------------- figures equal the data


def test_status_by_group_counts_every_action_by_status(example: Plan) -> None:
    site = Site(example)
    chart = charts.status_by_group(site, AS_AT)
    assert chart is not None
    assert chart.id == "chart-status-by-group"
    assert chart.title == "Actions by status and group"
    columns = table_columns(chart)
    rows = table_rows(chart)
    groups = {g.id: g.name for g in example.groups}
    owning = [g for g in example.groups if any(a.group == g.id for a in example.actions)]
    assert list(rows) == [g.name for g in owning]
    for group_id, name in groups.items():
        counts = Counter(a.status for a in example.actions if a.group == group_id)
        if not counts:
            continue
        cells = dict(zip(columns[1:], rows[name], strict=True))
        for status in ("proposed", "planned", "in-progress", "complete", "paused"):
            label = status.replace("-", " ").capitalize()
            assert cells[label] == str(counts[status]), (name, status)
        assert cells["Total"] == str(sum(counts.values()))
    # statuses that no action has get no column; the summary gives the plan's totals
    assert "Cancelled" not in columns
    assert chart.summary.startswith(f"{len(example.actions)} actions in {len(owning)} groups: ")
    assert "12 planned, 11 in progress" in chart.summary
    # each figure that fits is written on the bar, and the total beside it
    texts = [t.text for t in svg_tree(chart).iter(f"{SVG}text")]
    assert "6 actions" in texts and "3" in texts


def test_rag_by_group_counts_actions_under_way(example: Plan) -> None:
    chart = charts.rag_by_group(Site(example), AS_AT)
    assert chart is not None
    assert table_columns(chart) == ["Group", "Red", "Amber", "Green", "Not rated", "Total"]
    rows = table_rows(chart)
    for group in example.groups:
        active = [a for a in example.actions if a.group == group.id and a.status not in DONE]
        if not active:
            assert group.name not in rows
            continue
        rags = Counter(a.rag or "none" for a in active)
        expected = [str(rags[k]) for k in ("red", "amber", "green", "none")] + [str(len(active))]
        assert rows[group.name] == expected, group.id
    active = [a for a in example.actions if a.status not in DONE]
    assert f"{len(active)} actions under way" in chart.summary


def test_budget_by_theme_sums_budgets_and_funding(example: Plan) -> None:
    chart = charts.budget_by_theme(Site(example))
    assert chart is not None
    assert table_columns(chart) == ["Theme", "Budget", "Funding secured", "Share"]
    rows = table_rows(chart)
    for theme in example.plan.themes:
        budgets = [a.budget for a in example.actions if a.theme == theme.id and a.budget]
        amount = sum(b.amount or 0 for b in budgets)
        funded = sum(b.funded or 0 for b in budgets)
        assert rows[theme.name][:2] == [format_money(amount), format_money(funded)]
        assert rows[theme.name][2] == f"{round(100 * funded / amount)}%"
        texts = [t.text for t in svg_tree(chart).iter(f"{SVG}text")]
        assert f"{format_money(amount)} budget" in texts


def test_asks_by_theme_sums_the_prospectus_asks(example: Plan) -> None:
    chart = charts.asks_by_theme(Site(example))
    assert chart is not None
    assert chart.id == "chart-asks-by-theme"
    rows = table_rows(chart)
    gathered = asks.asks_by_theme(example)
    assert list(rows) == [g.theme.name for g in gathered]
    for group in gathered:
        assert rows[group.theme.name] == [str(len(group.actions)), format_money(group.total)]
    assert format_money(asks.total_ask(example)) in chart.summary


def test_indicator_chart_has_baseline_values_to_date_target_and_as_at(example: Plan) -> None:
    jobs = next(i for i in example.indicators if i.id == "jobs-created")
    as_at = date(2020, 6, 30)  # the September 2020 value is not yet known
    chart = charts.indicator_chart(Site(example), jobs, as_at)
    assert chart.id == "chart-indicator-jobs-created"
    table = html.fragment_fromstring(str(chart.table))
    rows = [[c.text_content() for c in row] for row in table.iter("tr")][1:]
    known = indicator_values(jobs, as_at)
    assert jobs.target is not None
    assert rows == [
        ["Baseline", known[0][0].human(), format_measure(known[0][1], "jobs")],
        *(["Measured", day.human(), format_measure(value, "jobs")] for day, value in known[1:]),
        ["Target", jobs.target.date.human(), format_measure(jobs.target.value, "jobs")],
    ]
    assert "30,200 jobs" not in str(chart.svg) + str(chart.table)
    tree = svg_tree(chart)
    texts = [t.text for t in tree.iter(f"{SVG}text")]
    assert "As at 30 June 2020" in texts
    assert "Target: 50,000 jobs by December 2021" in texts
    assert "31,500 jobs" in texts  # the latest value is written beside its point
    measured = tree.find(f".//{SVG}polyline")
    assert measured is not None and len(measured.get("points").split()) == len(known)
    dots = tree.xpath(
        "//s:circle[@class='pp-chart-dot--measured'][not(ancestor::s:g[@class='pp-chart-legend'])]",
        namespaces={"s": SVG[1:-1]},
    )
    assert len(dots) == len(known)
    dashed = [e for e in tree.iter(f"{SVG}line") if e.get("class") == "pp-chart-line--expected"]
    assert len(dashed) == 2 and dashed[1].get("stroke-dasharray")  # the legend's and the path
    assert "As at 30 June 2020, the latest value is 31,500 jobs (March 2020)" in chart.summary
    assert "the target is 50,000 jobs by December 2021" in chart.summary


def test_indicator_without_target_has_no_expected_path(example: Plan) -> None:
    jobs = next(i for i in example.indicators if i.id == "jobs-created")
    untargeted = jobs.model_copy(update={"target": None})
    chart = charts.indicator_chart(Site(example), untargeted, AS_AT)
    classes = {e.get("class") for e in svg_tree(chart).iter()}
    assert "pp-chart-line--expected" not in classes and "pp-chart-target" not in classes
    assert "Target" not in table_rows(chart)
    assert chart.summary.endswith("No target is set.")


# ---------------------------------------------------------------- escaping


def hostile_plan() -> Plan:
    """A plan whose every name that a chart shows is markup."""
    theme = {"name": f"Theme {HOSTILE}", "horizon": "short"}
    action = {
        "strand": "s",
        "owner": "org",
        "budget": {"amount": 1000, "funded": 400},
        "prospectus": {"ask": 500},
    }
    return Plan.model_validate(
        {
            "plan": {
                "id": "p",
                "title": HOSTILE,
                "organisation": "org",
                "summary": HOSTILE,
                "strands": [{"id": "s", "name": HOSTILE}],
                "themes": [{"id": "t1", **theme}, {"id": "t2", **theme}],
            },
            "organisations": [{"id": "org", "name": HOSTILE, "kind": "lep"}],
            "groups": [
                {"id": "g1", "name": f"Group {HOSTILE}", "kind": "sub-group"},
                {"id": "g2", "name": "]]><x onload=alert(3)>", "kind": "sub-group"},
            ],
            "actions": [
                {**action, "id": "A-1", "title": HOSTILE, "theme": "t1", "group": "g1"}
                | {"status": "in-progress", "rag": "red"},
                {**action, "id": "A-2", "title": HOSTILE, "theme": "t2", "group": "g2"}
                | {"status": "planned"},
            ],
            "indicators": [
                {
                    "id": "i",
                    "name": f"Indicator {HOSTILE}",
                    "unit": "jobs",
                    "baseline": {"value": 1, "date": "2019-01", "source": HOSTILE},
                    "target": {"value": 9, "date": "2022-01", "source": HOSTILE},
                    "values": [{"value": 4, "date": "2020-01", "source": HOSTILE}],
                    "source": HOSTILE,
                }
            ],
        }
    )


def test_names_from_data_are_text_never_markup() -> None:
    site = Site(hostile_plan())
    found = every_chart(site)
    assert len(found) == 5
    for chart in found:
        tree = svg_tree(chart)
        for element in tree.iter():
            assert isinstance(element.tag, str)
            assert element.tag.startswith(SVG), element.tag
            assert element.tag[len(SVG) :] in DRAWN_TAGS, element.tag
            assert not [a for a in element.attrib if a.lower().startswith("on")]
        text = " ".join(tree.itertext())
        assert "<script>alert(1)</script>" in text, chart.id
        # the figure as a whole: the caption and table hold the names as text too
        figure = html.fragment_fromstring(str(chart.figure()))
        assert not list(figure.iter("script", "x"))
        assert "<script>alert(1)</script>" in figure.text_content()
    status = charts.status_by_group(site, AS_AT)
    assert status is not None
    assert "]]><x onload=alert(3)>" in " ".join(svg_tree(status).itertext())
    assert "]]&gt;&lt;x onload=alert(3)&gt;" in str(status.svg)


# ---------------------------------------------------------------- ids, accessibility, sameness


def test_ids_are_unique_across_charts_and_every_reference_resolves(example: Plan) -> None:
    found = every_chart(Site(example))
    assert len(found) == 7
    ids: list[str] = []
    for chart in found:
        tree = svg_tree(chart)
        own = [e.get("id") for e in tree.iter() if e.get("id")]
        assert all(i.startswith(chart.id + "-") for i in own)
        ids += own
        for element in tree.iter():
            fill = element.get("fill") or ""
            if fill.startswith("url(#"):
                assert fill[5:-1] in own, (chart.id, fill)
    ids += [chart.id for chart in found]
    assert len(ids) == len(set(ids))
    patterns = [i for i in ids if "-status-" in i or "-rag-" in i]
    assert len(patterns) >= 8


def test_svg_and_table_are_accessible(example: Plan) -> None:
    for chart in every_chart(Site(example)):
        tree = svg_tree(chart)
        assert tree.get("role") == "img"
        assert tree.get("aria-labelledby") == f"{chart.id}-title {chart.id}-desc"
        assert tree.find(f"{SVG}title").text == chart.title
        assert tree.find(f"{SVG}desc").text.startswith(chart.summary)
        assert tree.get("viewBox").startswith("0 0 400 ")
        assert tree.get("width") == "100%"
        table = html.fragment_fromstring(str(chart.table))
        assert table.find("caption").text_content().startswith(chart.title)
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
        numbers = table.xpath("//td[@class='pp-num']")
        assert numbers and all(any(c.isdigit() for c in td.text_content()) for td in numbers)


def test_figure_holds_svg_then_caption_then_visible_table(example: Plan) -> None:
    chart = charts.asks_by_theme(Site(example))
    assert chart is not None
    figure = html.fragment_fromstring(str(chart.figure()))
    assert figure.tag == "figure" and figure.get("id") == chart.id
    assert "pp-chart" in figure.get("class").split()
    order = [e.tag for e in figure.iter("svg", "figcaption", "table")]
    assert order == ["svg", "figcaption", "table"]
    caption = figure.find(".//figcaption").text_content()
    assert caption == f"{chart.title}. {chart.summary}"
    for element in figure.iter():
        assert element.get("hidden") is None and element.get("aria-hidden") is None


def test_output_is_the_same_every_time(example: Plan) -> None:
    first = [c.figure() for c in every_chart(Site(example))]
    again = [c.figure() for c in every_chart(Site(load_plan(ROOT / "data").plan))]
    assert first == again


# ---------------------------------------------------------------- nothing to draw


def test_no_chart_when_there_is_nothing_to_draw(example: Plan) -> None:
    empty = example.model_copy(update={"actions": []})
    site = Site(empty)
    assert charts.status_by_group(site, AS_AT) is None
    assert charts.rag_by_group(site, AS_AT) is None
    assert charts.budget_by_theme(site) is None
    assert charts.asks_by_theme(site) is None
    done = [a.model_copy(update={"status": "complete"}) for a in example.actions]
    assert charts.rag_by_group(Site(example.model_copy(update={"actions": done})), AS_AT) is None
    unfunded = [a.model_copy(update={"budget": None, "prospectus": None}) for a in example.actions]
    site = Site(example.model_copy(update={"actions": unfunded}))
    assert charts.budget_by_theme(site) is None
    assert charts.asks_by_theme(site) is None
    assert charts.status_by_group(site, AS_AT) is not None


def test_a_single_value_indicator_still_draws(example: Plan) -> None:
    jobs = next(i for i in example.indicators if i.id == "jobs-created")
    bare = jobs.model_copy(update={"target": None, "values": None})
    chart = charts.indicator_chart(Site(example), bare, jobs.baseline.date.first_day)
    assert list(table_rows(chart)) == ["Baseline"]
    assert "no value has been measured since the baseline" in chart.summary
