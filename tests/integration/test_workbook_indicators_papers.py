"""An indicator's values and a meeting's papers in the workbook: the Indicator values and
Papers sheets written by `planpress export --xlsx`, edited with openpyxl as a person would (and
saved by LibreOffice where it is installed), and read back by `planpress import` into a copy of
the example's data, in place, comments kept; every bad row refused at its cell."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from support import EXAMPLE_DATA

from planpress.core.load import load_plan
from planpress.exchange.cellvalues import convert
from planpress.exchange.tables import TABLE_BY_NAME

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

JOBS_VALUES = """\
  values:
    - value: 28000
      date: 2019-03
      illustrative: true
    - value: 31500
      date: 2020-03
      illustrative: true
    - value: 30200
      date: 2020-09
      illustrative: true
"""
COMMENTED = JOBS_VALUES.replace(
    "    - value: 31500\n", "    # March figures come from the annual survey.\n    - value: 31500\n"
)


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


def export(folder: Path, name: str = "plan.xlsx") -> Path:
    done = run_cli("export", "--xlsx", name, cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / name


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example's data (a comment added among an indicator's values), with a
    workbook exported from it."""
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    indicators = tmp_path / "data/indicators.yml"
    text = indicators.read_text()
    assert text.count(JOBS_VALUES) == 1
    indicators.write_text(text.replace(JOBS_VALUES, COMMENTED))
    export(tmp_path)
    return tmp_path


def header(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def rows_of(sheet, first: str) -> list[int]:
    return [row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == first]


def row_where(sheet, **values: object) -> int:
    col = header(sheet)
    for row in sheet.iter_rows(min_row=2):
        if all(row[col[name] - 1].value == value for name, value in values.items()):
            return row[0].row
    raise AssertionError(values)


def add_row(sheet, values: dict[str, object]) -> int:
    col = header(sheet)
    row = sheet.max_row + 1
    for name, value in values.items():
        cell = sheet.cell(row, col[name])
        cell.value = value
        if isinstance(value, datetime.datetime):
            cell.number_format = "yyyy-mm-dd"
    return row


def edit(folder: Path, change, name: str = "edited.xlsx") -> str:
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    change(book)
    book.save(folder / name)
    return name


def imported(folder: Path, name: str) -> str:
    done = run_cli("import", name, cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def refused(folder: Path, name: str) -> list[str]:
    """The import's problems, one a line, having checked that it changed nothing."""
    before = snapshot(folder / "data")
    done = run_cli("import", name, cwd=folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(folder / "data") == before
    return done.stdout.splitlines()


def untouched_round_trip(folder: Path) -> None:
    """Export again and import that workbook: nothing changes."""
    before = snapshot(folder / "data")
    export(folder, "again.xlsx")
    done = run_cli("import", "again.xlsx", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing to change" in done.stderr
    assert snapshot(folder / "data") == before


# ---------------------------------------------------------------- the sheets


def test_the_sheets_hold_every_value_and_paper_with_lists_notes_and_real_values(
    site: Path,
) -> None:
    book = openpyxl.load_workbook(site / "plan.xlsx")
    plan = load_plan(site / "data").plan
    assert plan is not None
    values = book["Indicator values"]
    assert [c.value for c in values[1]] == [
        "indicator",
        "date",
        "value",
        "illustrative",
        "note",
        "source",
    ]
    expected = [(i.id, str(v.date), v.value) for i in plan.indicators for v in i.values or []]
    assert len(expected) == 6
    found = []
    for row in values.iter_rows(min_row=2):
        date = row[1]
        shown = date.value.strftime("%Y-%m" if date.number_format == "yyyy-mm" else "%Y-%m-%d")
        found.append((row[0].value, shown, row[2].value))
    assert found == expected
    assert values.freeze_panes == "C2"
    assert "For a figure of a whole year, type the year alone" in values["B1"].comment.text
    assert "The id of a indicator" in values["A1"].comment.text
    checked = {str(v.sqref).split(":")[0]: v for v in values.data_validations.dataValidation}
    assert checked["A2"].formula1.startswith("'Indicators'!$A$2:$A$")
    assert checked["D2"].formula1.startswith("'Lists'!")  # TRUE or FALSE

    papers = book["Papers"]
    assert [c.value for c in papers[1]] == [
        "meeting",
        "title",
        "url",
        "illustrative",
        "note",
        "source",
    ]
    assert [(r[0].value, r[1].value) for r in papers.iter_rows(min_row=2)] == [
        (m.id, p.title) for m in plan.meetings for p in m.papers or []
    ]
    checked = {str(v.sqref).split(":")[0]: v for v in papers.data_validations.dataValidation}
    assert checked["A2"].formula1.startswith("'Meetings'!$A$2:$A$")
    readme = " ".join(str(c.value) for c in book["Read me"]["A"])
    assert "Indicator values: The values of each indicator measured since its baseline" in readme
    assert "Papers: The papers put to each meeting" in readme
    assert "a meeting's papers (Papers, one row per title)" in readme


def test_an_untouched_workbook_changes_no_byte(site: Path) -> None:
    before = snapshot(site / "data")
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing to change" in done.stderr
    assert snapshot(site / "data") == before


def test_a_year_stays_a_year(site: Path) -> None:
    """`2025` is written as the number 2025 (as a person types a year), read back as a year,
    and written into data/ as `2025`: never 2025-01-01."""
    indicators = site / "data/indicators.yml"
    text = indicators.read_text()
    text = text.replace("    value: 80\n    date: 2015-12\n", "    value: 80\n    date: 2015\n")
    text = text.replace(
        "      date: 2018-12\n      illustrative: true\n",
        "      date: 2018-12\n      illustrative: true\n    - value: 82\n      date: 2019\n",
    )
    indicators.write_text(text)
    assert run_cli("check", cwd=site).returncode == 0
    export(site)
    book = openpyxl.load_workbook(site / "plan.xlsx")
    values = book["Indicator values"]
    cell = values.cell(row_where(values, indicator="productivity-gap", value=82), 2)
    assert cell.value == 2019 and cell.data_type == "n"
    baseline = book["Indicators"]
    at = rows_of(baseline, "productivity-gap")[0]
    assert baseline.cell(at, header(baseline)["baseline_date"]).value == 2015
    untouched_round_trip(site)

    def change(book):
        sheet = book["Indicator values"]
        add_row(sheet, {"indicator": "productivity-gap", "date": "2021", "value": 83})
        row = add_row(
            sheet, {"indicator": "productivity-gap", "date": datetime.datetime(2020, 1, 1)}
        )
        sheet.cell(row, 2).number_format = "yyyy"  # a date shown as its year alone
        sheet.cell(row, 3).value = 82.5

    out = imported(site, edit(site, change))
    assert "Added indicator values: productivity-gap/2020, productivity-gap/2021" in out
    assert (
        "    - value: 82\n"
        "      date: 2019\n"
        "    - value: 82.5\n"
        "      date: 2020\n"
        "    - value: 83\n"
        "      date: 2021\n"
        "  note: >-\n"
    ) in indicators.read_text()
    untouched_round_trip(site)


def test_a_number_in_a_year_column_is_a_year_only_if_it_can_be_one() -> None:
    date = TABLE_BY_NAME["indicator_values"].column("date")
    assert date.years
    assert convert(date, 2025, "General", from_text=False) == "2025"
    assert convert(date, 2025.0, "General", from_text=False) == "2025"
    assert convert(date, "2025", "General", from_text=True) == "2025"
    assert convert(date, datetime.datetime(2025, 3, 1), "yyyy-mm", from_text=False) == "2025-03"
    assert "not a date or a year" in convert(date, 45000, "General", from_text=False).message
    assert "the year must be from 1900" in convert(date, "1800", "General", from_text=True).message
    new_year = datetime.datetime(2023, 1, 1)
    assert convert(date, new_year, "yyyy", from_text=False) == "2023"
    assert convert(date, new_year, "yyyy-mm-dd", from_text=False) == "2023-01-01"
    assert convert(date, new_year, "yyyy-mm", from_text=False) == "2023-01"
    due = TABLE_BY_NAME["actions"].column("due")
    assert not due.years
    assert "is a number, not a date" in convert(due, 2025, "General", from_text=False).message


# ---------------------------------------------------------------- edits that land


def test_values_added_changed_and_removed_land_in_date_order_comments_kept(site: Path) -> None:
    indicators = site / "data/indicators.yml"
    original = indicators.read_text()
    meetings = (site / "data/meetings.yml").read_bytes()

    def change(book):
        sheet = book["Indicator values"]
        col = header(sheet)
        sheet.cell(
            row_where(sheet, indicator="jobs-created", value=31500), col["value"]
        ).value = 31600
        sheet.delete_rows(row_where(sheet, indicator="jobs-created", value=30200))
        add_row(
            sheet,
            {
                "indicator": "jobs-created",
                "date": datetime.datetime(2019, 9, 30),
                "value": 29000,
                "source": "Growth Hub returns",
            },
        )
        add_row(
            sheet,
            {"indicator": "productivity-gap", "date": 2025, "value": 84.5, "source": "ONS, 2026"},
        )

    out = imported(site, edit(site, change))
    assert out.splitlines() == [
        "Added indicator values: productivity-gap/2025, jobs-created/2019-09-30",
        "Removed indicator value: jobs-created/2020-09",
        "Changed indicator value: jobs-created/2020-03",
    ]
    expected = original.replace(
        COMMENTED,
        "  values:\n"
        "    - value: 28000\n"
        "      date: 2019-03\n"
        "      illustrative: true\n"
        "    - value: 29000\n"
        "      date: 2019-09-30\n"
        "      source: Growth Hub returns\n"
        "    # March figures come from the annual survey.\n"
        "    - value: 31600\n"
        "      date: 2020-03\n"
        "      illustrative: true\n",
    ).replace(
        "      date: 2018-12\n      illustrative: true\n",
        "      date: 2018-12\n      illustrative: true\n"
        "    - value: 84.5\n      date: 2025\n      source: ONS, 2026\n",
    )
    assert expected != original
    assert indicators.read_text() == expected
    assert (site / "data/meetings.yml").read_bytes() == meetings
    assert run_cli("check", cwd=site).returncode == 0
    untouched_round_trip(site)


def test_values_not_in_date_order_take_new_ones_at_the_end(site: Path) -> None:
    indicators = site / "data/indicators.yml"
    swapped = "    - value: 910\n      date: 2020-08-31\n    - value: 420\n      date: 2020-06\n"
    text = indicators.read_text()
    ordered = "    - value: 420\n      date: 2020-06\n    - value: 910\n      date: 2020-08-31\n"
    assert ordered in text
    indicators.write_text(text.replace(ordered, swapped))
    export(site)
    name = edit(
        site,
        lambda book: add_row(
            book["Indicator values"],
            {
                "indicator": "businesses-supported",
                "date": datetime.datetime(2020, 7, 31),
                "value": 650,
            },
        ),
    )
    imported(site, name)
    assert swapped + "    - value: 650\n      date: 2020-07-31\n" in indicators.read_text()


def test_papers_added_changed_and_removed_land_in_place(site: Path) -> None:
    path = site / "data/meetings.yml"
    original = path.read_text()

    def change(book):
        papers = book["Papers"]
        col = header(papers)
        papers.cell(
            rows_of(papers, "board-2020-07-16")[0], col["url"]
        ).value = "https://example.org/lis.pdf"
        papers.delete_rows(rows_of(papers, "board-2020-09-17")[0])
        add_row(
            papers,
            {
                "meeting": "board-2020-09-17",
                "title": "Prospectus: investment asks",
                "url": "https://example.org/asks.pdf",
            },
        )
        add_row(
            book["Meetings"],
            {
                "id": "board-2020-11-19",
                "date": datetime.datetime(2020, 11, 19),
                "body": "lep-executive-board",
                "title": "LEP Executive Board, 19 November 2020",
                "status": "scheduled",
            },
        )
        add_row(book["Recommendations"], {"meeting": "board-2020-11-19", "id": "i", "text": "x"})
        add_row(papers, {"meeting": "board-2020-11-19", "title": "Final plan"})
        add_row(papers, {"meeting": "board-2020-11-19", "title": "Prospectus", "note": "Draft"})

    out = imported(site, edit(site, change))
    assert "Added meeting: board-2020-11-19" in out
    assert (
        "Added papers: board-2020-09-17/Prospectus: investment asks, "
        "board-2020-11-19/Final plan, board-2020-11-19/Prospectus"
    ) in out
    assert (
        "Removed paper: board-2020-09-17/Advanced draft Implementation Plan and prospectus" in out
    )
    assert "Changed paper: board-2020-07-16/Local Industrial Strategy" in out
    expected = (
        original.replace(
            "        post-Brexit International Trade\n  recommendations:\n",
            "        post-Brexit International Trade\n"
            "      url: https://example.org/lis.pdf\n"
            "  recommendations:\n",
        ).replace(
            "  papers:\n"
            "    - title: Advanced draft Implementation Plan and prospectus\n"
            "      illustrative: true\n",
            "  papers:\n"
            '    - title: "Prospectus: investment asks"\n'
            "      url: https://example.org/asks.pdf\n",
        )
        + "\n"
        "- id: board-2020-11-19\n"
        "  date: 2020-11-19\n"
        "  body: lep-executive-board\n"
        "  title: LEP Executive Board, 19 November 2020\n"
        "  status: scheduled\n"
        "  papers:\n"
        "    - title: Final plan\n"
        "    - title: Prospectus\n"
        "      note: Draft\n"
        "  recommendations:\n"
        "    - id: i\n"
        "      text: x\n"
    )
    assert path.read_text() == expected
    assert run_cli("check", cwd=site).returncode == 0
    untouched_round_trip(site)

    # the last paper of a meeting removed: its papers field goes with it
    export(site)
    imported(site, edit(site, lambda book: book["Papers"].delete_rows(2)))
    assert path.read_text() == expected.replace(
        "  papers:\n"
        "    - title: >-\n"
        "        Local Industrial Strategy Implementation Plan, pandemic Recovery and\n"
        "        post-Brexit International Trade\n"
        "      url: https://example.org/lis.pdf\n",
        "",
        1,
    )
    assert run_cli("check", cwd=site).returncode == 0


def test_a_paper_added_to_a_meeting_with_none_goes_before_its_recommendations(
    site: Path,
) -> None:
    path = site / "data/meetings.yml"
    text = path.read_text()
    papers = "  papers:\n    - title: Advanced draft Implementation Plan and prospectus\n"
    assert text.count(papers + "      illustrative: true\n") == 1
    path.write_text(text.replace(papers + "      illustrative: true\n", ""))
    export(site)
    name = edit(
        site,
        lambda book: add_row(
            book["Papers"], {"meeting": "board-2020-09-17", "title": "A paper", "url": "x.pdf"}
        ),
    )
    assert imported(site, name).strip() == "Added paper: board-2020-09-17/A paper"
    assert (
        "  status: held\n  papers:\n    - title: A paper\n      url: x.pdf\n  recommendations:\n"
    ) in path.read_text()


def test_every_value_of_an_indicator_and_recommendation_of_a_meeting_removed(
    site: Path,
) -> None:
    """Removing every item of a list removes the field; removing the last two of a list
    spaced with blank lines leaves the rest of the record whole."""
    meetings = site / "data/meetings.yml"
    text = meetings.read_text()
    third = "      source: SSLEP Executive Board paper, 16 July 2020, Recommendation (ii)\n"
    assert text.count(third) == 1
    meetings.write_text(
        text.replace(third, third + "\n    - id: iii\n      text: a third recommendation\n")
    )
    export(site)
    indicators = site / "data/indicators.yml"
    before = indicators.read_text()

    def change(book):
        values = book["Indicator values"]
        for row in reversed(rows_of(values, "businesses-supported")):
            values.delete_rows(row)
        recs = book["Recommendations"]
        for rec in ("iii", "ii"):
            recs.delete_rows(row_where(recs, meeting="board-2020-07-16", id=rec))

    out = imported(site, edit(site, change))
    assert (
        "Removed indicator values: businesses-supported/2020-06, businesses-supported/2020-08-31"
        in out
    )
    assert indicators.read_text() == before.replace(
        "  values:\n"
        "    - value: 420\n"
        "      date: 2020-06\n"
        "    - value: 910\n"
        "      date: 2020-08-31\n",
        "",
    )
    assert (
        "      source: SSLEP Executive Board paper, 16 July 2020, Recommendation (i)\n"
        "  publishes:\n"
    ) in meetings.read_text()
    assert run_cli("check", cwd=site).returncode == 0
    untouched_round_trip(site)


def test_a_value_deleted_in_the_workbook_but_changed_in_data_since_is_kept(site: Path) -> None:
    indicators = site / "data/indicators.yml"

    def change(book):
        values = book["Indicator values"]
        values.delete_rows(row_where(values, indicator="jobs-created", value=30200))

    name = edit(site, change)
    indicators.write_text(indicators.read_text().replace("value: 30200", "value: 30300"))
    assert refused(site, name) == [
        "edited.xlsx: indicator value 'jobs-created/2020-09' was deleted from the Indicator "
        "values sheet but changed in data/ since the workbook was exported: export again to "
        "delete it"
    ]


def test_two_people_editing_different_values_both_keep_their_edits(site: Path) -> None:
    def first(book):
        values = book["Indicator values"]
        values.cell(row_where(values, indicator="jobs-created", value=28000), 3).value = 28100

    def second(book):
        values = book["Indicator values"]
        values.cell(row_where(values, indicator="jobs-created", value=31500), 3).value = 31600
        papers = book["Papers"]
        papers.cell(2, header(papers)["url"]).value = "https://example.org/lis.pdf"

    edit(site, first, "first.xlsx")
    edit(site, second, "second.xlsx")
    imported(site, "first.xlsx")
    out = imported(site, "second.xlsx")
    assert "28000" not in out and "2019-03" not in out  # the first edit is not undone
    text = (site / "data/indicators.yml").read_text()
    assert "value: 28100" in text and "value: 31600" in text
    assert "url: https://example.org/lis.pdf" in (site / "data/meetings.yml").read_text()


# ---------------------------------------------------------------- bad rows


def test_every_bad_row_is_reported_at_its_cell_in_one_pass(site: Path) -> None:
    rows = {}

    def change(book):
        values = book["Indicator values"]
        rows["unknown"] = add_row(
            values, {"indicator": "no-such-indicator", "date": 2024, "value": 1}
        )
        rows["text date"] = add_row(
            values, {"indicator": "jobs-created", "date": "March 2021", "value": 5}
        )
        rows["text value"] = add_row(
            values, {"indicator": "jobs-created", "date": 2021, "value": "about 40,000"}
        )
        rows["bad year"] = add_row(values, {"indicator": "jobs-created", "date": 12345, "value": 4})
        papers = book["Papers"]
        rows["paper"] = add_row(papers, {"meeting": "board-2099-01-01", "title": "A paper"})
        actions = book["Actions"]
        actions.cell(2, header(actions)["budget_amount"]).value = "£5"

    lines = refused(site, edit(site, change))
    assert sorted(lines) == sorted(
        [
            "edited.xlsx:Actions!M2: '£5' is text, not a number: type the number alone, with no "
            "currency sign, commas or words (for example 120000)",
            f"edited.xlsx:'Indicator values'!B{rows['text date']}: 'March 2021' is text, not a "
            "date: type it as a date the spreadsheet recognises (it then lines up on the right "
            "of the cell), or as YYYY-MM-DD",
            f"edited.xlsx:'Indicator values'!C{rows['text value']}: 'about 40,000' is text, not a "
            "number: type the number alone, with no unit or commas (for example 81.5)",
            f"edited.xlsx:'Indicator values'!B{rows['bad year']}: 12345 is a number, not a date "
            "or a year: type a year from 1900 to 2200 (2025), or a date",
            f"edited.xlsx:Papers!A{rows['paper']}: meeting 'board-2099-01-01' is not a meeting "
            "in meetings.yml: a paper is put to a meeting that is",
            f"edited.xlsx:'Indicator values'!A{rows['unknown']}: indicator 'no-such-indicator' "
            "is not an indicator in indicators.yml: a value belongs to an indicator that is",
        ]
    )


def test_rows_of_a_deleted_meeting_are_refused_and_go_with_it(site: Path) -> None:
    def meeting_only(book):
        meetings = book["Meetings"]
        meetings.delete_rows(rows_of(meetings, "board-2020-09-17")[0])

    lines = refused(site, edit(site, meeting_only))
    assert lines == [
        "edited.xlsx:Papers!A3: meeting 'board-2020-09-17' is not a meeting in meetings.yml: "
        "a paper is put to a meeting that is",
        "edited.xlsx:Recommendations!A4: meeting 'board-2020-09-17' is not a meeting in "
        "meetings.yml: a recommendation is put to a meeting that is",
    ]

    def with_its_rows(book):
        for name in ("Meetings", "Papers", "Recommendations"):
            sheet = book[name]
            for row in reversed(rows_of(sheet, "board-2020-09-17")):
                sheet.delete_rows(row)

    out = imported(site, edit(site, with_its_rows))
    assert "Removed meeting: board-2020-09-17" in out
    text = (site / "data/meetings.yml").read_text()
    assert "board-2020-09-17" not in text.split("# ", 2)[1]  # only the first meeting's mention
    assert text.endswith("  source: SSLEP Executive Board paper, 16 July 2020\n")
    assert run_cli("check", cwd=site).returncode == 0


def test_problems_of_the_plan_as_it_would_stand_are_given_at_the_value_s_cell(
    site: Path,
) -> None:
    rows = {}

    def change(book):
        values = book["Indicator values"]
        rows["early"] = add_row(values, {"indicator": "jobs-created", "date": 2013, "value": 5})
        papers = book["Papers"]
        papers.cell(3, header(papers)["url"]).value = "not a web address"

    lines = refused(site, edit(site, change))
    assert lines == [
        f"edited.xlsx:'Indicator values'!B{rows['early']}: value dated 2013 is before the "
        "baseline date 2014-04 (values are measured on or after the baseline)",
        "edited.xlsx:Papers!C3: papers.url has a space at character 4 (a web address has no "
        "spaces: write one as %20)",
    ]


def test_duplicate_dates_and_titles_are_problems_not_lost_rows(site: Path) -> None:
    def change(book):
        add_row(
            book["Indicator values"],
            {"indicator": "jobs-created", "date": datetime.datetime(2019, 3, 1), "value": 1},
        )
        book["Indicator values"].cell(book["Indicator values"].max_row, 2).number_format = "yyyy-mm"
        add_row(
            book["Papers"],
            {
                "meeting": "board-2020-09-17",
                "title": "Advanced draft Implementation Plan and prospectus",
            },
        )

    assert refused(site, edit(site, change)) == [
        "edited.xlsx:Papers!B4: a second paper titled 'Advanced draft Implementation Plan and "
        "prospectus' of meeting 'board-2020-09-17' (the first is at Papers!B3): give each "
        "paper of a meeting its own title",
        "edited.xlsx:'Indicator values'!B8: a second value for '2019-03' of indicator "
        "'jobs-created' (the first is at 'Indicator values'!B3): give each value of an "
        "indicator its own date",
    ]

    # two papers of one title in data/: one row deleted from the workbook would have the
    # other take its fields, so the import is refused until they have titles of their own
    meetings = site / "data/meetings.yml"
    paper = "    - title: Advanced draft Implementation Plan and prospectus\n"
    meetings.write_text(
        meetings.read_text().replace(paper, paper + "      url: a.pdf\n" + paper, 1)
    )
    export(site)
    name = edit(site, lambda book: book["Papers"].delete_rows(4))
    assert refused(site, name) == [
        "edited.xlsx: a second paper titled 'Advanced draft Implementation Plan and "
        "prospectus' of meeting 'board-2020-09-17' in data/: give each paper of a meeting "
        "its own title in data/, then import again"
    ]


@pytest.mark.parametrize("table", ["indicator_values", "papers"])
def test_the_base_rows_of_the_new_sheets_are_checked(site: Path, table: str) -> None:
    def change(book):
        base = book["_planpress"]
        for row in base.iter_rows(min_row=2):
            text = row[0].value
            if text.startswith(f'["{table}"') and ("2019-03" in text or "Advanced" in text):
                row[0].value = text.replace("2019-03", "2019-04").replace("Advanced", "Advancing")
                break
        else:
            raise AssertionError(table)
        # the sheet itself as that damaged base says it was exported: only the base differs
        sheet = book["Indicator values" if table == "indicator_values" else "Papers"]
        for row in sheet.iter_rows(min_row=2):
            if row[1].value == datetime.datetime(2019, 3, 1):
                row[1].value = datetime.datetime(2019, 4, 1)
            elif isinstance(row[1].value, str) and row[1].value.startswith("Advanced"):
                row[1].value = row[1].value.replace("Advanced", "Advancing")

    lines = refused(site, edit(site, change))
    assert lines[0].startswith("edited.xlsx: the hidden sheet '_planpress' is damaged (")


def test_a_csv_of_papers_or_values_is_refused_for_a_workbook(site: Path) -> None:
    from planpress.exchange.csvfiles import csv_bytes

    plan = load_plan(site / "data").plan
    assert plan is not None
    for name, sheet in (("papers", "Papers"), ("indicator_values", "Indicator values")):
        (site / f"{name}.csv").write_bytes(csv_bytes(TABLE_BY_NAME[name], plan))
        lines = refused(site, f"{name}.csv")
        assert lines == [
            f"{name}.csv: {sheet.lower()} are imported from a workbook, not a CSV file "
            f"(planpress export --xlsx plan.xlsx, edit the {sheet} sheet, then planpress "
            "import plan.xlsx)"
        ]


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_workbooks_saved_by_libreoffice_import(site: Path, tmp_path: Path) -> None:
    def change(book):
        add_row(
            book["Indicator values"],
            {"indicator": "productivity-gap", "date": 2025, "value": 84.5},
        )
        add_row(book["Papers"], {"meeting": "board-2020-09-17", "title": "Annex"})

    edit(site, change, "edited.xlsx")
    out = tmp_path / "lo"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(site / "plan.xlsx"),
            str(site / "edited.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (out / "plan.xlsx").exists() and (out / "edited.xlsx").exists(), done.stderr
    shutil.copy(out / "plan.xlsx", site / "saved-plan.xlsx")
    shutil.copy(out / "edited.xlsx", site / "saved-edited.xlsx")
    before = snapshot(site / "data")
    done = run_cli("import", "saved-plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing to change" in done.stderr
    assert snapshot(site / "data") == before
    assert imported(site, "saved-edited.xlsx").splitlines() == [
        "Added paper: board-2020-09-17/Annex",
        "Added indicator value: productivity-gap/2025",
    ]
    text = (site / "data/indicators.yml").read_text()
    assert "      illustrative: true\n    - value: 84.5\n      date: 2025\n  note:" in text
    untouched_round_trip(site)
