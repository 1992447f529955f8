"""A table of the plan as a CSV file (RFC 4180, UTF-8): a header row of column names, then a row
per record, each text cell written so that no spreadsheet evaluates it (`cells.neutralise`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from planpress.core.model import Plan
from planpress.exchange.cells import neutralise
from planpress.exchange.columns import Column, cell_text
from planpress.exchange.tables import Table

CSV_LINE_END = "\r\n"
"""Every row of a CSV file ends so (RFC 4180); a line break inside a cell is `\\n`."""
# The kinds of column whose cells are text a reader typed: written so no spreadsheet evaluates
# them. Numbers, dates and true/false are written by planpress and left as they are.
TEXT_KINDS = frozenset({"text", "id", "ids", "lines"})


def csv_bytes(table: Table, plan: Plan) -> bytes:
    """The table as CSV in UTF-8: a header row of column names, then one row per record."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    writer.writerow(c.name for c in table.columns)
    for row in table.rows(plan):
        writer.writerow(csv_cell(c, row[c.name]) for c in table.columns)
    return out.getvalue().encode("utf-8")


def csv_cell(column: Column, value: Any) -> str:
    """A value as its CSV cell: text that no spreadsheet evaluates (`cells.neutralise`)."""
    text = cell_text(column, value)
    return neutralise(text) if column.kind in TEXT_KINDS else text
