"""`planpress check`: every kind of bad input gets its exact message, at its exact place."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ACTION, EXAMPLE_DATA, MINIMAL, OTHER_DATA, write_data

from planpress.core.load import load_plan
from planpress.core.yamlvalues import MAX_ALIAS_VALUES


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_plan(folder).problems]


def test_minimal_data_is_valid(minimal_data: Path) -> None:
    result = load_plan(minimal_data)
    assert result.problems == []
    assert result.ok
    assert [a.id for a in result.plan.actions] == ["SKL-01", "SKL-02"]


def test_example_data_is_valid() -> None:
    result = load_plan(EXAMPLE_DATA)
    assert [str(p) for p in result.problems] == []


def test_other_partnership_data_is_valid() -> None:
    result = load_plan(OTHER_DATA)
    assert [str(p) for p in result.problems] == []


BAD_INPUTS = {
    "yaml syntax error": (
        {"organisations.yml": "- id: test-lep\n  name: Test: LEP\n  kind: lep\n"},
        [
            "data/organisations.yml:2:13: YAML syntax error: mapping values are not allowed "
            "here; a value that contains ': ' must be put in quotes"
        ],
    ),
    "tab indentation": (
        {"organisations.yml": "- id: test-lep\n\tname: Test LEP\n  kind: lep\n"},
        ["data/organisations.yml:2:1: a tab is used for indentation: indent with spaces only"],
    ),
    "missing required field": (
        {
            "organisations.yml": "- id: test-lep\n  kind: lep\n\n"
            "- id: council\n  name: C\n  kind: lep\n"
        },
        ["data/organisations.yml:1:3: missing required field 'name' (every organisation needs it)"],
    ),
    "wrong type": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  outputs: A report\n")},
        [
            "data/actions/skills.yml:8:12: outputs must be a list (one '- ' item per line), "
            "not 'A report'"
        ],
    ),
    "unknown field with a suggestion": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  stauts: complete\n")},
        ["data/actions/skills.yml:8:3: unknown field 'stauts' (did you mean 'status'?)"],
    ),
    "unknown field without a suggestion": (
        {
            "groups.yml": "- id: board\n  name: Board\n  kind: board\n  colour: blue\n\n"
            "- id: skills\n  name: Skills\n  kind: sub-group\n"
        },
        [
            "data/groups.yml:4:3: unknown field 'colour' (allowed: source, illustrative, note, "
            "extra, id, name, kind, chair, lead, members, remit, parent; put a field of your own "
            "under 'extra:')"
        ],
    ),
    "unknown enum value": (
        {
            "actions/skills.yml": ACTION.format(id="SKL-01", more="").replace(
                "status: planned", "status: in progress"
            )
        },
        [
            "data/actions/skills.yml:7:11: 'in progress' is not an allowed status (did you mean "
            "'in-progress'? allowed: proposed, planned, in-progress, complete, paused, cancelled)"
        ],
    ),
    "dangling reference": (
        {
            "actions/skills.yml": ACTION.format(id="SKL-01", more="").replace(
                "owner: test-lep", "owner: test-lepp"
            )
        },
        [
            "data/actions/skills.yml:6:10: owner 'test-lepp' is not an organisation in "
            "organisations.yml (did you mean 'test-lep'?)"
        ],
    ),
    "dangling reference in a list": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  partners: [council, nobody]\n")},
        [
            "data/actions/skills.yml:8:23: partners 'nobody' is not an organisation in "
            "organisations.yml (ids are listed in organisations.yml)"
        ],
    ),
    "duplicate id across two files": (
        {"actions/more.yml": ACTION.format(id="SKL-02", more="")},
        [
            "data/actions/skills.yml:11:7: duplicate action id 'SKL-02' (already used at "
            "data/actions/more.yml:1:7; every action needs its own id)"
        ],
    ),
    "duplicate key inside one mapping": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  status: complete\n")},
        [
            "data/actions/skills.yml:8:3: key 'status' appears twice in this mapping (first on "
            "line 7): keep one, or the first value is lost"
        ],
    ),
    "invalid date": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  start: 2021-13-01\n")},
        [
            "data/actions/skills.yml:8:10: '2021-13-01' is not a valid date: there is no month 13 "
            "(use YYYY-MM-DD, or YYYY-MM when only the month is known)"
        ],
    ),
    "invalid day": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  due: 2021-02-30\n")},
        [
            "data/actions/skills.yml:8:8: '2021-02-30' is not a valid date: February 2021 has no "
            "day 30 (use YYYY-MM-DD, or YYYY-MM when only the month is known)"
        ],
    ),
    "due before start": (
        {
            "actions/skills.yml": ACTION.format(
                id="SKL-01", more="  start: 2020-09-01\n  due: 2020-08\n"
            )
        },
        [
            "data/actions/skills.yml:9:8: due 2020-08 is before start 2020-09-01 (due must be on "
            "or after start)"
        ],
    ),
    "dependency cycle": (
        {
            "actions/skills.yml": ACTION.format(id="SKL-01", more="  depends_on: [SKL-03]\n")
            + "\n"
            + ACTION.format(id="SKL-02", more="  depends_on: [SKL-01]\n")
            + "\n"
            + ACTION.format(id="SKL-03", more="  depends_on: [SKL-02]\n")
        },
        [
            "data/actions/skills.yml:8:16: depends_on makes a cycle: SKL-01 -> SKL-03 -> SKL-02 "
            "-> SKL-01 (an action cannot wait, even indirectly, on itself)"
        ],
    ),
    "funded above amount": (
        {
            "actions/skills.yml": ACTION.format(
                id="SKL-01", more="  budget:\n    amount: 100000\n    funded: 150000\n"
            )
        },
        [
            "data/actions/skills.yml:10:13: budget.funded (150000) is more than budget.amount "
            "(100000) (the money secured cannot be more than the cost)"
        ],
    ),
    "money with a comma": (
        {"actions/skills.yml": ACTION.format(id="SKL-01", more="  budget:\n    amount: 100,000\n")},
        [
            "data/actions/skills.yml:9:13: budget.amount must be a whole number (no decimals, "
            "commas or currency signs, e.g. 100000), not '100,000'"
        ],
    ),
    "empty file": (
        {"groups.yml": "# nothing yet\n"},
        ["data/groups.yml:1:1: file is empty (it should hold groups)"],
    ),
    "missing file": (
        {"groups.yml": None},
        ["data/groups.yml:1:1: file is missing (it should hold groups)"],
    ),
    "mapping where a list belongs": (
        {"organisations.yml": "id: test-lep\nname: Test LEP\nkind: lep\n"},
        [
            "data/organisations.yml:1:1: expected a list of organisations (each one starting with "
            "'- '), found a mapping"
        ],
    ),
    "invalid id": (
        {
            "groups.yml": MINIMAL["groups.yml"]
            + "\n        - id: Trade Group\n          name: Trade\n"
            "          kind: sub-group\n"
        },
        [
            "data/groups.yml:10:7: 'Trade Group' is not a valid id (use lowercase letters, digits "
            "and single hyphens, e.g. 'skills-sub-group')"
        ],
    ),
    "version published twice": (
        {
            "meetings.yml": MINIMAL["meetings.yml"]
            + "\n"
            + MINIMAL["meetings.yml"].replace("board-2020-07-16", "board-2020-09-17")
        },
        [
            "data/meetings.yml:15:14: version '2020-07-16' is already published by meeting "
            "'board-2020-07-16' (each version is published by one meeting)"
        ],
    ),
    "yaml alias bomb": (
        {
            "glossary.yml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
                for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
            )
        },
        [
            f"data/glossary.yml:1:4: aliases expand to more than {MAX_ALIAS_VALUES:,} values (an "
            "anchor used inside an anchor many times over): write the values out"
        ],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_has_its_exact_message(minimal_data: Path, case: str) -> None:
    changes, expected = BAD_INPUTS[case]
    write_data(minimal_data, changes)
    assert problems(minimal_data) == expected


def test_file_that_is_not_utf8(minimal_data: Path) -> None:
    (minimal_data / "groups.yml").write_bytes(b"- id: board\n  name: Caf\xe9\n  kind: board\n")
    assert problems(minimal_data) == [
        "data/groups.yml:2:12: file is not UTF-8 text (byte 0xe9 cannot be read): save it with "
        "UTF-8 encoding"
    ]


def test_every_problem_is_reported_at_once(minimal_data: Path) -> None:
    write_data(
        minimal_data,
        {
            "actions/skills.yml": ACTION.format(id="SKL-01", more="").replace("status", "stauts")
            + "\n"
            + ACTION.format(id="SKL-02", more="  rag: purple\n").replace("test-lep", "nobody"),
            "groups.yml": "- id: skills\n  name: Skills\n  kind: sub-group\n  parent: boardd\n",
        },
    )
    assert problems(minimal_data) == [
        "data/actions/skills.yml:1:3: missing required field 'status' (every action needs it)",
        "data/actions/skills.yml:7:3: unknown field 'stauts' (did you mean 'status'?)",
        "data/actions/skills.yml:14:10: owner 'nobody' is not an organisation in "
        "organisations.yml (ids are listed in organisations.yml)",
        "data/actions/skills.yml:16:8: 'purple' is not an allowed rag (allowed: green, amber, red)",
        "data/groups.yml:4:11: parent 'boardd' is not a group in groups.yml (ids are listed in "
        "groups.yml)",
        "data/meetings.yml:3:9: body 'board' is not a group in groups.yml (ids are listed in "
        "groups.yml)",
    ]


def test_references_to_a_broken_file_are_not_reported_twice(minimal_data: Path) -> None:
    write_data(minimal_data, {"organisations.yml": "- id: test-lep\n  name: [\n"})
    found = problems(minimal_data)
    assert len(found) == 1 and found[0].startswith("data/organisations.yml:")


def test_missing_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(tmp_path / "nowhere") == ["nowhere:1:1: data folder not found"]
