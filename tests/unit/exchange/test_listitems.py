"""Items of a block list written into a file's text: inserted after or before another (before
the comments just above it), with its indent and dash; a run at the end removed with the blank
lines before it."""

from __future__ import annotations

import yaml

from planpress.exchange.listitems import insert_after, insert_before, remove_tail
from planpress.exchange.yamledit import EditableFile

TEXT = """\
- id: M-1
  values:
    -   date: 2020
        value: 1

    # measured again
    -   date: 2022
        value: 3

    -   date: 2023
        value: 4
  note: kept
"""


def items(edit: EditableFile) -> list[yaml.Node]:
    assert isinstance(edit.root, yaml.SequenceNode)
    record = edit.root.value[0]
    values = dict((k.value, v) for k, v in record.value)["values"]
    return list(values.value)


def test_an_item_goes_before_another_and_its_comments() -> None:
    edit = EditableFile(TEXT)
    first, second, _ = items(edit)
    insert_before(edit, second, {"date": 2021, "value": 2})
    insert_after(edit, first, {"date": 2020.5, "value": 1.5})
    result = edit.result()
    assert "        value: 1\n    -   date: 2020.5\n        value: 1.5\n\n" in result
    assert "\n    -   date: 2021\n        value: 2\n    # measured again\n" in result
    loaded = yaml.safe_load(result)[0]
    assert [v["date"] for v in loaded["values"]] == [2020, 2020.5, 2021, 2022, 2023]
    assert loaded["note"] == "kept"


def test_a_run_at_the_end_goes_with_the_blank_lines_before_it() -> None:
    edit = EditableFile(TEXT)
    _, second, third = items(edit)
    remove_tail(edit, second, third, third)
    assert edit.result() == (
        "- id: M-1\n  values:\n    -   date: 2020\n        value: 1\n\n    # measured again\n"
        "    -   date: 2022\n        value: 3\n  note: kept\n"
    )


def test_the_comments_before_a_run_removed_at_the_end_stay() -> None:
    edit = EditableFile(TEXT)
    first, second, third = items(edit)
    remove_tail(edit, first, second, third)
    result = edit.result()
    assert result == (
        "- id: M-1\n  values:\n    -   date: 2020\n        value: 1\n\n    # measured again\n"
        "  note: kept\n"
    )
    assert [v["date"] for v in yaml.safe_load(result)[0]["values"]] == [2020]
