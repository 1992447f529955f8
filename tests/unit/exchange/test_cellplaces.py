"""The workbook cell a problem points at: a problem of the plan as it would stand, found in a
file's text by its line (a record's field, an item of a list inside a record, a glossary term),
and a row's field as the import writes it back."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from planpress.core.problems import Problem
from planpress.exchange.cellplaces import Locator, field_places
from planpress.exchange.sheets import ReadResult, Row, SheetRows, letter
from planpress.exchange.tables import TABLE_BY_NAME

ACTIONS = dedent("""\
    - id: SKL-01
      title: First action

    - id: SKL-02
      title: Second action
      owner: council
      budget:
        amount: 5
""")
MEETINGS = dedent("""\
    - id: board
      date: 2020-07-16
      papers:
        - title: Minutes
          url: https://example.org/minutes.pdf
""")
GLOSSARY = "LEP: Local enterprise partnership\nFE: >-\n  Further\n  education\n"


def sheet(name: str, *rows: tuple[int, dict[str, str]]) -> SheetRows:
    table = TABLE_BY_NAME[name]
    letters = {c.name: letter(i) for i, c in enumerate(table.columns, start=1)}
    return SheetRows(table, [Row(n, values) for n, values in rows], letters)


def read() -> ReadResult:
    sheets = {
        "actions": sheet("actions", (2, {"id": "SKL-01"}), (9, {"id": "SKL-02"})),
        "papers": sheet("papers", (4, {"meeting": "board", "title": "Minutes"})),
        "glossary": sheet("glossary", (3, {"term": "LEP"}), (5, {"term": "FE"})),
    }
    return ReadResult("plan.xlsx", sheets, None, [])


def column_of(table: str, name: str) -> str:
    return letter([c.name for c in TABLE_BY_NAME[table].columns].index(name) + 1)


def test_a_problem_is_placed_at_the_cell_of_its_records_field() -> None:
    texts = {"data/actions/skills.yml": ACTIONS, "data/meetings.yml": MEETINGS}
    texts["data/glossary.yml"] = GLOSSARY
    locator = Locator(texts, read())

    def place(path: str, line: int) -> str | None:
        return locator.place(Problem(path, line, 1, "wrong"))

    owner, amount = column_of("actions", "owner"), column_of("actions", "budget_amount")
    assert place("data/actions/skills.yml", 6) == f"plan.xlsx:Actions!{owner}9"
    assert place("data/actions/skills.yml", 8) == f"plan.xlsx:Actions!{amount}9"
    assert place("data/actions/skills.yml", 4) == "plan.xlsx:Actions!A9"  # its id
    assert (
        place("data/actions/skills.yml", 2) == f"plan.xlsx:Actions!{column_of('actions', 'title')}2"
    )
    url = column_of("papers", "url")
    assert place("data/meetings.yml", 5) == f"plan.xlsx:Papers!{url}4"
    assert place("data/meetings.yml", 2) is None  # no Meetings sheet was read
    definition = column_of("glossary", "definition")
    assert place("data/glossary.yml", 1) == f"plan.xlsx:Glossary!{definition}3"
    assert place("data/glossary.yml", 4) == f"plan.xlsx:Glossary!{definition}5"


def test_a_problem_with_no_cell_to_point_at() -> None:
    locator = Locator({"data/actions/skills.yml": ACTIONS, "data/plan.yml": "id: x\n"}, read())
    assert locator.place(Problem("data/actions/skills.yml", 0, 1, "before every record")) is None
    assert locator.place(Problem("data/plan.yml", 1, 1, "not a table")) is None
    assert locator.place(Problem("data/nowhere.yml", 1, 1, "no such file")) is None
    other = dedent("""\
        - id: SKL-09
          title: Not in the sheet
    """)
    elsewhere = Locator({"data/actions/other.yml": other}, read())
    assert elsewhere.place(Problem("data/actions/other.yml", 2, 1, "x")) is None


def test_a_file_not_given_is_read_from_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "actions" / "skills.yml"
    path.parent.mkdir()
    path.write_text(ACTIONS, encoding="utf-8")
    locator = Locator({}, read())
    assert locator.place(Problem(str(path), 5, 3, "x")) == (
        f"plan.xlsx:Actions!{column_of('actions', 'title')}9"
    )


def test_a_rows_field_as_the_import_writes_it_back() -> None:
    where = field_places(read())
    assert (
        where("actions", ("SKL-02",), "owner")
        == f"plan.xlsx:Actions!{column_of('actions', 'owner')}9"
    )
    assert where("actions", ("SKL-02",), None) == "plan.xlsx:Actions!A9"
    assert where("papers", ("board", "Minutes"), "meeting") == "plan.xlsx:Papers!A4"
    assert where("actions", ("SKL-99",), "owner") is None
    assert where("meetings", ("board",), None) is None
