"""The plan for a process that asks for it again and again (core/plancache.py): loaded once
while nothing under the data folder changes, or `PlanError` listing every problem."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import MINIMAL, write_data

from planpress.core import plancache
from planpress.core.plancache import PlanError, folder_signature, load_plan_cached, require_plan


def test_the_plan_is_loaded_again_only_when_a_file_changes(
    minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plancache, "_cached", {})
    first = load_plan_cached(minimal_data)
    assert load_plan_cached(minimal_data) is first
    write_data(minimal_data, {"glossary.yml": "LEP: Local Enterprise Partnership\n"})
    again = load_plan_cached(minimal_data)
    assert again is not first and again.ok


def test_the_signature_changes_when_a_file_is_added_saved_or_removed(minimal_data: Path) -> None:
    before = folder_signature(minimal_data)
    assert folder_signature(minimal_data) == before
    (minimal_data / "README.md").write_text("notes")
    added = folder_signature(minimal_data)
    assert added != before
    os.utime(minimal_data / "README.md", ns=(1, 1))
    assert folder_signature(minimal_data) != added
    (minimal_data / "README.md").unlink()
    assert folder_signature(minimal_data) == before


def test_a_plan_with_problems_is_refused_naming_them_all(
    minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plancache, "_cached", {})
    plan, locations = require_plan(minimal_data)
    assert locations[("action", "SKL-01")].path == str(Path("data") / "actions" / "skills.yml")
    assert [a.id for a in plan.actions] == ["SKL-01", "SKL-02"]
    write_data(minimal_data, {"groups.yml": MINIMAL["groups.yml"].replace("id: board", "id: b")})
    with pytest.raises(PlanError) as caught:
        require_plan(minimal_data)
    problems = caught.value.problems
    assert str(caught.value).startswith(f"{len(problems)} problem")
    assert str(caught.value).splitlines()[1:] == [str(p) for p in problems]
