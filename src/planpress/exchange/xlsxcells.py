"""A value written as a cell of the workbook, as openpyxl writes it: dates as real dates, money
as whole numbers, and text always as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from planpress.core.model import PlanDate
from planpress.exchange.columns import LIST_SEPARATOR, Column

MONTH_FORMAT = "yyyy-mm"
DAY_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0"

WRAP = Alignment(wrap_text=True, vertical="top")


def value_cell(sheet: Worksheet, column: Column, value: Any) -> Any:
    """One value as its column wants it: text always as text, never a formula.

    A plain value where openpyxl writes it as it is (most cells: faster to write), a styled
    cell for dates, money, text that could be read as a formula, and text of several lines.
    """
    if value is None:
        return None
    kind = column.kind
    if kind == "date":
        date = PlanDate.parse_year_or_date(value) if column.years else PlanDate.parse(value)
        if date.whole_year:
            return date.year  # a number, as a person types a year
        cell = WriteOnlyCell(sheet, datetime.date(date.year, date.month, date.day or 1))
        cell.number_format = MONTH_FORMAT if date.month_only else DAY_FORMAT
        return cell
    if kind == "money":
        cell = WriteOnlyCell(sheet, int(value))
        cell.number_format = MONEY_FORMAT
        return cell
    if kind == "integer":
        return int(value)
    if kind == "number":
        return value
    if kind == "boolean":
        return bool(value)
    if kind == "ids":
        text = LIST_SEPARATOR.join(value)
    elif kind == "lines":
        text = "\n".join(value)
    else:
        text = str(value)
    if "\n" in text:
        return text_cell(sheet, text, alignment=WRAP)
    if text.startswith("="):
        return text_cell(sheet, text)  # stays text
    return text


def text_cell(sheet: Worksheet, text: str, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    for name, value in style.items():
        setattr(cell, name, value)
    return cell
