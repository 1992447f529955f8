"""The plan as one workbook: a sheet per kind of record, for people who keep plans in
spreadsheets (`planpress export --xlsx`, read back by `planpress import`).

Each sheet has a header row of field names with a note on each (what it holds, its allowed
values), frozen so it stays in view; dates are real dates, money whole numbers, lists one cell
with a stated separator, and every allowed value and reference a drop-down list. Every text is
written as text, never as a formula, whatever it starts with. A very hidden sheet keeps the
rows as exported, so an import can tell what the person changed from what changed in `data/`
since (two people editing different rows of copies of one export both keep their edits).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planpress.core.model import Plan, PlanDate
from planpress.core.outfiles import write_whole
from planpress.exchange.basesheet import write_base_sheet
from planpress.exchange.columns import LIST_SEPARATOR, Column
from planpress.exchange.sheethelp import (
    choice_lists,
    list_ranges,
    lists_sheet,
    note_for,
    validations,
)
from planpress.exchange.tables import TABLES, Table
from planpress.exchange.xlsxcells import WRAP, text_cell, value_cell

README_SHEET = "Read me"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_WIDTHS = {
    "text": 40,
    "id": 16,
    "date": 12,
    "money": 14,
    "integer": 10,
    "number": 12,
    "boolean": 12,
}


def canonical(column: Column, value: Any) -> Any:
    """A value as the workbook and its import compare it: dates as text, empty lists None."""
    if value is None:
        return None
    if isinstance(value, PlanDate):
        return str(value)
    if isinstance(value, list | tuple):
        return [str(item) for item in value] or None
    if column.kind == "boolean":
        return bool(value)
    if isinstance(value, str):
        return str(value)
    return value


def canonical_rows(table: Table, plan: Plan) -> list[dict[str, Any]]:
    """The table's rows with every value in `canonical` form."""
    return [{c.name: canonical(c, row[c.name]) for c in table.columns} for row in table.rows(plan)]


def _table_sheet(
    book: Workbook,
    table: Table,
    rows: list[dict[str, Any]],
    lists: dict[str, str],
    counts: dict[str, int],
) -> Worksheet:
    sheet = book.create_sheet(table.sheet)
    for index, column in enumerate(table.columns, start=1):
        width = _WIDTHS.get(column.kind, 30)
        sheet.column_dimensions[get_column_letter(index)].width = max(width, len(column.name) + 4)
    sheet.freeze_panes = "B2" if len(table.key) == 1 else "C2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    validations(sheet, table, lists, counts)
    headers = []
    for column in table.columns:
        header = text_cell(sheet, column.name, font=_HEADER_FONT, fill=_HEADER_FILL)
        header.comment = Comment(note_for(column, table), "planpress", width=320, height=160)
        headers.append(header)
    sheet.append(headers)
    columns = table.columns
    for row in rows:
        sheet.append([value_cell(sheet, column, row[column.name]) for column in columns])
    return sheet


def _readme(book: Workbook, plan: Plan) -> None:
    sheet = book.create_sheet(README_SHEET)
    sheet.column_dimensions["A"].width = 100
    lines = [
        (plan.plan.title, True),
        ("This workbook holds the plan's data, one sheet per kind of record.", False),
        ("", False),
        ("How to edit it", True),
        (
            "Change cells, add rows at the bottom of a sheet, or delete rows. Keep the sheet "
            "names and the header row as they are: planpress reads them by name.",
            False,
        ),
        (
            "Hover over a header to read what the column holds and which values it allows. "
            "Columns with a fixed set of values, or that name another record, offer a list.",
            False,
        ),
        (
            f"Several ids in one cell are separated by '{LIST_SEPARATOR}' (partners, "
            "depends_on, members). A list of texts (outputs) has one item per line of the cell.",
            False,
        ),
        (
            "Dates are dates. A date known only to the month shows as YYYY-MM; type a full "
            "date (for example 2021-03-31) to give the day. An indicator's figure for a whole "
            "year is the year alone, a number (2025).",
            False,
        ),
        (
            "A list inside a record has a sheet of its own, a row per item, its first column "
            "naming the record: an indicator's values (Indicator values, one row per date), a "
            "meeting's papers (Papers, one row per title) and recommendations.",
            False,
        ),
        ("Money is a whole number in the plan's currency, with no currency sign.", False),
        (
            "Type values, not formulas: a cell with a formula is refused when the workbook "
            "is read back.",
            False,
        ),
        ("", False),
        ("How to bring it back", True),
        (
            "Save it as an Excel workbook (.xlsx) and run: planpress import FILE.xlsx. "
            "Every problem is listed by sheet and cell, and nothing changes until there are "
            "none; then only the records you changed are rewritten in data/.",
            False,
        ),
        ("", False),
        ("Sheets", True),
    ]
    lines.extend((f"{table.sheet}: {table.description}", False) for table in TABLES)
    for number, (text, bold) in enumerate(lines, start=1):
        style: dict[str, Any] = {"alignment": WRAP}
        if bold:
            style["font"] = Font(bold=True, size=14 if number == 1 else 12)
        sheet.append([text_cell(sheet, text, **style)])


def build_workbook(plan: Plan) -> Workbook:
    """The plan as an openpyxl workbook (see the module docstring)."""
    book = Workbook(write_only=True)
    _readme(book, plan)
    tables = {table.name: canonical_rows(table, plan) for table in TABLES}
    counts = {table.sheet: len(tables[table.name]) for table in TABLES}
    choices = choice_lists(plan)
    formulas = list_ranges(choices)
    for table in TABLES:
        _table_sheet(book, table, tables[table.name], formulas, counts)
    lists_sheet(book, choices)
    write_base_sheet(book, tables)
    book.active = 1  # open on the Actions sheet
    return book


def workbook_bytes(plan: Plan) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    stream = io.BytesIO()
    build_workbook(plan).save(stream)
    return _reproducible(stream.getvalue())


def write_workbook(plan: Plan, path: Path) -> Path:
    """Write the workbook to `path` whole (the old file stays until the new one is written)."""
    data = workbook_bytes(plan)
    return write_whole(path, lambda stream: stream.write(data))


_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def _reproducible(data: bytes) -> bytes:
    """The same workbook bytes for the same plan: zip entry times and document dates fixed."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
