"""What each data file gave, kept for a process that loads the folder again and again
(core/keptfiles.py): an unchanged file is neither parsed nor validated again; a changed one is,
and the checks across files always run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import MINIMAL, write_data

from planpress.core import keptfiles
from planpress.core.load import load_plan


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files are kept in this test, and each file parsed is listed."""
    found: list[str] = []
    real = keptfiles.parse_bytes

    def parse(raw: bytes, display: str) -> Any:
        found.append(Path(display).name)
        return real(raw, display)

    monkeypatch.setattr(keptfiles, "parse_bytes", parse)
    monkeypatch.setattr(keptfiles, "_kept", None)
    assert keptfiles.kept_files() is None
    keptfiles.keep_files_read()
    return found


def test_only_a_changed_file_is_parsed_again(minimal_data: Path, parsed: list[str]) -> None:
    first = load_plan(minimal_data)
    assert first.ok and "groups.yml" in parsed
    parsed.clear()
    again = load_plan(minimal_data)
    assert parsed == [] and again.plan == first.plan
    write_data(minimal_data, {"groups.yml": MINIMAL["groups.yml"].replace("Test Board", "Board")})
    changed = load_plan(minimal_data)
    assert parsed == ["groups.yml"]
    assert changed.plan is not None and changed.plan.groups[0].name == "Board"


def test_the_checks_across_files_run_every_time(minimal_data: Path, parsed: list[str]) -> None:
    assert load_plan(minimal_data).ok
    write_data(minimal_data, {"groups.yml": MINIMAL["groups.yml"].replace("id: board", "id: b")})
    problems = [str(p) for p in load_plan(minimal_data).problems]
    assert parsed.count("meetings.yml") == 1  # kept: its reference is checked again all the same
    assert any("body 'board' is not a group" in p for p in problems)
