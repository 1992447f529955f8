"""A CSV file of one table read into rows of plain values: its table from its name, its header
checked, text cells unmarked as the open-data files mark them, each problem at its cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planpress.exchange.csvread import read_csv
from planpress.exchange.sheets import SheetError
from planpress.exchange.tables import TABLE_BY_NAME

COLUMNS = [c.name for c in TABLE_BY_NAME["actions"].columns]


def csv_text(*rows: dict[str, str]) -> str:
    """A CSV file of actions with every column, and these rows (other cells empty)."""
    lines = [",".join(COLUMNS)] + [",".join(row.get(c, "") for c in COLUMNS) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_rows_are_read_as_their_columns_take_them(tmp_path: Path) -> None:
    cells = {
        "id": "SKL-01",
        "title": "'=1+2",
        "due": "2021-03",
        "budget_amount": "1200",
        "illustrative": "true",
        "partners": '"a, b"',
    }
    text = csv_text(cells, {})
    read = read_csv(write(tmp_path, "Actions.csv", "\ufeff" + text), "actions.csv")
    assert read.is_csv and read.base is None and read.problems == []
    (sheet,) = read.sheets.values()
    assert sheet.table.name == "actions"
    (row,) = sheet.rows  # the empty row is skipped
    assert row.number == 2
    assert row.values["title"] == "=1+2"  # the mark the open-data file put before it, gone
    assert row.values["due"] == "2021-03"
    assert row.values["budget_amount"] == 1200
    assert row.values["illustrative"] is True
    assert row.values["partners"] == ["a", "b"]
    assert row.values["summary"] is None  # an empty cell
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[COLUMNS.index("due")]
    assert read.place("actions", "due", 2) == f"actions.csv:{letter}2"


def test_a_mark_before_other_text_is_kept(tmp_path: Path) -> None:
    text = "id,title\r\nSKL-01,'quoted'\r\nSKL-02,''=x\r\n"
    read = read_csv(write(tmp_path, "actions.csv", text), "actions.csv")
    titles = [r.values["title"] for r in read.sheets["actions"].rows]
    assert titles == ["'quoted'", "'=x"]


def test_a_files_table_is_named_by_the_file(tmp_path: Path) -> None:
    text = "meeting,title,url\r\nboard,Minutes,https://example.org/m.pdf\r\n"
    read = read_csv(write(tmp_path, "papers.csv", text), "papers.csv")
    assert list(read.sheets) == ["papers"]
    other = read_csv(write(tmp_path, "edited.csv", "id\r\nSKL-01\r\n"), "edited.csv")
    assert list(other.sheets) == ["actions"]  # any other name: actions


def test_problems_are_at_their_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "actions.csv", "id,due,colour\r\nSKL-01,soon,red\r\n")
    read = read_csv(path, "actions.csv")
    places = [(p.place, p.message.split(":")[0]) for p in read.problems]
    assert places[0] == ("actions.csv:C1", "unknown column 'colour'")
    assert read.problems[1].place == "actions.csv"
    assert read.problems[1].message.startswith("missing columns title, summary")
    assert read.problems[2].place == "actions.csv:B2"
    assert "is text, not a date" in read.problems[2].message
    assert read.sheets["actions"].rows[0].values["id"] == "SKL-01"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("é".encode("latin-1") + b"\r\n", "is not UTF-8 text"),
        ("id\r\n\x00\r\n", "is not a CSV file (it holds binary data)"),
        ("", "has no header row"),
        ("\r\n", "has no header row"),
    ],
)
def test_a_file_that_is_not_a_csv_file_is_refused(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    with pytest.raises(SheetError, match="^actions.csv.*" + re.escape(message)):
        read_csv(write(tmp_path, "actions.csv", content), "actions.csv")
