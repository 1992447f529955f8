"""What reading an edited workbook (or a CSV file of one table) gives: each table's rows of plain
values, the rows as exported, and every problem, at its place as a spreadsheet shows it
(`plan.xlsx:Actions!F12`, `actions.csv:F12`); and `SheetError`, for a file that cannot be read
as a plan's workbook at all.

Which reader a file gets is `reading`'s; a workbook is read by `workbookread`, a CSV file by
`csvread`, and each cell by `cellvalues`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planpress.exchange.tables import Table


class SheetError(Exception):
    """The file cannot be read as a plan's workbook at all; the message says why."""


@dataclass(frozen=True)
class CellProblem:
    place: str  # `plan.xlsx:Actions!F12`, or `plan.xlsx:Actions` for a whole sheet
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


@dataclass
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class SheetRows:
    table: Table
    rows: list[Row] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column name -> its letter


@dataclass
class ReadResult:
    """The tables read, the rows as exported (None without them), and every problem."""

    display: str
    sheets: dict[str, SheetRows]
    base: dict[str, list[dict[str, Any]]] | None
    problems: list[CellProblem]
    is_csv: bool = False  # a CSV file's cells have no sheet: `actions.csv:F12`

    def place(self, table: str, column: str | None, row: int) -> str:
        sheet = self.sheets[table]
        if column is None:
            column = sheet.table.key[0]
        letter = sheet.letters.get(column, "A")
        return f"{self._sheet_prefix(sheet)}{letter}{row}"

    def _sheet_prefix(self, sheet: SheetRows) -> str:
        if self.is_csv:
            return f"{self.display}:"
        return f"{self.display}:{sheet_ref(sheet.table.sheet)}!"


def sheet_ref(name: str) -> str:
    """A sheet's name as a reference to one of its cells writes it (quoted if need be)."""
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


def letter(index: int) -> str:
    """The letter of the column at `index` (1 is A)."""
    from openpyxl.utils import get_column_letter

    found: str = get_column_letter(index)
    return found
