"""One parsed data file validated against the model (core/validation.py): every problem placed
in the file, and the valid records of a list kept, with where they are written, so that the
checks across records still run."""

from __future__ import annotations

from planpress.core.collected import Collected
from planpress.core.model import DATA_FILES
from planpress.core.problems import FileError, Problem
from planpress.core.validation import file_problem, validate
from planpress.core.yamlfile import parse_yaml

SPECS = {spec.name: spec for spec in DATA_FILES}
ORGANISATIONS = """\
- id: lep
  name: The LEP
  kind: lep

- id: council
  kind: local-authority

- id: college
  name: The College
  kind: education
"""


def test_the_valid_records_of_a_list_are_kept_and_the_invalid_one_reported() -> None:
    doc = parse_yaml(ORGANISATIONS, "data/organisations.yml")
    problems: list[Problem] = []
    collected = Collected()
    value = validate(SPECS["organisations.yml"], doc, problems, collected)
    assert [o.id for o in value] == ["lep", "college"]
    assert [str(p) for p in problems] == [
        "data/organisations.yml:5:3: missing required field 'name' (every organisation needs it)"
    ]
    assert [(e.record.id, e.loc, e.line) for e in collected.of("organisation")] == [
        ("lep", (0,), 1),
        ("college", (2,), 8),
    ]
    assert collected.broken_ids("organisation") == {"council"}


def test_a_file_of_the_wrong_shape_gives_no_value() -> None:
    doc = parse_yaml("id: lep\n", "data/organisations.yml")
    problems: list[Problem] = []
    assert validate(SPECS["organisations.yml"], doc, problems, Collected()) is None
    assert [str(p) for p in problems] == [
        "data/organisations.yml:1:1: expected a list of organisations (each one starting with "
        "'- '), found a mapping"
    ]


def test_the_records_nested_in_the_plan_are_collected_too() -> None:
    text = (
        "id: p\ntitle: P\norganisation: lep\nsummary: S\nstrands:\n  - id: growth\n"
        "    name: Growth\nthemes:\n  - id: recovery\n    name: Recovery\n    horizon: short\n"
    )
    collected = Collected()
    validate(SPECS["plan.yml"], parse_yaml(text, "data/plan.yml"), [], collected)
    assert [(e.record.id, e.line) for e in collected.of("strand")] == [("growth", 6)]
    assert [(e.record.id, e.line) for e in collected.of("theme")] == [("recovery", 9)]
    assert [e.loc for e in collected.of("plan")] == [()]


def test_an_empty_file_is_told_what_it_should_hold() -> None:
    empty = FileError(Problem("data/groups.yml", 1, 1, "file is empty"))
    assert str(file_problem(SPECS["groups.yml"], "data/groups.yml", empty)) == (
        f"data/groups.yml:1:1: file is empty (it should hold {SPECS['groups.yml'].holds})"
    )
    other = FileError(Problem("data/groups.yml", 2, 3, "YAML syntax error: x"))
    assert file_problem(SPECS["groups.yml"], "data/groups.yml", other) is other.problem
