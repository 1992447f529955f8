"""`planpress export --xlsx` and `planpress import`: real workbooks written by the exporter,
edited with openpyxl as a person would (and saved by LibreOffice where it is installed), read
back into a copy of the example's data; every bad workbook refused with its message."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support import EXAMPLE_DATA, git_environment

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "planpress", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example's data, with a workbook exported from it."""
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    done = run_cli("export", "--xlsx", "plan.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wrote plan.xlsx" in done.stderr
    return tmp_path


def header(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def row_of(sheet, record_id: str) -> int:
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == record_id:
            return row[0].row
    raise AssertionError(record_id)


def edit(folder: Path, change, name: str = "plan.xlsx") -> Path:
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    change(book)
    book.save(folder / name)
    return folder / name


def refused(folder: Path, workbook: str) -> str:
    """The import's output, having checked that it failed and left data/ as it was."""
    before = snapshot(folder / "data")
    done = run_cli("import", workbook, cwd=folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(folder / "data") == before
    return done.stdout + done.stderr


# ---------------------------------------------------------------- the workbook


def test_workbook_has_a_sheet_per_kind_notes_lists_and_real_values(site: Path) -> None:
    book = openpyxl.load_workbook(site / "plan.xlsx")
    assert book.sheetnames[:12] == [
        "Read me",
        "Actions",
        "Organisations",
        "Groups",
        "Meetings",
        "Papers",
        "Recommendations",
        "Milestones",
        "Procurements",
        "Indicators",
        "Indicator values",
        "Glossary",
    ]
    actions = book["Actions"]
    columns = header(actions)
    assert actions.freeze_panes == "B2"
    assert (
        "One of: proposed, planned, in-progress" in actions.cell(1, columns["status"]).comment.text
    )
    bus02 = row_of(actions, "BUS-02")
    due = actions.cell(bus02, columns["due"])
    assert due.value == datetime.datetime(2020, 12, 31) and due.number_format == "yyyy-mm-dd"
    start = actions.cell(bus02, columns["start"])
    assert start.value == datetime.datetime(2020, 9, 1) and start.number_format == "yyyy-mm"
    amount = actions.cell(bus02, columns["budget_amount"])
    assert amount.value == 120000 and amount.number_format == "#,##0"
    assert actions.cell(bus02, columns["partners"]).value == "dit, fsb, growth-hub"
    validated = {str(v.sqref).split(":")[0]: v for v in actions.data_validations.dataValidation}
    letter = actions.cell(1, columns["status"]).column_letter
    assert validated[f"{letter}2"].type == "list"
    owner = validated[f"{actions.cell(1, columns['owner']).column_letter}2"]
    assert owner.formula1.startswith("'Organisations'!$A$2:$A$")
    assert book["Lists"].sheet_state == "hidden"
    assert book["_planpress"].sheet_state == "veryHidden"
    assert "planpress import" in " ".join(str(c.value) for c in book["Read me"]["A"])


def test_export_is_reproducible(site: Path) -> None:
    first = (site / "plan.xlsx").read_bytes()
    done = run_cli("export", "--xlsx", "again.xlsx", cwd=site)
    assert done.returncode == 0
    assert (site / "again.xlsx").read_bytes() == first


def test_no_edits_change_no_byte(site: Path) -> None:
    before = snapshot(site / "data")
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing to change" in done.stderr
    assert snapshot(site / "data") == before


# ---------------------------------------------------------------- edits that land


def test_status_date_and_new_action_land_in_place_with_comments_kept(site: Path) -> None:
    original = (site / "data/actions/business-trade.yml").read_text()

    def change(book):
        actions = book["Actions"]
        col = header(actions)
        actions.cell(row_of(actions, "BUS-01"), col["status"]).value = "complete"
        actions.cell(row_of(actions, "BUS-02"), col["due"]).value = datetime.datetime(2021, 1, 31)
        new = actions.max_row + 1
        values = {
            "id": "BUS-09",
            "title": '=HYPERLINK("http://x") is text here',
            "strand": "trade",
            "theme": "short-term-recovery",
            "group": "business-trade",
            "owner": "growth-hub",
            "partners": "fsb, dit",
            "status": "planned",
            "start": datetime.datetime(2021, 2, 1),
            "budget_amount": 50000,
            "outputs": "Advice for 20 firms\nA report",
        }
        for name, value in values.items():
            cell = actions.cell(new, col[name])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"

    edit(site, change)
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Changed BUS-01: Status: In progress to Complete" in done.stdout
    assert "Changed BUS-02: Due: 31 days later (31 December 2020 to 31 January 2021)" in done.stdout
    assert "Added BUS-09" in done.stdout
    text = (site / "data/actions/business-trade.yml").read_text()
    expected = original.replace(
        "  status: in-progress\n  rag: amber\n  budget:\n    amount: 1200000",
        "  status: complete\n  rag: amber\n  budget:\n    amount: 1200000",
        1,
    ).replace("  due: 2020-12-31\n", "  due: 2021-01-31\n", 1)
    assert text.startswith(expected)
    assert text[len(expected) :] == (
        "\n"
        "- id: BUS-09\n"
        '  title: =HYPERLINK("http://x") is text here\n'
        "  strand: trade\n"
        "  theme: short-term-recovery\n"
        "  group: business-trade\n"
        "  owner: growth-hub\n"
        "  partners:\n"
        "    - fsb\n"
        "    - dit\n"
        "  start: 2021-02-01\n"
        "  status: planned\n"
        "  budget:\n"
        "    amount: 50000\n"
        "  outputs:\n"
        "    - Advice for 20 firms\n"
        "    - A report\n"
    )
    others = [p for p in (site / "data").rglob("*.yml") if p.name != "business-trade.yml"]
    assert all(
        p.read_bytes() == (EXAMPLE_DATA / p.relative_to(site / "data")).read_bytes() for p in others
    )
    check = run_cli("check", cwd=site)
    assert check.returncode == 0, check.stdout


def test_other_kinds_fields_added_and_removed(site: Path) -> None:
    def change(book):
        orgs = book["Organisations"]
        col = header(orgs)
        new = orgs.max_row + 1
        for name, value in {"id": "new-org", "name": "New Org", "kind": "business-body"}.items():
            orgs.cell(new, col[name]).value = value
        actions = book["Actions"]
        col = header(actions)
        row = row_of(actions, "BUS-01")
        actions.cell(row, col["rag"]).value = None  # a field removed
        actions.cell(row, col["budget_funded"]).value = 1100000
        glossary = book["Glossary"]
        glossary.cell(glossary.max_row + 1, 1).value = "NEWT"
        glossary.cell(glossary.max_row, 2).value = "A new term: with a colon"
        recs = book["Recommendations"]
        recs.cell(2, header(recs)["outcome"]).value = "deferred"
        indicators = book["Indicators"]
        row = row_of(indicators, "productivity-gap")
        indicators.cell(row, header(indicators)["baseline_value"]).value = 79.5

    edit(site, change)
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Added organisation: new-org" in done.stdout
    assert "Added glossary term: NEWT" in done.stdout
    assert "Changed indicator: productivity-gap" in done.stdout
    assert "  baseline:\n    value: 79.5\n" in (site / "data/indicators.yml").read_text()
    assert "RAG rating: Amber to not set" in done.stdout
    assert run_cli("check", cwd=site).returncode == 0
    again = run_cli("export", "--xlsx", "after.xlsx", cwd=site)
    assert again.returncode == 0
    book = openpyxl.load_workbook(site / "after.xlsx")
    assert book["Organisations"].cell(book["Organisations"].max_row, 1).value == "new-org"
    orgs = (site / "data/organisations.yml").read_text()
    assert orgs.endswith("\n\n- id: new-org\n  name: New Org\n  kind: business-body\n")


def test_deleted_row_is_reported(site: Path) -> None:
    edit(site, lambda book: book["Actions"].delete_rows(row_of(book["Actions"], "BUS-03")))
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Removed BUS-03: " in done.stdout
    text = (site / "data/actions/business-trade.yml").read_text()
    assert "id: BUS-03" not in text and "id: BUS-04" in text
    assert run_cli("check", cwd=site).returncode == 0


def test_deleting_an_action_others_depend_on_is_refused_at_their_cells(site: Path) -> None:
    edit(site, lambda book: book["Actions"].delete_rows(row_of(book["Actions"], "BUS-02")))
    out = refused(site, "plan.xlsx")
    # BUS-02 was row 3; rows below it moved up one
    assert "plan.xlsx:Actions!R3: depends_on 'BUS-02' is not an action in actions/" in out
    assert "data/actions/" not in out


def test_two_people_editing_different_rows_both_keep_their_edits(site: Path) -> None:
    def first(book):
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-01"), header(actions)["rag"]).value = "green"

    def second(book):
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-02"), header(actions)["rag"]).value = "red"

    edit(site, first, "first.xlsx")
    edit(site, second, "second.xlsx")
    assert run_cli("import", "first.xlsx", cwd=site).returncode == 0
    done = run_cli("import", "second.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BUS-01" not in done.stdout  # the first person's edit is not undone
    text = (site / "data/actions/business-trade.yml").read_text()
    assert text.count("rag: green") >= 1 and "rag: red" in text
    check = run_cli("export", "--xlsx", "now.xlsx", cwd=site)
    assert check.returncode == 0
    now = openpyxl.load_workbook(site / "now.xlsx")["Actions"]
    col = header(now)
    assert now.cell(row_of(now, "BUS-01"), col["rag"]).value == "green"
    assert now.cell(row_of(now, "BUS-02"), col["rag"]).value == "red"


def test_the_same_cell_edited_twice_is_a_conflict(site: Path) -> None:
    def first(book):
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-01"), header(actions)["rag"]).value = "green"

    def second(book):
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-01"), header(actions)["rag"]).value = "red"

    edit(site, first, "first.xlsx")
    edit(site, second, "second.xlsx")
    assert run_cli("import", "first.xlsx", cwd=site).returncode == 0
    out = refused(site, "second.xlsx")
    assert (
        "second.xlsx:Actions!L2: rag was changed in data/ since this workbook was exported "
        "(to 'green') and in the workbook (to 'red')"
    ) in out


def test_problems_in_the_plan_as_it_would_stand_are_given_by_cell(site: Path) -> None:
    def change(book):
        actions = book["Actions"]
        col = header(actions)
        actions.cell(row_of(actions, "BUS-01"), col["owner"]).value = "nobody"
        actions.cell(row_of(actions, "BUS-02"), col["status"]).value = "finished"

    edit(site, change)
    out = refused(site, "plan.xlsx")
    assert "plan.xlsx:Actions!G2: owner 'nobody' is not an organisation" in out
    assert "plan.xlsx:Actions!K3: " in out and "'finished'" in out
    check_words = run_cli("check", cwd=site)  # data/ itself is untouched and valid
    assert check_words.returncode == 0


# ---------------------------------------------------------------- bad workbooks


def test_bad_cells(site: Path) -> None:
    def change(book):
        actions = book["Actions"]
        col = header(actions)
        actions.cell(2, col["budget_amount"]).value = "£1,200"
        actions.cell(3, col["due"]).value = "31/12/2020"
        actions.cell(4, col["budget_funded"]).value = "=SUM(M2:M3)"
        actions.cell(5, col["id"]).value = "BUS-01"
        actions.merge_cells(
            start_row=6, start_column=col["title"], end_row=6, end_column=col["summary"]
        )

    edit(site, change)
    out = refused(site, "plan.xlsx")
    assert "plan.xlsx:Actions!M2: '£1,200' is text, not a number" in out
    assert "plan.xlsx:Actions!J3: '31/12/2020' is text, not a date" in out
    assert (
        "plan.xlsx:Actions!N4: a formula (=SUM(M2:M3)): planpress reads values, not formulas" in out
    )
    assert "plan.xlsx:Actions!B6:C6: merged cells" in out


def test_duplicate_id(site: Path) -> None:
    edit(site, lambda book: setattr(book["Actions"].cell(5, 1), "value", "BUS-01"))
    out = refused(site, "plan.xlsx")
    assert "plan.xlsx:Actions!A5: duplicate action id 'BUS-01' (already used at Actions!A2)" in out


def test_sheets_and_columns_renamed_missing_or_extra(site: Path) -> None:
    def change(book):
        book["Milestones"].title = "Dates"
        del book["Glossary"]
        actions = book["Actions"]
        actions.cell(1, header(actions)["rag"]).value = "RAG"
        actions.cell(1, actions.max_column + 1).value = "My notes"

    edit(site, change)
    out = refused(site, "plan.xlsx")
    assert "plan.xlsx:Dates: unknown sheet 'Dates'" in out
    assert "plan.xlsx: the sheet 'Milestones' is missing" in out
    assert "plan.xlsx: the sheet 'Glossary' is missing" in out
    assert "plan.xlsx:Actions!L1: unknown column 'RAG'" in out
    assert "unknown column 'My notes'" in out
    assert "plan.xlsx:Actions: column 'rag' is missing from the header row" in out


def test_files_that_are_not_workbooks(site: Path) -> None:
    (site / "notes.xlsx").write_text("just text")
    assert "notes.xlsx is not an Excel workbook (.xlsx)" in refused(site, "notes.xlsx")
    (site / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "old.xls is an Excel 97-2003 workbook (.xls): save it as" in refused(site, "old.xls")
    with zipfile.ZipFile(site / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"\0" * (60 * 1024 * 1024))
    assert "bomb.xlsx unpacks to 60 MB" in refused(site, "bomb.xlsx")
    with zipfile.ZipFile(site / "broken.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert "broken.xlsx cannot be opened as a workbook" in refused(site, "broken.xlsx")
    assert "missing.xlsx: no such file" in refused(site, "missing.xlsx")


def test_csv_of_actions(site: Path) -> None:
    """A CSV file's changes are checked against the history of data/ in git (a CSV file
    does not say what it was made from), so data/ is committed first."""
    import csv

    env = {**os.environ, **git_environment(site)}
    for args in (["init", "--quiet"], ["add", "data"], ["commit", "--quiet", "-m", "The plan"]):
        subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)

    book = openpyxl.load_workbook(site / "plan.xlsx")
    actions = book["Actions"]
    with (site / "actions.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        for row in actions.iter_rows(values_only=True):
            cells = []
            for value in row:
                if isinstance(value, datetime.datetime):
                    value = value.strftime("%Y-%m-%d")
                cells.append("" if value is None else str(value))
            writer.writerow(cells)
    done = run_cli("import", "actions.csv", cwd=site)
    # every month-only date is a full date in this CSV: the import says what it changes
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Changed BUS-01: Start" in done.stdout


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_by_libreoffice_imports(site: Path, tmp_path: Path) -> None:
    def change(book):
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-01"), header(actions)["status"]).value = "complete"

    edit(site, change, "edited.xlsx")
    out = tmp_path / "lo"
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(site / "edited.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert (out / "edited.xlsx").exists(), done.stdout + done.stderr
    shutil.copy(out / "edited.xlsx", site / "saved.xlsx")
    done = run_cli("import", "saved.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "Changed BUS-01: Status: In progress to Complete"
