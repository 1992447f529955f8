"""The help each column of a sheet gives the person editing it: the note on its header (what it
holds, whether it is required, the values it allows) and a drop-down list of those values.

A choice of values, true or false, a strand and a theme are lists on the hidden Lists sheet,
one per column of it, and refuse any other value; a reference to another record lists the ids
on that record's sheet, with room for rows added there, and only warns (an id added elsewhere
in the same session can still be typed).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planpress.core.model import Plan
from planpress.exchange.columns import LIST_SEPARATOR, Column
from planpress.exchange.tables import TABLES, Table
from planpress.exchange.xlsxcells import text_cell

LISTS_SHEET = "Lists"
VALIDATION_ROWS = 1_048_576  # every row of the sheet

# The kinds of record a reference may name, and where their ids are listed.
_REFERENCE_SHEETS = {
    "organisation": "Organisations",
    "group": "Groups",
    "meeting": "Meetings",
    "action": "Actions",
    "indicator": "Indicators",
}


def note_for(column: Column, table: Table) -> str:
    """The note on a column's header: what it holds, whether it is required, what it allows."""
    parts = [column.description or column.name]
    if column.required or column.name in table.key:
        parts.append("Required.")
    if column.allowed:
        parts.append("One of: " + ", ".join(column.allowed) + ".")
    if column.refers_to:
        parts.append(f"The id of a {column.refers_to}.")
    if column.kind == "ids":
        parts.append(f"Several ids in one cell, separated by '{LIST_SEPARATOR.strip()} '.")
    elif column.kind == "lines":
        parts.append("One item per line of the cell (Alt+Enter starts a new line).")
    elif column.kind == "date":
        parts.append(
            "A date. Shown YYYY-MM when only the month is known; type a full date to set the day."
        )
        if column.years:
            parts.append("For a figure of a whole year, type the year alone (2025).")
    elif column.kind == "money":
        parts.append("A whole number of the plan's currency: no pence, no currency sign.")
    elif column.kind == "number":
        parts.append("A number, with a decimal point if need be.")
    elif column.kind == "boolean":
        parts.append("TRUE or FALSE.")
    return " ".join(parts)


def choice_lists(plan: Plan) -> dict[str, list[str]]:
    """The choices drop-downs offer, by list name."""
    lists: dict[str, list[str]] = {
        "strand": [s.id for s in plan.plan.strands],
        "theme": [t.id for t in plan.plan.themes],
        "boolean": ["TRUE", "FALSE"],
    }
    for table in TABLES:
        for column in table.columns:
            if column.allowed:
                lists[f"{table.name}.{column.name}"] = list(column.allowed)
    return lists


def list_ranges(lists: dict[str, list[str]]) -> dict[str, str]:
    """Where `lists_sheet` puts each list: {list name: its range on the Lists sheet}."""
    ranges = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        last = max(len(values) + 1, 2)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def lists_sheet(book: Workbook, lists: dict[str, list[str]]) -> None:
    """A hidden sheet of the choices, one list per column, its name in row 1."""
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    names = list(lists)
    sheet.append([text_cell(sheet, name) for name in names])
    longest = max(len(v) for v in lists.values())
    for row in range(longest):
        sheet.append(
            [text_cell(sheet, lists[n][row]) if row < len(lists[n]) else None for n in names]
        )


def validations(
    sheet: Worksheet, table: Table, lists: dict[str, str], counts: dict[str, int]
) -> None:
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        formula = None
        stop = True
        if column.allowed:
            formula = lists[f"{table.name}.{column.name}"]
        elif column.kind == "boolean":
            formula = lists["boolean"]
        elif column.refers_to in ("strand", "theme"):
            formula = lists[column.refers_to]
        elif column.refers_to in _REFERENCE_SHEETS and column.kind != "ids":
            # The ids on the other sheet, with room for rows added there: a warning only, so
            # an id added elsewhere in the same session can still be typed.
            source = _REFERENCE_SHEETS[column.refers_to]
            last = counts.get(source, 0) + 501
            formula = f"{quote_sheetname(source)}!$A$2:$A${last}"
            stop = False
        if formula is None:
            continue
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if stop else "warning",
            errorTitle=column.name,
            error=note_for(column, table)[:255],
            promptTitle=column.name[:32],
        )
        validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
        sheet.data_validations.append(validation)
