"""An edited workbook read into rows of plain values: the workbook as exported reads back as the
plan's rows; each sheet, column and cell planpress cannot read faithfully is a problem at its
place; a file that is not a workbook, or unpacks to far more than its size, is refused whole."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from planpress.core.model import Plan
from planpress.exchange.basesheet import BASE_SHEET
from planpress.exchange.sheets import SheetError
from planpress.exchange.tables import TABLE_BY_NAME, TABLES
from planpress.exchange.workbook import canonical_rows, workbook_bytes
from planpress.exchange.workbookread import read_workbook
from planpress.versions.build import BuildVersion


@pytest.fixture(scope="module")
def exported(example: tuple[Plan, BuildVersion]) -> bytes:
    return workbook_bytes(example[0])


def edited(tmp_path: Path, exported: bytes, edit: Callable[[Any], None]) -> Path:
    """The exported workbook, opened, changed by `edit(book)` and saved, as a person would."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exported)
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def test_the_workbook_as_exported_reads_back_as_the_plans_rows(
    example: tuple[Plan, BuildVersion], exported: bytes, tmp_path: Path
) -> None:
    plan, _ = example
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exported)
    read = read_workbook(path, "plan.xlsx")
    assert read.problems == [] and not read.is_csv
    for table in TABLES:
        rows = [row.values for row in read.sheets[table.name].rows]
        assert rows == canonical_rows(table, plan), table.name
        assert read.base is not None and read.base[table.name] == rows
    assert read.place("actions", "title", 2) == "plan.xlsx:Actions!B2"
    assert read.place("indicator_values", None, 3) == "plan.xlsx:'Indicator values'!A3"


def test_sheets_columns_and_cells_it_cannot_read_are_problems_at_their_places(
    exported: bytes, tmp_path: Path
) -> None:
    def edit(book: Any) -> None:
        book.create_sheet("Notes")
        del book["Glossary"]
        actions = book["Actions"]
        actions["B1"] = "Title"  # a renamed column
        actions["C2"] = "=1+2"  # a formula
        actions["J2"] = "soon"  # text in a date column
        actions.merge_cells("D3:E3")
        actions.cell(2, actions.max_column + 2, "a note")  # a value under no header

    read = read_workbook(edited(tmp_path, exported, edit), "plan.xlsx")
    found = {p.place: p.message for p in read.problems}
    assert found["plan.xlsx:Notes"].startswith("unknown sheet 'Notes'")
    assert "the sheet 'Glossary' is missing" in found["plan.xlsx"]
    assert found["plan.xlsx:Actions!B1"].startswith("unknown column 'Title'")
    assert "'title' is missing from the header row" in found["plan.xlsx:Actions"]
    assert found["plan.xlsx:Actions!C2"].startswith("a formula (=1+2)")
    letter = "ABCDEFGHIJ"[[c.name for c in TABLE_BY_NAME["actions"].columns].index("due")]
    assert letter == "J" and "is text, not a date" in found["plan.xlsx:Actions!J2"]
    assert found["plan.xlsx:Actions!D3:E3"].startswith("merged cells")
    assert any(m.startswith("a value in a column with no header") for m in found.values())
    assert "glossary" not in read.sheets


def test_true_and_false_as_libreoffice_writes_them_are_values(
    exported: bytes, tmp_path: Path
) -> None:
    column = [c.name for c in TABLE_BY_NAME["actions"].columns].index("illustrative") + 1

    def edit(book: Any) -> None:
        book["Actions"].cell(2, column, "=TRUE()")
        book["Actions"].cell(3, column, "=false()")

    read = read_workbook(edited(tmp_path, exported, edit), "plan.xlsx")
    assert read.problems == []
    rows = read.sheets["actions"].rows
    assert (rows[0].values["illustrative"], rows[1].values["illustrative"]) == (True, False)


def test_a_workbook_without_its_rows_as_exported_is_refused(
    exported: bytes, tmp_path: Path
) -> None:
    def edit(book: Any) -> None:
        del book[BASE_SHEET]

    with pytest.raises(SheetError, match="the hidden sheet '_planpress' is missing"):
        read_workbook(edited(tmp_path, exported, edit), "plan.xlsx")


def test_a_file_that_is_not_a_workbook_or_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_text("id,title\n")
    with pytest.raises(SheetError, match="is not an Excel workbook"):
        read_workbook(renamed, "renamed.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/zeros.bin", bytes(11 * 1024 * 1024))
    with pytest.raises(SheetError, match=r"unpacks to 11 MB from 0\.0 MB"):
        read_workbook(bomb, "bomb.xlsx")
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(SheetError, match="cannot be opened as a workbook"):
        read_workbook(other, "other.xlsx")
