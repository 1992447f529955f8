"""Shared fixtures: small, valid data folders written as real files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = ROOT / "data"
OTHER_DATA = ROOT / "tests" / "fixtures" / "other" / "data"

MINIMAL = {
    "plan.yml": """\
        id: test-plan
        title: Test Plan
        organisation: test-lep
        summary: A small plan for tests.
        strands:
          - id: growth
            name: Growth
        themes:
          - id: recovery
            name: Recovery
            horizon: short
        """,
    "organisations.yml": """\
        - id: test-lep
          name: Test LEP
          kind: lep

        - id: council
          name: Test Council
          kind: local-authority
        """,
    "groups.yml": """\
        - id: board
          name: Test Board
          kind: board

        - id: skills
          name: Skills Sub-Group
          kind: sub-group
          parent: board
        """,
    "actions/skills.yml": """\
        - id: SKL-01
          title: First action
          strand: growth
          theme: recovery
          group: skills
          owner: test-lep
          status: planned
          start: 2020-09-01
          due: 2021-03

        - id: SKL-02
          title: Second action
          strand: growth
          theme: recovery
          group: skills
          owner: council
          status: in-progress
          depends_on: [SKL-01]
        """,
    "meetings.yml": """\
        - id: board-2020-07-16
          date: 2020-07-16
          body: board
          title: Board meeting
          publishes:
            version: 2020-07-16
            title: First version
            stage: embryonic
        """,
}


def write_data(folder: Path, files: dict[str, str]) -> Path:
    """Write `files` (name -> YAML text, dedented) under `folder`; None deletes a file."""
    for name, text in files.items():
        path = folder / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def minimal_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid data folder at ./data inside a temporary working folder."""
    monkeypatch.chdir(tmp_path)
    return write_data(tmp_path / "data", MINIMAL)
