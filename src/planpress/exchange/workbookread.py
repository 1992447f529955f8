"""Read an edited workbook (.xlsx) into each table's rows of plain values, each problem at its
sheet and cell (`plan.xlsx:Actions!F12`).

A file that is not a workbook, or unpacks to far more than its size (a zip bomb), is refused
whole (`SheetError`), as is one whose hidden sheet of the rows as exported is missing or
damaged (`basesheet`). Sheets, columns and cells that planpress cannot read faithfully (an
unknown or missing sheet, a renamed column, merged cells, a formula, a value its column does
not take) are each a problem at its place.
"""

from __future__ import annotations

import datetime
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planpress.core.characters import shown
from planpress.exchange.basesheet import BASE_SHEET, read_base
from planpress.exchange.cellvalues import Refused, convert
from planpress.exchange.columns import Column
from planpress.exchange.sheethelp import LISTS_SHEET
from planpress.exchange.sheets import (
    CellProblem,
    ReadResult,
    Row,
    SheetError,
    SheetRows,
    letter,
    sheet_ref,
)
from planpress.exchange.tables import TABLES, Table
from planpress.exchange.workbook import README_SHEET

MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # unpacked size over packed size, above which a workbook is a zip bomb
MAX_MEMBERS = 10_000
_CONSTANTS = {"=TRUE()": True, "=FALSE()": False}  # formulas LibreOffice writes


def _check_zip(path: Path, display: str) -> None:
    if not zipfile.is_zipfile(path):
        raise SheetError(
            f"{display} is not an Excel workbook (.xlsx): it may be another kind of file "
            "renamed; open it in a spreadsheet program and save it as .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError(f"{display} is damaged and cannot be opened ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise SheetError(f"{display} holds {len(members):,} parts: too many for a workbook")
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    bomb = unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        raise SheetError(
            f"{display} unpacks to {unpacked / 1024 / 1024:,.0f} MB from "
            f"{packed / 1024 / 1024:,.1f} MB: far more than a plan's workbook holds, so it "
            "was not opened"
        )


def read_workbook(path: Path, display: str) -> ReadResult:
    _check_zip(path, display)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SheetError(f"{display} cannot be opened as a workbook ({shown(reason)})") from None
    problems: list[CellProblem] = []
    names = book.sheetnames
    known = {t.sheet for t in TABLES} | {README_SHEET, LISTS_SHEET, BASE_SHEET}
    for name in names:
        if name not in known:
            problems.append(
                CellProblem(
                    f"{display}:{sheet_ref(name)}",
                    f"unknown sheet '{shown(name)}': planpress reads the sheets "
                    + ", ".join(t.sheet for t in TABLES)
                    + " (was one renamed? give it its name back, or move this sheet to "
                    "another workbook)",
                )
            )
    sheets: dict[str, SheetRows] = {}
    for table in TABLES:
        if table.sheet not in names:
            problems.append(
                CellProblem(
                    display,
                    f"the sheet '{table.sheet}' is missing ({table.description[:-1].lower()}); "
                    "export the workbook again, or put the sheet back with its header row",
                )
            )
            continue
        prefix = f"{display}:{sheet_ref(table.sheet)}!"
        try:
            sheet = book[table.sheet]
            _every_row(sheet)
            merged = _merged_cells(book, sheet)
            sheets[table.name] = _read_sheet(sheet, table, prefix, merged, problems)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
            raise SheetError(
                f"{display}: the {table.sheet} sheet is damaged and cannot be read ({exc})"
            ) from None
    try:
        base = read_base(_base_rows(book, names), display)
    finally:
        book.close()
    return ReadResult(display, sheets, base, problems)


def _every_row(sheet: Any) -> None:
    """Read every row the sheet holds, whatever its `<dimension>` claims.

    A read-only openpyxl sheet stops at the last row and column its `<dimension>` element
    names; a program that writes a wrong one (or a hand edit) would hide the rows past it.
    """
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()


def _base_rows(book: Any, names: list[str]) -> Iterator[tuple[Any, ...]] | None:
    """The values of the rows of the hidden sheet of the rows as exported (None without it)."""
    if BASE_SHEET not in names:
        return None
    sheet = book[BASE_SHEET]
    _every_row(sheet)
    rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    return rows


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def _merged_cells(book: Any, sheet: Any) -> list[str]:
    """The merged ranges of a sheet, read from its XML (read-only sheets do not list them)."""
    path = getattr(sheet, "_worksheet_path", None)
    if path is None:
        return []
    with book._archive.open(path) as stream:
        data = stream.read()
    return [m.decode() for m in _MERGE.findall(data)]


def _sheet_header(
    header: Any, table: Table, prefix: str, result: SheetRows, problems: list[CellProblem]
) -> tuple[dict[int, Column], set[int]]:
    """The sheet's columns by position, read from its header row (each letter noted in
    `result`), and the positions of header cells already reported."""
    columns: dict[int, Column] = {}
    flagged: set[int] = set()  # header cells already reported
    names = {c.name: c for c in table.columns}
    for position, cell in enumerate(header, start=1):
        name = cell.value
        if name is None or (isinstance(name, str) and not name.strip()):
            continue
        name = str(name).strip()
        place = f"{prefix}{letter(position)}1"
        if name not in names:
            flagged.add(position)
            problems.append(
                CellProblem(
                    place,
                    f"unknown column '{shown(name)}': the {table.sheet} sheet has the columns "
                    + ", ".join(names)
                    + " (was one renamed? give it its name back; keep notes of your own in "
                    "another workbook)",
                )
            )
            continue
        if names[name] in columns.values():
            flagged.add(position)
            problems.append(CellProblem(place, f"the column '{name}' is there twice"))
            continue
        columns[position] = names[name]
        result.letters[name] = letter(position)
    missing = [c.name for c in table.columns if c.name not in result.letters]
    if missing:
        problems.append(
            CellProblem(
                prefix[:-1],
                f"column{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"'{m}'" for m in missing)
                + f" {'are' if len(missing) > 1 else 'is'} missing from the header row (row 1); "
                "put back every column the workbook was exported with",
            )
        )
    return columns, flagged


def _cell_value(cell: Any, value: Any, column: Column) -> Any:
    """The value of a cell that holds one, as its column takes it, or `Refused` saying why
    not (a formula, or a value the column does not take)."""
    if cell.data_type == "f" and str(value).upper() in _CONSTANTS:
        value = _CONSTANTS[str(value).upper()]  # how LibreOffice writes TRUE and FALSE
    elif cell.data_type == "f" or not isinstance(
        value, str | int | float | bool | datetime.date | datetime.time
    ):
        formula = value if isinstance(value, str) else getattr(value, "text", "")
        return Refused(
            f"a formula ({shown(str(formula))[:60]}): planpress reads values, not "
            "formulas, and does not take the value last calculated; type the value "
            "itself (or copy the cell and paste it as a value)"
        )
    return convert(column, value, cell.number_format, from_text=False)


def _read_sheet(
    sheet: Any, table: Table, prefix: str, merged: list[str], problems: list[CellProblem]
) -> SheetRows:
    result = SheetRows(table)
    for ref in merged:
        problems.append(
            CellProblem(
                f"{prefix}{ref}", "merged cells: unmerge them, so that each cell holds one value"
            )
        )
    rows = sheet.iter_rows()
    columns, flagged = _sheet_header(next(rows, ()), table, prefix, result, problems)
    unheaded: set[int] = set()
    for number, cells in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        empty = True
        for position, cell in enumerate(cells, start=1):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            column = columns.get(position)
            place = f"{prefix}{letter(position)}{number}"
            if column is None:
                if position not in unheaded and position not in flagged:
                    unheaded.add(position)
                    problems.append(
                        CellProblem(
                            place,
                            "a value in a column with no header: planpress reads only the "
                            "columns named in row 1",
                        )
                    )
                continue
            empty = False
            converted = _cell_value(cell, value, column)
            if isinstance(converted, Refused):
                problems.append(CellProblem(place, converted.message))
                continue
            values[column.name] = converted
        if empty:
            continue
        for column in table.columns:
            values.setdefault(column.name, False if column.kind == "boolean" else None)
        result.rows.append(Row(number, values))
    return result
