"""The workbook's very hidden sheet of the rows as exported: written with a digest of every row,
read back whole, and refused when missing, written by an earlier planpress, cut short or edited."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from planpress.exchange.basesheet import (
    BASE_FORMAT,
    BASE_FORMAT_1,
    BASE_SHEET,
    MAX_CELL,
    base_digest,
    read_base,
    write_base_sheet,
)
from planpress.exchange.sheets import SheetError
from planpress.exchange.tables import TABLES

ROWS = {
    "actions": [{"id": "A-1", "title": "x" * (MAX_CELL + 10)}, {"id": "A-2", "title": "=1+2"}],
    "glossary": [{"term": "LEP", "definition": "Local enterprise partnership"}],
}


def written(tables: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """The base sheet's rows, as a workbook saved and opened again gives them."""
    book = Workbook(write_only=True)
    book.create_sheet("Read me")  # a workbook's only sheet cannot be hidden
    write_base_sheet(book, tables)
    stream = io.BytesIO()
    book.save(stream)
    opened = load_workbook(stream, read_only=True)
    assert opened[BASE_SHEET].sheet_state == "veryHidden"
    rows = list(opened[BASE_SHEET].iter_rows(values_only=True))
    opened.close()
    return rows


def test_the_rows_as_exported_read_back_whole() -> None:
    rows = written(ROWS)
    assert rows[0][0] == BASE_FORMAT
    assert any(len(row) > 1 and row[1] for row in rows[1:])  # a long row split over cells
    base = read_base(iter(rows), "plan.xlsx")
    assert base == {t.name: ROWS.get(t.name, []) for t in TABLES}


def texts_of(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [
        json.dumps([name, row], ensure_ascii=False, sort_keys=True)
        for name, rows in tables.items()
        for row in rows
    ]


def refused(rows: Iterator[tuple[Any, ...]] | None) -> str:
    with pytest.raises(SheetError) as found:
        read_base(rows, "plan.xlsx")
    return str(found.value)


def test_a_missing_damaged_or_earlier_sheet_is_refused() -> None:
    texts = texts_of(ROWS)
    digest = base_digest(texts)
    assert "the hidden sheet '_planpress' is missing" in refused(None)
    assert "exported by an earlier planpress" in refused(iter([(BASE_FORMAT_1,)]))
    assert "its first row is not as planpress wrote it" in refused(iter([("other", digest)]))
    assert "its first row" in refused(iter([]))
    cut = [(BASE_FORMAT, digest), *((t,) for t in texts[:-1])]
    assert "its rows are not the rows that were exported" in refused(iter(cut))
    number = [(BASE_FORMAT, digest), (texts[0],), (12,)]
    assert "row 3 holds a value that is not text" in refused(iter(number))
    not_json = ["not json"]
    assert "a row is not what planpress wrote" in refused(
        iter([(BASE_FORMAT, base_digest(not_json)), ("not json",)])
    )
    unknown = [json.dumps(["nowhere", {}])]
    assert "a row is not what planpress wrote" in refused(
        iter([(BASE_FORMAT, base_digest(unknown)), (unknown[0],)])
    )
    for message in (refused(None), refused(iter(cut))):
        assert "planpress export --xlsx FILE" in message


def test_the_digest_tells_rows_apart_however_they_are_split() -> None:
    assert base_digest(["ab", "c"]) != base_digest(["a", "bc"])
    assert base_digest([]).startswith("sha256:")
