"""Edits of a YAML file's text in place: the value changed reads back exactly, and every other
byte (comments, blank lines, quoting, folded text) is as it was."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.exchange.yamledit import EditableFile
from planpress.exchange.yamlnodes import get

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


FLOW = """\
# Flow style.
- {id: FLO-01, title: 'Flow, one', status: planned,
   budget: {amount: 10, funded: 5}, partners: [a, b]}  # a comment after it
- id: FLO-02
  title: Block
  budget: {amount: 1}
"""


def flow_loaded(edit: EditableFile) -> list[dict]:
    return yaml.load(edit.result(), Loader=yaml.BaseLoader)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("status",), "complete", {"status": "complete"}),
        (("title",), "Flow: {two}, [three] # four", {"title": "Flow: {two}, [three] # four"}),
        (("title",), "line one\nline two", {"title": "line one\nline two"}),
        (("rag",), "amber", {"rag": "amber"}),
        (("due",), "2021-03-31", {"due": "2021-03-31"}),
        (("status",), None, {"status": None}),
        (("id",), "FLO-09", {"id": "FLO-09"}),
        (("partners",), ["x, y", "z"], {"partners": ["x, y", "z"]}),
        (("partners",), None, {"partners": None}),
        (("budget", "amount"), 20, {"budget": {"amount": "20", "funded": "5"}}),
        (("budget", "funded"), None, {"budget": {"amount": "10"}}),
        (
            ("budget", "source"),
            "ERDF",
            {"budget": {"amount": "10", "funded": "5", "source": "ERDF"}},
        ),
        (("prospectus", "ask"), 7, {"prospectus": {"ask": "7"}}),
        (("outputs",), ["one", "two: three"], {"outputs": ["one", "two: three"]}),
    ],
)
def test_a_record_in_flow_style_is_edited_in_flow_style(
    path: tuple[str, ...], value: object, expected: dict
) -> None:
    edit = EditableFile(FLOW)
    node = item(edit, 0)
    edit.set_field(node, path, value, [*ORDER, "due", "id", "outputs", "prospectus.ask"])
    first = dict(yaml.load(FLOW, Loader=yaml.BaseLoader)[0])
    for key, wanted in expected.items():
        if wanted is None:
            first.pop(key, None)
        else:
            first[key] = str(wanted) if isinstance(wanted, int) else wanted
    loaded = flow_loaded(edit)
    assert loaded[0] == first
    assert loaded[1] == yaml.load(FLOW, Loader=yaml.BaseLoader)[1]
    result = edit.result()
    assert result.startswith("# Flow style.\n- {")
    assert "}  # a comment after it\n- id: FLO-02\n" in result


def test_several_edits_of_one_flow_record() -> None:
    edit = EditableFile(FLOW)
    node = item(edit, 0)
    order = [*ORDER, "due"]
    edit.set_field(node, ("id",), "FLO-07", order)
    edit.set_field(node, ("title",), None, order)
    edit.set_field(node, ("status",), None, order)
    edit.set_field(node, ("budget", "amount"), None, order)
    edit.set_field(node, ("budget", "funded"), None, order)
    edit.set_field(node, ("rag",), "red", order)
    edit.set_field(node, ("due",), "2021-01", order)
    assert flow_loaded(edit)[0] == {
        "id": "FLO-07",
        "partners": ["a", "b"],
        "rag": "red",
        "due": "2021-01",
    }


def test_a_flow_mapping_inside_a_block_record() -> None:
    edit = EditableFile(FLOW)
    node = item(edit, 1)
    edit.set_field(node, ("budget", "amount"), 2, ORDER)
    edit.set_field(node, ("budget", "funded"), 1, ORDER)
    assert edit.result() == FLOW.replace("budget: {amount: 1}", "budget: {amount: 2, funded: 1}")
    edit = EditableFile(FLOW)
    edit.set_field(item(edit, 1), ("budget", "amount"), None, ORDER)
    assert edit.result() == FLOW.replace("  budget: {amount: 1}\n", "")


def test_a_mapping_file_in_flow_style() -> None:
    edit = EditableFile("# Terms\n{LEP: Local Enterprise Partnership, FSB: Federation}\n")
    root = edit.root
    assert isinstance(root, yaml.MappingNode)
    edit.set_entry(root, "FSB", "Federation of Small Businesses")
    edit.set_entry(root, "LIS", "Local Industrial Strategy: a plan")
    edit.set_entry(root, "LEP", None)
    assert yaml.safe_load(edit.result()) == {
        "FSB": "Federation of Small Businesses",
        "LIS": "Local Industrial Strategy: a plan",
    }
    assert edit.result().startswith("# Terms\n{")


def test_a_flow_record_keeps_its_aliases_and_anchors() -> None:
    text = (
        "- &shared {id: A-1, title: Shared, status: planned}\n"
        "- {<<: *shared, id: A-2, budget: &money {amount: 1}, partners: [*shared, x]}\n"
        "- {id: A-3, budget: *money}\n"
    )
    edit = EditableFile(text)
    edit.set_field(item(edit, 1), ("title",), "Own title", ORDER)
    edit.set_field(item(edit, 1), ("rag",), "red", ORDER)
    result = edit.result()
    assert result.splitlines()[1] == (
        "- {<<: *shared, id: A-2, budget: &money {amount: 1}, partners: [*shared, x], "
        "title: Own title, rag: red}"
    )
    loaded = yaml.safe_load(result)
    assert loaded[1]["title"] == "Own title" and loaded[1]["status"] == "planned"
    assert loaded[2]["budget"] == {"amount": 1}


def test_a_flow_mapping_emptied_inside_a_block_record_goes() -> None:
    text = "- id: A-1\n  budget: {amount: 1, funded: 2}\n  status: planned\n"
    edit = EditableFile(text)
    edit.set_field(item(edit, 0), ("budget", "amount"), None, ORDER)
    edit.set_field(item(edit, 0), ("budget", "funded"), None, ORDER)
    assert edit.result() == "- id: A-1\n  status: planned\n"


@given(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=3))
@settings(max_examples=200, deadline=None)
def test_any_text_in_a_flow_record_reads_back_exactly(title: str, partners: list[str]) -> None:
    edit = EditableFile(FLOW)
    node = item(edit, 0)
    edit.set_field(node, ("title",), title, ORDER)
    edit.set_field(node, ("partners",), partners or None, ORDER)
    loaded = yaml.safe_load(edit.result())
    assert loaded[0]["title"] == title
    assert loaded[0].get("partners") == (partners or None)
    assert loaded[1] == yaml.safe_load(FLOW)[1]
