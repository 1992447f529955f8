"""Where each record of data/ is written (its file, node and list), the anchors and aliases of
each file, and which files of actions an import reads."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from support import MINIMAL, write_data

from planpress.core.load import load_plan
from planpress.exchange.recordindex import (
    SINGLE_FILES,
    Source,
    action_files,
    anchors_and_aliases,
    index_records,
)

MEETINGS = """\
- id: board-2020-07-16
  date: 2020-07-16
  body: board
  title: Board meeting
  papers:
    - title: Minutes
    - title: Agenda
"""
MORE_ACTIONS = """\
- id: SKL-03
  title: Third action
  strand: growth
  theme: recovery
  group: skills
  owner: council
  status: planned
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    files = {**MINIMAL, "meetings.yml": MEETINGS, "actions/more.yml": MORE_ACTIONS}
    return write_data(tmp_path / "data", files)


def test_each_record_and_item_of_the_tables_that_change(data: Path) -> None:
    source = index_records(data, {"actions", "papers"}, None)
    skills, more = data / "actions" / "skills.yml", data / "actions" / "more.yml"
    path, node, sequence = source.records[("actions", ("SKL-02",))]
    assert path == skills and isinstance(node, yaml.MappingNode)
    assert isinstance(sequence, yaml.SequenceNode) and node in sequence.value
    assert source.records[("actions", ("SKL-03",))][0] == more
    assert source.action_files == Counter({("skills", skills): 2, ("skills", more): 1})
    paper = source.records[("papers", ("board-2020-07-16", "Agenda"))]
    assert paper[0] == data / "meetings.yml"
    meeting = source.parents[id(paper[2])]  # the record holding the list of papers
    assert meeting is source.records[("meetings", ("board-2020-07-16",))][1]
    assert not any(table == "organisations" for table, _ in source.records)  # not changed
    assert SINGLE_FILES["meetings"] == "meetings.yml"


def test_only_the_files_of_actions_given_are_read(data: Path) -> None:
    more = data / "actions" / "more.yml"
    source = index_records(data, {"actions"}, [more])
    assert [key for _, key in source.records] == [("SKL-03",)]
    assert source.action_files == Counter()  # counted already by whoever chose the files
    assert list(source.files) == [more]


def test_a_files_anchors_and_aliases_are_found_once(data: Path) -> None:
    text = "- &first\n  id: A\n- id: B\n  <<: *first\n  note: '&not an anchor'\n"
    anchors, aliases = anchors_and_aliases(text)
    assert [text[i : i + 6] for i in anchors] == ["&first"]
    assert [text[i : i + 6] for i in aliases] == ["*first"]
    assert anchors_and_aliases("- id: A\n") == ([], [])
    assert anchors_and_aliases("- [unclosed\n  &x") == ([], [])  # YAML that cannot be read
    (data / "anchored.yml").write_text(text)
    file = Source().file(data / "anchored.yml")
    assert file.anchors == anchors and file.references == sorted(anchors + aliases)
    assert Source().file(data / "no-such.yml").edit.text == ""


def test_the_files_of_actions_an_import_reads(data: Path) -> None:
    loaded = load_plan(data)
    assert loaded.plan is not None
    skills, more = data / "actions" / "skills.yml", data / "actions" / "more.yml"
    now = {("SKL-01",): {"id": "SKL-01"}, ("SKL-03",): {"id": "SKL-03"}}
    want = {("SKL-01",): {"id": "SKL-01", "title": "x"}, ("SKL-03",): {"id": "SKL-03"}}
    found = action_files(data, loaded.plan, loaded.locations, now, want)
    assert found is not None
    assert found.needed == [skills]  # SKL-01 changes; SKL-03 does not
    assert found.counts == Counter({("skills", skills): 2, ("skills", more): 1})
    added = {**now, ("NEW-01",): {"id": "NEW-01", "group": "skills"}}
    found = action_files(data, loaded.plan, loaded.locations, now, added)
    assert found is not None and found.needed == [skills]  # the group's largest file
    assert action_files(data, loaded.plan, {}, now, want) is None  # no locations: every file
