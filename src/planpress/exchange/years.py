"""A date column that may hold a whole year (an indicator's figure for 2025), read from a cell.

The workbook writes such a year as the number 2025, as a person types a year; a person may also
type it as text, or format a date to show its year alone (`yyyy`). Any other number is not a
date, and says so.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from planpress.core.model import MAX_YEAR, MIN_YEAR


def year_cell(value: Any, number_format: str) -> tuple[str | None, str | None]:
    """`(year, None)` for a cell holding a year alone (`("2025", None)`), `(None, why)` for a
    number (or four digits of text) that cannot be a year, `(None, None)` for anything else,
    which is read as a date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and MIN_YEAR <= value <= MAX_YEAR:
            return str(int(value)), None
        why = (
            f"{value} is a number, not a date or a year: type a year from {MIN_YEAR} to "
            f"{MAX_YEAR} (2025), or a date"
        )
        return None, why
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"[0-9]{4}", text):
        if MIN_YEAR <= int(text) <= MAX_YEAR:
            return text, None
        return None, f"'{text}' is not a date: the year must be from {MIN_YEAR} to {MAX_YEAR}"
    new_year = isinstance(value, datetime.date) and (value.month, value.day) == (1, 1)
    midnight = not isinstance(value, datetime.datetime) or value.time() == datetime.time()
    if new_year and midnight and _year_only(number_format):
        return str(value.year), None
    return None, None


def _year_only(number_format: str) -> bool:
    """True for a date format that shows the year alone (`yyyy`)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format or "").lower()
    return "y" in bare and not re.search("[dm]", bare)
