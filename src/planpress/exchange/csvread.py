"""Read a CSV file of one table (named after it: `actions.csv`) into rows of plain values, each
problem at its cell (`actions.csv:F12`).

The file is UTF-8 text with a header row of column names; a text cell that planpress's open-data
CSV files marked with a `'` so that no spreadsheet evaluates it is read without the mark.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from planpress.core.characters import shown
from planpress.exchange.cells import FORMULA_STARTS, TEXT_MARK
from planpress.exchange.cellvalues import Refused, convert
from planpress.exchange.columns import Column
from planpress.exchange.sheets import CellProblem, ReadResult, Row, SheetError, SheetRows, letter
from planpress.exchange.tables import TABLE_BY_NAME


def _csv_records(path: Path, display: str) -> tuple[list[str], list[list[str]]]:
    """The CSV file's header row and its other rows; `SheetError` if it cannot be read as one."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(
            f"{display} is not UTF-8 text: save it as 'CSV UTF-8 (comma delimited)'"
        ) from None
    if "\x00" in text:
        raise SheetError(f"{display} is not a CSV file (it holds binary data)")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        records = list(reader)
    except csv.Error as exc:
        raise SheetError(
            f"{display}:{reader.line_num}: not a CSV file that can be read ({shown(str(exc), 100)})"
        ) from None
    if not header:
        raise SheetError(f"{display} has no header row")
    return header, records


def read_csv(path: Path, display: str) -> ReadResult:
    header, records = _csv_records(path, display)
    table = TABLE_BY_NAME.get(path.stem.lower(), TABLE_BY_NAME["actions"])
    prefix = f"{display}:"
    problems: list[CellProblem] = []
    result = SheetRows(table)
    names = {c.name: c for c in table.columns}
    columns: dict[int, Column] = {}
    for index, name in enumerate(header):
        name = name.strip()
        if not name:
            continue
        column_letter = letter(index + 1)
        if name not in names:
            problems.append(
                CellProblem(
                    f"{prefix}{column_letter}1",
                    f"unknown column '{shown(name)}': a CSV file of {table.name} has the "
                    "columns " + ", ".join(names),
                )
            )
            continue
        columns[index] = names[name]
        result.letters[name] = column_letter
    missing = [c.name for c in table.columns if c.name not in result.letters]
    if missing:
        problems.append(
            CellProblem(
                display,
                "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing),
            )
        )
    for number, record in enumerate(records, start=2):
        values: dict[str, Any] = {}
        if not any(v.strip() for v in record):
            continue
        for index, raw in enumerate(record):
            column = columns.get(index)
            if column is None or not raw.strip():
                continue
            if column.kind in _TEXT_KINDS:
                raw = _unmarked(raw)
            converted = convert(column, raw, "General", from_text=True)
            if isinstance(converted, Refused):
                place = f"{prefix}{letter(index + 1)}{number}"
                problems.append(CellProblem(place, converted.message))
                continue
            values[column.name] = converted
        for column in table.columns:
            values.setdefault(column.name, False if column.kind == "boolean" else None)
        result.rows.append(Row(number, values))
    return ReadResult(display, {table.name: result}, None, problems, is_csv=True)


_TEXT_KINDS = frozenset({"text", "id", "ids", "lines"})


def _unmarked(cell: str) -> str:
    """A text cell without the `'` that planpress's open-data CSV files put before a value
    beginning with =, +, -, @, a tab, a carriage return or `'` (`cells.neutralise`, so that no
    spreadsheet reads it as a formula). Any other text is taken as it is, a leading `'` kept."""
    second = cell[1:2]
    if cell.startswith(TEXT_MARK) and second and second in (*FORMULA_STARTS, TEXT_MARK):
        return cell[1:]
    return cell
