"""A column of the plan's tables: what it holds (`Column`), and a value as its cell's text.

Every reader of the tables (the workbook, its import, the open-data CSV files and their data
package) takes a column's name, kind and description from here; `cell_text` is a value as the
CSV files write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ColumnKind = Literal["text", "id", "date", "money", "integer", "number", "boolean", "ids", "lines"]

LIST_SEPARATOR = ", "
"""Between the ids of a list in one cell (`partners`, `depends_on`, `members`)."""


@dataclass(frozen=True)
class Column:
    """One field of a kind of record, as a column of its table."""

    name: str  # the header: the field's name, nested fields joined by "_" (`budget_amount`)
    path: tuple[str, ...]  # where the field is in the record: ("budget", "amount")
    kind: ColumnKind
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()  # the values allowed (from the model's Literal), if a choice
    refers_to: str | None = None  # the kind of record whose id it holds
    years: bool = False  # a date column that may also hold a whole year (`2025`)


def cell_text(column: Column, value: Any) -> str:
    """A value as the text of a CSV cell: dates ISO, lists joined, booleans true/false."""
    if value is None:
        return ""
    if column.kind == "ids":
        return LIST_SEPARATOR.join(value)
    if column.kind == "lines":
        return "\n".join(value)
    if column.kind == "boolean":
        return "true" if value else "false"
    return str(value)
