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

import datetime
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planpress.core.model import Plan, PlanDate
from planpress.core.outfiles import write_whole
from planpress.exchange.tables import LIST_SEPARATOR, TABLES, Column, Table

README_SHEET = "Read me"
LISTS_SHEET = "Lists"
BASE_SHEET = "_planpress"
"""The very hidden sheet: the rows as exported, one JSON text per row (split if long), after a
first row of the format's name and a digest of every row, so that damage is seen."""
BASE_FORMAT = "planpress-workbook-2"
BASE_FORMAT_1 = "planpress-workbook-1"  # written by earlier releases, with no digest

MONTH_FORMAT = "yyyy-mm"
DAY_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0"
MAX_CELL = 32_000  # characters in one cell: Excel holds at most 32,767
VALIDATION_ROWS = 1_048_576  # every row of the sheet

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_WRAP = Alignment(wrap_text=True, vertical="top")

# The kinds of record a reference may name, and where their ids are listed.
_REFERENCE_SHEETS = {
    "organisation": "Organisations",
    "group": "Groups",
    "meeting": "Meetings",
    "action": "Actions",
    "indicator": "Indicators",
}
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


def _cell(sheet: Worksheet, column: Column, value: Any) -> Any:
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
        return _text_cell(sheet, text, alignment=_WRAP)
    if text.startswith("="):
        return _text_cell(sheet, text)  # stays text
    return text


def _text_cell(sheet: Worksheet, text: str, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def _lists(plan: Plan) -> dict[str, list[str]]:
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


def _list_ranges(lists: dict[str, list[str]]) -> dict[str, str]:
    """Where `_lists_sheet` puts each list: {list name: its range on the Lists sheet}."""
    ranges = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        last = max(len(values) + 1, 2)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def _lists_sheet(book: Workbook, lists: dict[str, list[str]]) -> None:
    """A hidden sheet of the choices, one list per column, its name in row 1."""
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    names = list(lists)
    sheet.append([_text_cell(sheet, name) for name in names])
    longest = max(len(v) for v in lists.values())
    for row in range(longest):
        sheet.append(
            [_text_cell(sheet, lists[n][row]) if row < len(lists[n]) else None for n in names]
        )


def _validations(
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
    _validations(sheet, table, lists, counts)
    headers = []
    for column in table.columns:
        header = _text_cell(sheet, column.name, font=_HEADER_FONT, fill=_HEADER_FILL)
        header.comment = Comment(note_for(column, table), "planpress", width=320, height=160)
        headers.append(header)
    sheet.append(headers)
    columns = table.columns
    for row in rows:
        sheet.append([_cell(sheet, column, row[column.name]) for column in columns])
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
        style: dict[str, Any] = {"alignment": _WRAP}
        if bold:
            style["font"] = Font(bold=True, size=14 if number == 1 else 12)
        sheet.append([_text_cell(sheet, text, **style)])


def base_digest(texts: list[str]) -> str:
    """The digest of the base sheet's rows (each row's JSON text), as its first row holds it."""
    digest = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return "sha256:" + digest.hexdigest()


def _base_sheet(book: Workbook, tables: dict[str, list[dict[str, Any]]]) -> None:
    """The rows as exported, for the import's three-way comparison."""
    sheet = book.create_sheet(BASE_SHEET)
    sheet.sheet_state = "veryHidden"
    texts = [
        json.dumps([name, row], ensure_ascii=False, sort_keys=True)
        for name, rows in tables.items()
        for row in rows
    ]
    sheet.append([_text_cell(sheet, BASE_FORMAT), _text_cell(sheet, base_digest(texts))])
    for text in texts:
        chunks = [text[i : i + MAX_CELL] for i in range(0, len(text), MAX_CELL)]
        sheet.append([_text_cell(sheet, chunk) for chunk in chunks])


def build_workbook(plan: Plan) -> Workbook:
    """The plan as an openpyxl workbook (see the module docstring)."""
    book = Workbook(write_only=True)
    _readme(book, plan)
    tables = {table.name: canonical_rows(table, plan) for table in TABLES}
    counts = {table.sheet: len(tables[table.name]) for table in TABLES}
    choices = _lists(plan)
    formulas = _list_ranges(choices)
    for table in TABLES:
        _table_sheet(book, table, tables[table.name], formulas, counts)
    _lists_sheet(book, choices)
    _base_sheet(book, tables)
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
