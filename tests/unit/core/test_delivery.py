"""Delivery as at a date: flags, roll-ups, the overall rating and indicators; and the checks
of indicators.yml with their exact messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE_DATA, MINIMAL, write_data

from planpress.core.delivery import (
    action_flags,
    add_months,
    indicator_values,
    overall,
    position,
    rollup,
)
from planpress.core.load import load_plan
from planpress.core.model import Action, Indicator
from planpress.core.plancache import require_plan

SEPTEMBER = date(2020, 9, 17)


def action(**fields) -> Action:
    base = {
        "id": "SKL-01",
        "title": "An action",
        "strand": "growth",
        "theme": "recovery",
        "group": "skills",
        "owner": "council",
        "status": "in-progress",
        "rag": "green",
    }
    return Action.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("fields", "flags"),
    [
        ({"due": "2020-08"}, ("overdue",)),
        ({"due": "2020-09"}, ("due-soon",)),  # the month is not over on 17 September
        ({"due": "2020-09-16"}, ("overdue",)),
        ({"due": "2020-09-16", "status": "complete"}, ()),
        ({"due": "2020-09-16", "status": "cancelled"}, ()),
        ({"due": "2020-12-17"}, ("due-soon",)),
        ({"due": "2020-12-18"}, ()),
        ({"start": "2020-08", "status": "planned"}, ("start-missed",)),
        ({"start": "2020-09-01", "status": "proposed"}, ("start-missed",)),
        ({"start": "2020-09", "status": "planned"}, ()),
        ({"start": "2020-08", "status": "in-progress"}, ()),
        ({"rag": None}, ("rag-missing",)),
        ({"rag": None, "status": "planned"}, ()),
        (
            {"rag": None, "status": "planned", "start": "2020-01", "due": "2020-02"},
            ("overdue", "start-missed"),
        ),
    ],
)
def test_flags_as_at_a_date(fields: dict, flags: tuple[str, ...]) -> None:
    assert action_flags(action(**fields), SEPTEMBER) == flags


def test_the_same_action_is_flagged_by_the_date_it_is_seen_at() -> None:
    late = action(due="2020-08")
    assert action_flags(late, date(2020, 7, 16)) == ("due-soon",)
    assert action_flags(late, SEPTEMBER) == ("overdue",)


def test_add_months_keeps_the_day_or_the_months_last() -> None:
    assert add_months(date(2020, 11, 30), 3) == date(2021, 2, 28)
    assert add_months(date(2020, 9, 17), 3) == date(2020, 12, 17)


def test_rollup_weights_progress_by_budget_only_when_every_one_has_a_budget() -> None:
    budgeted = [
        action(id="SKL-01", progress=100, budget={"amount": 300}),
        action(id="SKL-02", progress=0, budget={"amount": 100}),
    ]
    total = rollup("all", budgeted, SEPTEMBER)
    assert (total.progress, total.progress_basis) == (75.0, "budget")
    assert (total.budget, total.actions) == (400, 2)
    mixed = [*budgeted, action(id="SKL-03", progress=50)]
    total = rollup("all", mixed, SEPTEMBER)
    assert (total.progress, total.progress_basis) == (50.0, "count")
    done = rollup("all", [action(status="complete"), action(status="cancelled")], SEPTEMBER)
    assert (done.progress, done.progress_actions, done.active) == (100.0, 1, 0)


def test_overall_rating_and_its_reasons() -> None:
    greens = rollup("all", [action(), action(id="SKL-02")], SEPTEMBER)
    assert overall(greens).rag == "green"
    one_red = [action(rag="red"), *(action(id=f"SKL-0{i}") for i in range(2, 6))]
    judged = overall(rollup("all", one_red, SEPTEMBER))
    assert judged.rag == "amber" and judged.reasons == ("1 action rated red",)
    late = overall(rollup("all", [action(due="2020-01"), action(id="SKL-02")], SEPTEMBER))
    assert late.rag == "amber" and late.reasons == ("1 action overdue",)
    reds = overall(rollup("all", [action(rag="red"), action(id="SKL-02")], SEPTEMBER))
    assert reds.rag == "red"


def indicator(**fields) -> Indicator:
    base = {
        "id": "jobs",
        "name": "Jobs",
        "unit": "jobs",
        "baseline": {"value": 100, "date": "2020-01"},
        "target": {"value": 200, "date": "2021-01"},
        "values": [
            {"value": 120, "date": "2020-04"},
            {"value": 195, "date": "2020-12"},
        ],
    }
    return Indicator.model_validate({**base, **fields})


def test_an_indicator_as_at_a_date_knows_only_the_values_measured_by_then() -> None:
    jobs = indicator()
    assert [v for _, v in indicator_values(jobs, SEPTEMBER)] == [100, 120]
    seen = position(jobs, SEPTEMBER)
    assert (seen.value, str(seen.date), seen.towards_target) == (120, "2020-04", 20.0)
    assert seen.on_track is False  # a straight line from baseline to target is higher by April
    later = position(jobs, date(2021, 1, 1))
    assert later.value == 195 and later.on_track is True
    falling = position(
        indicator(direction="down", target={"value": 50, "date": "2021-01"}), SEPTEMBER
    )
    assert falling.on_track is False


def test_the_example_versions_flags_as_at_their_meetings() -> None:
    plan, _ = require_plan(EXAMPLE_DATA)
    flagged = {a.id: action_flags(a, SEPTEMBER) for a in plan.actions if action_flags(a, SEPTEMBER)}
    assert flagged == {"CGI-05": ("start-missed",), "INF-04": ("overdue",)}
    july = {a.id for a in plan.actions if "overdue" in action_flags(a, date(2020, 7, 16))}
    assert july == set()


INDICATORS = """\
- id: jobs
  name: Jobs created
  unit: {unit}
  theme: recovery
  baseline:
    value: 10
    date: 2020-06
  target:
    value: 20
    date: {target}
  values:
    - value: 12
      date: {value_date}
    - value: 13
      date: 2020-09
    - value: 14
      date: 2020-09
"""


def problems_of(folder: Path, **values: str) -> list[str]:
    text = INDICATORS.format(
        **{"unit": "jobs", "target": "2021-06", "value_date": "2020-07", **values}
    )
    write_data(folder, {**MINIMAL, "indicators.yml": text})
    return [str(p) for p in load_plan(folder).problems]


def test_indicator_checks_and_their_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data"
    found = problems_of(folder, unit="jobz", target="2020-01", value_date="2020-05")
    assert found == [
        "data/indicators.yml:3:9: 'jobz' is not an allowed unit (did you mean 'jobs'? allowed: "
        "percent, percentage-points, count, people, jobs, businesses, homes, gbp, gbp-per-hour, "
        "gbp-million, gbp-billion, index, ratio, years, hours, tonnes-co2e, kilotonnes-co2e)",
    ]
    found = problems_of(folder, target="2020-01", value_date="2020-05")
    assert found == [
        "data/indicators.yml:10:11: target date 2020-01 is before the baseline date 2020-06 (a "
        "target is set for a date after the baseline)",
        "data/indicators.yml:13:13: value dated 2020-05 is before the baseline date 2020-06 "
        "(values are measured on or after the baseline)",
        "data/indicators.yml:17:13: a second value for 2020-09 (the first is value 2; give one "
        "value per date)",
    ]


def test_an_action_naming_an_unknown_indicator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data"
    write_data(
        folder,
        {
            **MINIMAL,
            "indicators.yml": INDICATORS.format(
                unit="jobs", target="2021-06", value_date="2020-07"
            ),
        },
    )
    actions = (folder / "actions" / "skills.yml").read_text()
    (folder / "actions" / "skills.yml").write_text(
        actions.replace(
            "  status: in-progress\n", "  status: in-progress\n  indicators:\n    - job\n", 1
        )
    )
    found = [str(p) for p in load_plan(folder).problems]
    assert any(
        "indicators 'job' is not an indicator in indicators.yml (did you mean 'jobs'?)" in p
        for p in found
    ), found
