"""What of data/'s text an import can rewrite faithfully: each record, field and list it cannot
is a problem with its file and line, reported once per record."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import MINIMAL, write_data

from planpress.core.load import load_plan
from planpress.core.model import Plan
from planpress.exchange.editable import Checks, merged
from planpress.exchange.recordindex import index_records
from planpress.exchange.rowkeys import Key
from planpress.exchange.tables import TABLE_BY_NAME

ORGANISATIONS = """\
- &lep
  id: test-lep
  name: Test LEP
  kind: lep

- id: council
  name: &name Test Council
  kind: local-authority
  note: *name

- id: college
  <<: {kind: college}
  name: Test College

- id: charity
  name: A charity
  kind: charity
"""
GROUPS = """\
- id: board
  name: Test Board
  kind: board
  members: [test-lep, council]

- id: skills
  name: Skills Sub-Group
  kind: sub-group
  parent: board
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    files = {**MINIMAL, "organisations.yml": ORGANISATIONS, "groups.yml": GROUPS}
    return write_data(tmp_path / "data", files)


def checks(data: Path, where: dict[Key, str] | None = None) -> Checks:
    loaded = load_plan(data)
    plan = loaded.plan or Plan.model_construct()
    source = index_records(data, {"organisations", "groups"}, None)

    def place(table: str, key: Key, column: str | None) -> str | None:
        return (where or {}).get(key)

    return Checks(data, plan, place, source)


def record(found: Checks, table: str, record_id: str) -> tuple[Path, yaml.Node]:
    located = found.record(TABLE_BY_NAME[table], (record_id,))
    assert located is not None
    return located[0], located[1]


def test_a_record_that_is_an_anchor_is_refused_once(data: Path) -> None:
    found = checks(data)
    path, lep = record(found, "organisations", "test-lep")
    assert not found.editable(path, lep, "organisation 'test-lep'")
    assert not found.editable(path, lep, "organisation 'test-lep'")
    (problem,) = found.problems
    assert problem.endswith(
        "organisation 'test-lep' is a YAML anchor (&name) other records use, which planpress "
        "import does not rewrite: make this change in the file by hand"
    )
    assert problem.split(": ")[0].endswith("organisations.yml:1:3")
    path, charity = record(found, "organisations", "charity")
    assert found.editable(path, charity, "organisation 'charity'")
    assert isinstance(charity, yaml.MappingNode)
    assert found.field_editable(path, charity, "x", ("name",), "New")
    assert found.problems == [problem]


def test_a_field_with_an_anchor_or_alias_or_from_a_merge_key(data: Path) -> None:
    found = checks(data)
    path, council = record(found, "organisations", "council")
    assert isinstance(council, yaml.MappingNode)
    assert not found.field_editable(path, council, "council", ("name",), "New")
    assert "has its name written with a YAML anchor or alias" in found.problems[-1]
    path, college = record(found, "organisations", "college")
    assert isinstance(college, yaml.MappingNode)
    assert merged(college, "kind") and not merged(college, "url")
    assert found.field_editable(path, college, "college", ("kind",), "university")  # given
    assert found.field_editable(path, college, "college", ("url",), None)  # nothing to remove
    fresh = checks(data)
    assert not fresh.field_editable(path, college, "college", ("kind",), None)  # removed
    assert "may take its kind from a YAML merge key (<<:)" in fresh.problems[-1]


def test_a_list_in_flow_style_is_refused_once(data: Path) -> None:
    found = checks(data)
    path, board = record(found, "groups", "board")
    members = dict((k.value, v) for k, v in board.value)["members"]
    assert not found.list_editable(path, members, "members")
    assert not found.list_editable(path, members, "members")
    assert len(found.problems) == 1 and "written in YAML flow style ([...])" in found.problems[0]
    assert found.list_editable(path, None, "members")


def test_a_record_it_cannot_find_is_a_problem_at_its_cell(data: Path) -> None:
    found = checks(data, {("nowhere",): "plan.xlsx:Organisations!A9"})
    assert found.record(TABLE_BY_NAME["organisations"], ("nowhere",)) is None
    assert found.problems[0].startswith(
        "plan.xlsx:Organisations!A9: organisation 'nowhere' is written in data/ in a way "
        "planpress import cannot find"
    )
    assert found.record(TABLE_BY_NAME["organisations"], ("elsewhere",)) is None
    assert "organisation 'elsewhere'" in found.problems[1]  # at the data folder: no cell
    scalar = yaml.ScalarNode("tag:yaml.org,2002:str", "x", yaml.Mark("", 0, 0, 0, None, None))
    assert not found.editable(data / "x.yml", scalar, "thing")
    assert "thing is not a mapping of fields" in found.problems[-1]
