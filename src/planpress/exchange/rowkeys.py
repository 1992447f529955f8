"""A row's key (the values of its table's key columns) and the rows of a table by their keys,
as an import compares, merges and writes them back; and `Where`, the cell a row's field came
from, which the problems of writing it back name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planpress.exchange.tables import Table

Key = tuple[str, ...]
Where = Callable[[str, Key, str | None], str | None]
"""The cell a row's field came from (table name, key, column), or None if not from a cell."""


def key_of(table: Table, row: dict[str, Any]) -> Key:
    return tuple(str(row.get(k) or "") for k in table.key)


def keyed(table: Table, rows: list[dict[str, Any]]) -> dict[Key, dict[str, Any]]:
    return {key_of(table, row): row for row in rows}
