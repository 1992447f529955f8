"""An indicator's figure published once a year is dated by its year (`2025`), and shown so."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE_DATA

from planpress.core.delivery import indicator_values
from planpress.core.load import load_plan
from planpress.core.model import PlanDate


@pytest.mark.parametrize("written", ["2019", "'2019'"])
def test_a_year_is_a_valid_date_for_an_indicator_value(tmp_path: Path, written: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    indicators = data / "indicators.yml"
    text = indicators.read_text(encoding="utf-8")
    old = "    - value: 81\n      date: 2018-12\n"
    assert old in text
    indicators.write_text(
        text.replace(old, f"    - value: 81\n      date: {written}\n"), encoding="utf-8"
    )
    loaded = load_plan(data)
    assert loaded.problems == []
    assert loaded.plan is not None
    indicator = next(i for i in loaded.plan.indicators if i.id == "productivity-gap")
    when = indicator.values[0].date
    assert (str(when), when.human(), when.month_only) == ("2019", "2019", False)
    assert (when.first_day, when.last_day) == (date(2019, 1, 1), date(2019, 12, 31))
    assert [str(d) for d, _ in indicator_values(indicator, date(2020, 7, 16))] == [
        "2015-12",
        "2019",
    ]


def test_a_year_is_not_a_date_elsewhere(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    meetings = data / "meetings.yml"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace("date: 2020-07-16", "date: 2020", 1), encoding="utf-8")
    problems = [str(p) for p in load_plan(data).problems]
    assert len(problems) == 1 and "is not a valid date" in problems[0]


def test_years_parse_and_order_with_other_dates() -> None:
    year = PlanDate.parse_year_or_date(2025)
    assert year == PlanDate.parse_year_or_date("2025")
    assert year != PlanDate.parse("2025-01")
    with pytest.raises(ValueError):
        PlanDate.parse_year_or_date("1200")
    with pytest.raises(ValueError):
        PlanDate.parse("2025")
