"""The help each column gives the person editing the workbook: the note on its header, and the
drop-down list of the values it takes."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from planpress.core.model import Plan
from planpress.exchange.sheethelp import (
    LISTS_SHEET,
    VALIDATION_ROWS,
    choice_lists,
    list_ranges,
    lists_sheet,
    note_for,
    validations,
)
from planpress.exchange.tables import TABLE_BY_NAME, TABLES
from planpress.versions.build import BuildVersion


def test_a_headers_note_says_what_the_column_holds_and_allows() -> None:
    actions = TABLE_BY_NAME["actions"]
    status = note_for(actions.column("status"), actions)
    assert "One of: proposed, planned" in status
    assert note_for(actions.column("id"), actions).endswith("Required.")
    assert "The id of a organisation." in note_for(actions.column("owner"), actions)
    assert "separated by ', '" in note_for(actions.column("partners"), actions)
    assert "Alt+Enter" in note_for(actions.column("outputs"), actions)
    assert "no currency sign" in note_for(actions.column("budget_amount"), actions)
    assert note_for(actions.column("illustrative"), actions).endswith("TRUE or FALSE.")
    values = TABLE_BY_NAME["indicator_values"]
    assert "type the year alone (2025)" in note_for(values.column("date"), values)
    assert "decimal point" in note_for(values.column("value"), values)


def test_every_choice_is_a_list_on_the_lists_sheet(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    lists = choice_lists(plan)
    assert lists["strand"] == [s.id for s in plan.plan.strands]
    assert lists["boolean"] == ["TRUE", "FALSE"]
    assert lists["actions.status"][:2] == ["proposed", "planned"]
    ranges = list_ranges(lists)
    assert list(ranges) == list(lists)
    assert ranges["strand"] == f"'Lists'!$A$2:$A${len(lists['strand']) + 1}"
    assert ranges["boolean"] == "'Lists'!$C$2:$C$3"
    book = Workbook()
    lists_sheet(book, lists)
    sheet = book[LISTS_SHEET]
    assert sheet.sheet_state == "hidden"
    assert [c.value for c in sheet[1]] == list(lists)
    assert [sheet.cell(row, 3).value for row in (2, 3)] == ["TRUE", "FALSE"]


def test_each_column_that_offers_choices_has_a_drop_down(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    ranges = list_ranges(choice_lists(plan))
    actions = TABLE_BY_NAME["actions"]
    sheet = Workbook().create_sheet(actions.sheet)
    validations(sheet, actions, ranges, {"Organisations": 10})
    found = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    letters = {c.name: chr(ord("A") + i) for i, c in enumerate(actions.columns)}

    def of(name: str) -> Any:
        return found[f"{letters[name]}2:{letters[name]}{VALIDATION_ROWS}"]

    assert of("status").formula1 == ranges["actions.status"]
    assert of("status").errorStyle == "stop"
    assert of("strand").formula1 == ranges["strand"]
    assert of("illustrative").formula1 == ranges["boolean"]
    owner = of("owner")
    assert owner.formula1 == "'Organisations'!$A$2:$A$511"  # room for rows added there
    assert owner.errorStyle == "warning"
    assert f"{letters['partners']}2:{letters['partners']}{VALIDATION_ROWS}" not in found  # ids
    assert f"{letters['title']}2:{letters['title']}{VALIDATION_ROWS}" not in found
    assert all(len(v.error or "") <= 255 for v in found.values())
    assert len(TABLES) > 1
