"""A YAML file's node tree as the import reads it: a mapping's fields, and where a node's own
text ends (before the blank lines and comments after it)."""

from __future__ import annotations

import yaml

from planpress.exchange.yamlnodes import compose, end_of, get, line_end, line_start, pairs

TEXT = """\
- id: A-1
  summary: >-
    Folded over
    two lines.

  # a comment after the summary
  budget: {amount: 1, funded: 2}
  partners:
    - council
    - college

- id: A-2
"""


def records() -> list[yaml.Node]:
    root = compose(TEXT)
    assert isinstance(root, yaml.SequenceNode)
    return list(root.value)


def test_a_mappings_fields() -> None:
    first, second = records()
    assert [k.value for k, _ in pairs(first)] == ["id", "summary", "budget", "partners"]
    found = get(first, "budget")
    assert found is not None and isinstance(found[1], yaml.MappingNode)
    assert get(second, "budget") is None
    assert pairs(yaml.ScalarNode("tag:yaml.org,2002:str", "x")) == []
    assert get(yaml.ScalarNode("tag:yaml.org,2002:str", "x"), "id") is None
    assert compose("") is None


def test_where_a_nodes_own_text_ends() -> None:
    first, second = records()
    summary = get(first, "summary")
    assert summary is not None
    assert TEXT[: end_of(TEXT, summary[1])].endswith("two lines.")  # not the blank line
    budget = get(first, "budget")
    assert budget is not None
    assert TEXT[: end_of(TEXT, budget[1])].endswith("{amount: 1, funded: 2}")
    assert TEXT[: end_of(TEXT, first)].endswith("- college")  # the last item's end
    assert TEXT[: end_of(TEXT, second)].endswith("id: A-2")


def test_the_line_holding_an_offset() -> None:
    at = TEXT.index("budget")
    assert TEXT[line_start(TEXT, at) : line_end(TEXT, at)] == "  budget: {amount: 1, funded: 2}\n"
    assert line_start(TEXT, 0) == 0
    assert line_end("no line break", 3) == len("no line break")
