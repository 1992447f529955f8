"""Each table as a CSV file, read back with the csv module: its header and rows, its cells as
the data says, and hostile text written so no spreadsheet evaluates it."""

from __future__ import annotations

import csv
import io
import re

from planpress.core.model import Plan
from planpress.exchange.cells import restore
from planpress.exchange.columns import LIST_SEPARATOR, cell_text
from planpress.exchange.csvfiles import CSV_LINE_END, TEXT_KINDS, csv_bytes, csv_cell
from planpress.exchange.datapackage import DATE_FIELD_PATTERN, YEAR_OR_DATE_FIELD_PATTERN
from planpress.exchange.tables import TABLE_BY_NAME, TABLES
from planpress.versions.build import BuildVersion


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def rows_of(name: str, plan: Plan) -> list[dict[str, str]]:
    text = csv_bytes(TABLE_BY_NAME[name], plan).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_each_csv_read_back_is_its_table(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    for table in TABLES:
        header, *rows = read_csv(csv_bytes(table, plan))
        assert header == [c.name for c in table.columns]
        expected = [[cell_text(c, row[c.name]) for c in table.columns] for row in table.rows(plan)]
        assert rows == expected, table.name
        assert rows, f"the example has no {table.name}"


def test_csv_cells_are_written_as_the_data_says(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    text = csv_bytes(TABLE_BY_NAME["actions"], plan).decode("utf-8")
    assert not text.startswith("\ufeff")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\r" not in "".join(lines)  # every row ends \r\n
    assert CSV_LINE_END == "\r\n"
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(re.fullmatch(DATE_FIELD_PATTERN, r["due"]) for r in rows if r["due"])
    assert any(len(r["due"]) == 7 for r in rows if r["due"])  # a month stays a month
    assert all(r["budget_amount"].isdigit() for r in rows if r["budget_amount"])
    assert {r["illustrative"] for r in rows} <= {"true", "false"}
    assert any(LIST_SEPARATOR in r["partners"] for r in rows)
    procurement = rows_of("procurements", plan)[0]
    assert procurement["max_value"] == "100000"


def test_hostile_text_round_trips_through_csv_once_unmarked(
    hostile: tuple[Plan, str, str],
) -> None:
    plan, title, summary = hostile
    rows = rows_of("actions", plan)
    # a would-be formula is written as text (a ' before it), and comes back whole without it
    assert rows[0]["title"] == "'" + title
    assert restore(rows[0]["title"]) == title
    assert rows[0]["summary"] == summary  # begins with text: as it is
    assert rows[1]["title"] == "Second action"


def test_only_text_cells_are_marked() -> None:
    actions = TABLE_BY_NAME["actions"]
    assert csv_cell(actions.column("title"), "-1") == "'-1"
    assert csv_cell(actions.column("partners"), ["=a", "b"]) == "'=a, b"
    assert csv_cell(actions.column("budget_amount"), -1) == "-1"  # a number, not text
    assert csv_cell(actions.column("illustrative"), True) == "true"
    assert csv_cell(actions.column("due"), None) == ""
    assert {"text", "id", "ids", "lines"} == TEXT_KINDS


def test_values_and_papers_are_read_back_from_their_csv(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    values = rows_of("indicator_values", plan)
    expected = [(i.id, str(v.date), v.value) for i in plan.indicators for v in i.values or []]
    assert [(r["indicator"], r["date"], float(r["value"])) for r in values] == expected
    assert all(re.fullmatch(YEAR_OR_DATE_FIELD_PATTERN, r["date"]) for r in values)
    papers = rows_of("papers", plan)
    assert [(r["meeting"], r["title"]) for r in papers] == [
        (m.id, p.title) for m in plan.meetings for p in m.papers or []
    ]
