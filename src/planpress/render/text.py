"""How values from data are written out as text: labels, dates, money, paragraphs, addresses.

Each is a plain function of a value (the Jinja environment registers them as filters); none
knows the page being rendered, which is `Site`'s concern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from planpress.core.model import PlanDate

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}

# Values of Literal fields, in plain words where the generic rule ("in-progress" becomes
# "In progress") would not read well.
LABELS = {
    "lep": "Local enterprise partnership",
    "sub-group": "Sub-group",
    "short": "Short term",
    "medium": "Medium term",
    "long": "Long term",
}

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def plain_label(value: str | None) -> str:
    """A Literal value in plain words: `in-progress` -> `In progress`."""
    if not value:
        return ""
    if value in LABELS:
        return LABELS[value]
    return value.replace("-", " ").capitalize()


def one_line(text: Any) -> str:
    """Text from data with every run of whitespace (newlines too) made one space."""
    return " ".join(str(text).split())


def paragraphs(text: Any) -> Markup:
    """Multi-line text as escaped `<p>` paragraphs; blank lines separate paragraphs."""
    if text is None:
        return Markup("")
    parts = [one_line(part) for part in _BLANK_LINE.split(str(text))]
    parts = [part for part in parts if part]
    if not parts:
        return Markup("")
    return Markup("<p>") + Markup("</p><p>").join(escape(p) for p in parts) + Markup("</p>")


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_spans(text: Any) -> Markup:
    """Text written for the data reference (`SKL-01` in backticks) as HTML: escaped, each
    backticked span as <code>."""
    escaped = str(escape(str(text)))
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", escaped))


def web_url(url: Any) -> str | None:
    """The URL if it is an http(s) address (safe to link), else None (show it as text)."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if re.match(r"^https?://[^\s]+$", candidate, flags=re.IGNORECASE):
        return candidate
    return None


def mail_address(address: str | None) -> str | None:
    """The address if it looks like one (safe for a mailto: link), else None."""
    if address and re.match(r"^[^@\s<>\"'&?]+@[^@\s<>\"'&?]+\.[^@\s<>\"'&?]+$", address):
        return address
    return None


def human_date(value: PlanDate | None) -> str:
    """`16 July 2020`, `March 2021`, or empty for no date."""
    return value.human() if value is not None else ""


def date_after_title(record: Any) -> str:
    """`, 16 July 2020` to follow a dated record's title (a meeting's), or nothing when the
    title already gives the date."""
    when = record.date.human()
    return "" if when in one_line(record.title) else f", {when}"


def format_money(amount: int | None, currency: str = "GBP") -> str:
    """`£1,234,567` for GBP (a symbol for GBP, EUR, USD), else `CHF 1,234`."""
    if amount is None:
        return ""
    code = (currency or "GBP").strip().upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{symbol}{amount:,}" if symbol else f"{code} {amount:,}"


def percent(part: int | None, whole: int | None) -> str:
    """`38%` of a whole, or empty when it cannot be computed."""
    if part is None or not whole:
        return ""
    return f"{round(100 * part / whole)}%"


def date_key(value: PlanDate | None) -> tuple[Any, ...]:
    """Sort key putting dated things in order and undated things last."""
    return (0, value.first_day) if value is not None else (1,)


def count_by(items: Iterable[Any], key: str) -> dict[Any, int]:
    """How many items have each value of `key`."""
    counts: dict[Any, int] = {}
    for item in items:
        value = getattr(item, key)
        counts[value] = counts.get(value, 0) + 1
    return counts


UNIT_FORMATS = {
    "percent": "{}%",
    "percentage-points": "{} percentage points",
    "gbp": "£{}",
    "gbp-per-hour": "£{} an hour",
    "gbp-million": "£{} million",
    "gbp-billion": "£{} billion",
    "tonnes-co2e": "{} tonnes CO2e",
    "kilotonnes-co2e": "{} kilotonnes CO2e",
    "people": "{} people",
    "jobs": "{} jobs",
    "businesses": "{} businesses",
    "homes": "{} homes",
    "years": "{} years",
    "hours": "{} hours",
}
"""How a value of each unit is written; other units (count, index, ratio) as the number."""


def format_measure(value: float | int, unit: str) -> str:
    """A measured value in its unit, e.g. `30,200 jobs`, `81`, `£1.5 million`."""
    if isinstance(value, float) and not value.is_integer():
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        number = f"{int(value):,}"
    return UNIT_FORMATS.get(unit, "{}").format(number)
