"""The workbook's very hidden sheet: the rows as exported, which an import needs to tell the
person's edits from changes made in `data/` since the export; written with the workbook, and
read back whole or refused.

Its first row holds the format's name and a digest of every row, so that a sheet cut short or
edited is seen; each row after it is one row of a table as JSON text (split over cells if long).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook

from planpress.core.characters import shown
from planpress.exchange.sheets import SheetError
from planpress.exchange.tables import TABLES
from planpress.exchange.xlsxcells import text_cell

BASE_SHEET = "_planpress"
"""The very hidden sheet: the rows as exported, one JSON text per row (split if long), after a
first row of the format's name and a digest of every row, so that damage is seen."""
BASE_FORMAT = "planpress-workbook-2"
BASE_FORMAT_1 = "planpress-workbook-1"  # written by earlier releases, with no digest
MAX_CELL = 32_000  # characters in one cell: Excel holds at most 32,767


def base_digest(texts: list[str]) -> str:
    """The digest of the base sheet's rows (each row's JSON text), as its first row holds it."""
    digest = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return "sha256:" + digest.hexdigest()


def write_base_sheet(book: Workbook, tables: dict[str, list[dict[str, Any]]]) -> None:
    """The rows as exported, for the import's three-way comparison."""
    sheet = book.create_sheet(BASE_SHEET)
    sheet.sheet_state = "veryHidden"
    texts = [
        json.dumps([name, row], ensure_ascii=False, sort_keys=True)
        for name, rows in tables.items()
        for row in rows
    ]
    sheet.append([text_cell(sheet, BASE_FORMAT), text_cell(sheet, base_digest(texts))])
    for text in texts:
        chunks = [text[i : i + MAX_CELL] for i in range(0, len(text), MAX_CELL)]
        sheet.append([text_cell(sheet, chunk) for chunk in chunks])


def read_base(
    rows: Iterator[tuple[Any, ...]] | None, display: str
) -> dict[str, list[dict[str, Any]]]:
    """The rows as exported, from the very hidden sheet's `rows` (None: the workbook has no
    such sheet); `SheetError` if they are not whole.

    Without them an import cannot tell the person's edits from changes made in `data/` since
    the export (it would undo those, and delete what the sheets leave out), so a workbook whose
    base is missing, cut short or edited is refused, never read as the whole of each table.
    """
    again = (
        "export the workbook again (planpress export --xlsx FILE) and redo the edits in the new "
        "one (copying cells from this one is fine)"
    )
    if rows is None:
        raise SheetError(
            f"{display}: the hidden sheet '{BASE_SHEET}' is missing; it holds the rows as "
            "exported, which planpress needs to tell your edits from changes made in data/ "
            f"since: {again}"
        )
    first: tuple[Any, ...] = next(rows, ()) or ()
    label = first[0] if first else None
    if label == BASE_FORMAT_1:
        raise SheetError(
            f"{display} was exported by an earlier planpress, whose hidden sheet "
            f"'{BASE_SHEET}' cannot be checked for damage: {again}"
        )
    digest = first[1] if len(first) > 1 else None

    def damaged(why: str) -> SheetError:
        return SheetError(
            f"{display}: the hidden sheet '{BASE_SHEET}' is damaged ({why}); it holds the rows "
            "as exported, which planpress needs to tell your edits from changes made in data/ "
            f"since: {again}"
        )

    if label != BASE_FORMAT or not isinstance(digest, str):
        raise damaged("its first row is not as planpress wrote it")
    texts: list[str] = []
    try:
        for number, row in enumerate(rows, start=2):
            if any(v is not None and not isinstance(v, str) for v in row):
                raise damaged(f"row {number} holds a value that is not text")
            text = "".join(v for v in row if v is not None)
            if text:
                texts.append(text)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise damaged(f"it cannot be read: {shown(str(exc))}") from None
    if base_digest(texts) != digest:
        raise damaged("its rows are not the rows that were exported")
    base: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    for text in texts:
        try:
            name, values = json.loads(text)
        except (ValueError, TypeError):
            raise damaged("a row is not what planpress wrote") from None
        if name not in base or not isinstance(values, dict):
            raise damaged("a row is not what planpress wrote")
        base[name].append(values)
    return base
