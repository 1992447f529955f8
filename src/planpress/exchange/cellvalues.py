"""One cell's value as its column takes it (a date as `PlanDate` text, money as a whole number,
a list of ids from one cell), or `Refused`, saying why it cannot be and what to type instead.

A workbook's cells come as the spreadsheet typed them (numbers, dates, true or false, with the
cell's number format); a CSV file's as text (`from_text`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from planpress.core.characters import shown
from planpress.core.model import PlanDate
from planpress.exchange.columns import LIST_SEPARATOR, Column
from planpress.exchange.years import year_cell

_ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_TRUE = {"true", "yes"}
_FALSE = {"false", "no"}


@dataclass(frozen=True)
class Refused:
    message: str


def _month_only(number_format: str) -> bool:
    """True for a date format that shows no day (`yyyy-mm`, `mmm yyyy`)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format or "").lower()
    return "d" not in bare


def convert(column: Column, value: Any, number_format: str, *, from_text: bool) -> Any:
    """A cell's value as the column's kind of value, or `Refused` saying why it cannot be."""
    kind = column.kind
    if kind == "date":
        return _date(value, number_format, column.years)
    if kind in ("money", "integer"):
        return _number(column, value, from_text)
    if kind == "number":
        return _measure(value, from_text)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        return Refused(f"'{shown(str(value))}' is not TRUE or FALSE")
    if isinstance(value, datetime.datetime | datetime.date):
        return Refused("a date in a column of text: type the text")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if kind == "id":
        return text.strip()
    if kind == "ids":
        items = [item.strip() for item in text.split(LIST_SEPARATOR.strip())]
        return [item for item in items if item] or None
    if kind == "lines":
        lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
        return [line for line in lines if line] or None
    return text


def _date(value: Any, number_format: str, years: bool = False) -> Any:
    """A date cell's value as `PlanDate` text; with `years`, a year alone too (`year_cell`)."""
    year, why = year_cell(value, number_format) if years else (None, None)
    if year is not None or why is not None:
        return year if why is None else Refused(why)
    if isinstance(value, datetime.datetime | datetime.date):
        if isinstance(value, datetime.datetime) and value.time() != datetime.time():
            return Refused("a date with a time of day: type the date alone")
        if value.day == 1 and _month_only(number_format):
            text = f"{value.year:04d}-{value.month:02d}"
        else:
            text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return _plan_date(text)
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.fullmatch(text):
            return _plan_date(text)
        return Refused(
            f"'{shown(text)}' is text, not a date: type it as a date the spreadsheet "
            "recognises (it then lines up on the right of the cell), or as YYYY-MM-DD"
        )
    return Refused(
        f"{value} is a number, not a date: format the cell as a date, or type YYYY-MM-DD"
    )


def _plan_date(text: str) -> Any:
    try:
        return str(PlanDate.parse(text))
    except ValueError as exc:
        return Refused(f"'{text}' is not a date: {exc}")


def _number(column: Column, value: Any, from_text: bool) -> Any:
    what = "money" if column.kind == "money" else "a whole number"
    if isinstance(value, bool):
        return Refused(f"TRUE or FALSE in a column of {what}: type a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Refused(
            f"{value:,} has a fraction: {what} is in whole units"
            + (" of the plan's currency" if column.kind == "money" else "")
        )
    text = str(value).strip()
    if from_text and re.fullmatch(r"[0-9]+", text):
        return int(text)
    return Refused(
        f"'{shown(text)}' is text, not a number: type the number alone, with no currency "
        "sign, commas or words (for example 120000)"
    )


def _measure(value: Any, from_text: bool) -> Any:
    if isinstance(value, bool):
        return Refused("TRUE or FALSE in a column of numbers: type a number")
    if isinstance(value, int | float):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = str(value).strip()
    if from_text and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if from_text and re.fullmatch(r"-?[0-9]*\.[0-9]+", text):
        return float(text)
    return Refused(
        f"'{shown(text)}' is text, not a number: type the number alone, with no unit or "
        "commas (for example 81.5)"
    )
