"""The model's validation errors in planpress's own words, never pydantic's
(core/messages.py): each says what is wrong and, in brackets, what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from support import MINIMAL, write_data

from planpress.core.load import load_plan
from planpress.core.messages import message_for
from planpress.core.model import Organisation


def test_progress_over_100_is_told_as_a_percentage(tmp_path: Path) -> None:
    actions = MINIMAL["actions/skills.yml"].replace(
        "status: in-progress", "status: in-progress\n          progress: 150"
    )
    data = write_data(tmp_path / "data", {**MINIMAL, "actions/skills.yml": actions})
    problems = [str(p) for p in load_plan(data).problems]
    assert len(problems) == 1, problems
    assert problems[0].endswith("progress must be at most 100 (a percentage) (got '150')")
    assert "Input should be" not in problems[0]


SHAPE = list[Organisation]


def messages(value: Any) -> list[tuple[str, bool]]:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(SHAPE).validate_python(value)
    return [message_for(e, SHAPE, "organisation") for e in caught.value.errors()]


def test_each_kind_of_error_has_its_wording_and_its_place() -> None:
    assert messages([{"id": "x", "kind": "lep"}]) == [
        ("missing required field 'name' (every organisation needs it)", False)
    ]
    assert messages([{"id": "x", "name": "X", "kind": "lep", "nmae": "Y"}]) == [
        ("unknown field 'nmae' (did you mean 'name'?)", True)
    ]
    assert messages({"id": "x"}) == [
        ("expected a list of organisations (each one starting with '- '), found a mapping", False)
    ]
    (wrong_kind,) = messages([{"id": "x", "name": "X", "kind": "lepp"}])
    assert wrong_kind[0].startswith("'lepp' is not an allowed kind (did you mean 'lep'? allowed: ")
    assert messages([{"id": "Not An Id", "name": "X", "kind": "lep"}]) == [
        (
            "'Not An Id' is not a valid id (use lowercase letters, digits and single hyphens, "
            "e.g. 'skills-sub-group')",
            False,
        )
    ]
