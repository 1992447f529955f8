"""Edits of a YAML file's text in place: the value changed reads back exactly, and every other
byte (comments, blank lines, quoting, folded text) is as it was."""

from __future__ import annotations

import pytest
import yaml

from planpress.exchange.yamledit import EditableFile, get, scalar

TEXT = """\
# Actions of a sub-group. A comment that must stay.

- id: SKL-01
  title: First action
  summary: >-
    A long summary folded over two lines, as people write them in
    these files, which must stay exactly as it is.
  status: planned  # a comment after a value
  partners:
    - council
    - college
  budget:
    funded: 100

# Before the second action.
- id: SKL-02
  title: 'Second: quoted'
  status: proposed
"""
ORDER = ["id", "title", "summary", "status", "rag", "partners", "budget.amount", "budget.funded"]


def editable() -> EditableFile:
    return EditableFile(TEXT)


def item(edit: EditableFile, index: int) -> yaml.MappingNode:
    assert isinstance(edit.root, yaml.SequenceNode)
    return edit.root.value[index]


@pytest.mark.parametrize(
    "value",
    [
        "plain words",
        "Second: quoted",
        "- a dash",
        "# not a comment",
        "2020-07-16",
        "2020",
        "true",
        "null",
        "~",
        "'quotes' and \"quotes\"",
        "ends with a colon:",
        " leading space",
        "trailing space ",
        "line one\nline two",
        "tab\there",
        "<script>alert(1)</script> & ]]>",
        '=HYPERLINK("http://x")',
        "émoji 😀 and ünïcode",
        "a " * 60 + "long text that is folded",
        "two  spaces  " * 10,
        "{not: a mapping}",
        "[not, a list]",
        "@at *star &amp !bang %percent `tick`",
    ],
)
def test_any_text_reads_back_exactly(value: str) -> None:
    text = "key: " + scalar(value, 0, room=70) + "\n"
    assert yaml.safe_load(text) == {"key": value}


def test_changing_a_value_touches_only_its_text() -> None:
    edit = editable()
    edit.set_field(item(edit, 0), ("status",), "complete", ORDER)
    assert edit.result() == TEXT.replace("status: planned", "status: complete")


def test_a_new_field_goes_after_the_one_before_it_in_order() -> None:
    edit = editable()
    edit.set_field(item(edit, 1), ("rag",), "amber", ORDER)
    assert edit.result() == TEXT.replace(
        "  status: proposed\n", "  status: proposed\n  rag: amber\n"
    )


def test_a_removed_field_takes_its_lines() -> None:
    edit = editable()
    edit.set_field(item(edit, 0), ("partners",), None, ORDER)
    assert edit.result() == TEXT.replace("  partners:\n    - council\n    - college\n", "")


def test_nested_fields_added_and_a_mapping_emptied() -> None:
    edit = editable()
    edit.set_field(item(edit, 0), ("budget", "amount"), 250, ORDER)
    assert edit.result() == TEXT.replace("  budget:\n", "  budget:\n    amount: 250\n")
    edit = editable()
    edit.set_field(item(edit, 0), ("budget", "funded"), None, ORDER)
    assert edit.result() == TEXT.replace("  budget:\n    funded: 100\n", "")
    edit = editable()
    edit.set_field(item(edit, 1), ("budget", "amount"), 5, ORDER)
    assert yaml.safe_load(edit.result())[1]["budget"] == {"amount": 5}


def test_lists_and_long_text_replaced() -> None:
    edit = editable()
    node = item(edit, 0)
    edit.set_field(node, ("partners",), ["fsb"], ORDER)
    edit.set_field(node, ("summary",), "Short now.", ORDER)
    result = edit.result()
    assert "  summary: Short now.\n  status: planned  # a comment after a value\n" in result
    assert "  partners:\n    - fsb\n  budget:" in result
    assert result.startswith("# Actions of a sub-group. A comment that must stay.\n")


def test_items_removed_and_added_keep_the_comments_of_others() -> None:
    edit = editable()
    assert isinstance(edit.root, yaml.SequenceNode)
    edit.remove_item(edit.root, item(edit, 0))
    result = edit.result()
    assert result.startswith("# Actions of a sub-group. A comment that must stay.\n\n")
    assert "# Before the second action.\n- id: SKL-02" in result
    assert [a["id"] for a in yaml.safe_load(result)] == ["SKL-02"]
    edit = editable()
    assert isinstance(edit.root, yaml.SequenceNode)
    edit.append_item(edit.root, {"id": "SKL-03", "title": "Third"}, spaced=True)
    assert edit.result() == TEXT + "\n- id: SKL-03\n  title: Third\n"
    edit = editable()
    assert isinstance(edit.root, yaml.SequenceNode)
    edit.remove_item(edit.root, item(edit, 1))
    assert [a["id"] for a in yaml.safe_load(edit.result())] == ["SKL-01"]
    assert not edit.result().endswith("\n\n")


def test_several_new_fields_at_one_place_keep_their_order() -> None:
    edit = editable()
    node = item(edit, 1)
    edit.set_field(node, ("rag",), "red", ORDER)
    edit.set_field(node, ("partners",), ["a", "b"], ORDER)
    edit.set_field(node, ("budget", "amount"), 1, ORDER)
    assert edit.result().endswith(
        "  status: proposed\n  rag: red\n  partners:\n    - a\n    - b\n  budget:\n    amount: 1\n"
    )


def test_a_mapping_file_entries() -> None:
    edit = EditableFile("# Terms\nLEP: Local Enterprise Partnership\nFSB: Federation\n")
    root = edit.root
    assert isinstance(root, yaml.MappingNode)
    edit.set_entry(root, "FSB", "Federation of Small Businesses")
    edit.set_entry(root, "LIS", "Local Industrial Strategy: a plan")
    edit.set_entry(root, "LEP", None)
    assert edit.result() == (
        '# Terms\nFSB: Federation of Small Businesses\nLIS: "Local Industrial Strategy: a plan"\n'
    )
    assert get(root, "LEP") is not None  # the tree is of the text as it was
