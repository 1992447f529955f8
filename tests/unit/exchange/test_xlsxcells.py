"""A value written as a workbook cell: dates as real dates shown to the month or the day, a year
alone as a number, money as a whole number, and text always text, never a formula."""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from planpress.exchange.columns import LIST_SEPARATOR, Column
from planpress.exchange.xlsxcells import (
    DAY_FORMAT,
    MONEY_FORMAT,
    MONTH_FORMAT,
    WRAP,
    text_cell,
    value_cell,
)


def column(kind: str, *, years: bool = False) -> Column:
    return Column("name", ("name",), kind, "", years=years)  # type: ignore[arg-type]


def test_dates_money_and_numbers() -> None:
    sheet = Workbook(write_only=True).create_sheet()
    month = value_cell(sheet, column("date"), "2020-07")
    assert isinstance(month, Cell)
    assert (month.value, month.number_format) == (datetime.date(2020, 7, 1), MONTH_FORMAT)
    day = value_cell(sheet, column("date"), "2020-07-16")
    assert (day.value, day.number_format) == (datetime.date(2020, 7, 16), DAY_FORMAT)
    assert value_cell(sheet, column("date", years=True), "2025") == 2025
    money = value_cell(sheet, column("money"), 120000)
    assert (money.value, money.number_format) == (120000, MONEY_FORMAT)
    assert value_cell(sheet, column("integer"), 12) == 12
    assert value_cell(sheet, column("number"), 81.5) == 81.5
    assert value_cell(sheet, column("boolean"), 1) is True
    assert value_cell(sheet, column("text"), None) is None


def test_text_stays_text() -> None:
    sheet = Workbook(write_only=True).create_sheet()
    assert value_cell(sheet, column("text"), "plain") == "plain"
    assert value_cell(sheet, column("ids"), ["a", "b"]) == f"a{LIST_SEPARATOR}b"
    formula = value_cell(sheet, column("text"), "=1+2")
    assert isinstance(formula, Cell)
    assert (formula.value, formula.data_type) == ("=1+2", "s")
    lines = value_cell(sheet, column("lines"), ["one", "=two"])
    assert (lines.value, lines.data_type, lines.alignment) == ("one\n=two", "s", WRAP)
    styled = text_cell(sheet, "=x", alignment=WRAP)
    assert (styled.value, styled.data_type, styled.alignment.wrap_text) == ("=x", "s", True)
