"""One cell's value as its column takes it, or refused with what to type instead: dates (to the
month where the format shows no day, a year alone where the column allows it), whole numbers,
numbers, true or false, ids, lists and lines."""

from __future__ import annotations

import datetime

import pytest

from planpress.exchange.cellvalues import Refused, convert
from planpress.exchange.tables import TABLE_BY_NAME

ACTIONS = TABLE_BY_NAME["actions"]
VALUES = TABLE_BY_NAME["indicator_values"]


def cell(name: str, value: object, number_format: str = "General", *, text: bool = False) -> object:
    table = VALUES if name in ("value", "year") else ACTIONS
    column = table.column("date" if name == "year" else name)
    return convert(column, value, number_format, from_text=text)


def refused(found: object) -> str:
    assert isinstance(found, Refused), found
    return found.message


def test_dates() -> None:
    assert cell("due", datetime.date(2021, 3, 31), "yyyy-mm-dd") == "2021-03-31"
    assert cell("due", datetime.datetime(2021, 3, 1), "yyyy-mm") == "2021-03"
    assert cell("due", datetime.date(2021, 3, 1), 'mmm "of" yyyy') == "2021-03"
    assert cell("due", datetime.date(2021, 3, 1), "yyyy-mm-dd") == "2021-03-01"
    assert cell("due", "2021-03", text=True) == "2021-03"
    assert cell("due", " 2021-03-31 ") == "2021-03-31"
    assert "time of day" in refused(cell("due", datetime.datetime(2021, 3, 1, 9, 30)))
    assert "is text, not a date" in refused(cell("due", "March 2021"))
    assert "is a number, not a date" in refused(cell("due", 44000))
    assert "is not a date" in refused(cell("due", "2021-13-01"))


def test_a_year_alone_where_the_column_takes_one() -> None:
    assert cell("year", 2025) == "2025"
    assert cell("year", "2025", text=True) == "2025"
    assert cell("year", datetime.date(2025, 1, 1), "yyyy") == "2025"
    assert cell("year", datetime.date(2025, 1, 1), "yyyy-mm-dd") == "2025-01-01"
    assert "not a date or a year" in refused(cell("year", 12))
    assert "is a number, not a date" in refused(cell("due", 2025))  # no year alone here


def test_whole_numbers_and_numbers() -> None:
    assert cell("budget_amount", 120000) == 120000
    assert cell("budget_amount", 120000.0) == 120000
    assert cell("budget_amount", "120000", text=True) == 120000
    assert "has a fraction" in refused(cell("budget_amount", 0.5))
    assert "of the plan's currency" in refused(cell("budget_amount", 0.5))
    assert "is text, not a number" in refused(cell("budget_amount", "£120,000"))
    assert "is text, not a number" in refused(cell("budget_amount", "120000"))  # typed as text
    assert "TRUE or FALSE in a column of money" in refused(cell("budget_amount", True))
    assert cell("value", 81.5) == 81.5
    assert cell("value", 82.0) == 82
    assert cell("value", "-3", text=True) == -3
    assert cell("value", "81.5", text=True) == 81.5
    assert "no unit or commas" in refused(cell("value", "81.5%", text=True))
    assert "TRUE or FALSE in a column of numbers" in refused(cell("value", False))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("TRUE", True), (" no ", False), ("Yes", True)],
)
def test_true_or_false(value: object, expected: bool) -> None:
    assert cell("illustrative", value) is expected


def test_text_ids_and_lists() -> None:
    assert "is not TRUE or FALSE" in refused(cell("illustrative", "maybe"))
    assert cell("title", 12.0) == "12"
    assert cell("title", True) == "true"
    assert cell("title", " kept as typed ") == " kept as typed "
    assert "a date in a column of text" in refused(cell("title", datetime.date(2021, 1, 1)))
    assert cell("id", " SKL-01 ") == "SKL-01"
    assert cell("partners", "council, ,college,") == ["council", "college"]
    assert cell("partners", " , ") is None
    assert cell("outputs", "one\r\n\n two ") == ["one", "two"]
    assert cell("outputs", "\n") is None
