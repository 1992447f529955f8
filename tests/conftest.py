"""Shared fixtures: small, valid data folders written as real files."""

from __future__ import annotations

import shutil
import subprocess
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


# One action in the fixture's shape: `{id}`, then `{more}` lines (e.g. "due: 2021-03\n").
ACTION = """\
- id: {id}
  title: An action
  strand: growth
  theme: recovery
  group: skills
  owner: test-lep
  status: planned
{more}"""


def copy_site(folder: Path) -> Path:
    """The site's sources (mkdocs.yml, docs/, overrides/) copied into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for part in ("docs", "overrides"):
        shutil.copytree(ROOT / part, folder / part)
    return folder


def git_environment(scratch: Path) -> dict[str, str]:
    """Variables that give git a fixed author and no user or system configuration."""
    return {
        "GIT_AUTHOR_NAME": "Secretariat",
        "GIT_AUTHOR_EMAIL": "secretariat@example.org",
        "GIT_COMMITTER_NAME": "Secretariat",
        "GIT_COMMITTER_EMAIL": "secretariat@example.org",
        "GIT_CONFIG_GLOBAL": str(scratch / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its output, stripped (CalledProcessError if it fails)."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def minimal_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid data folder at ./data inside a temporary working folder."""
    monkeypatch.chdir(tmp_path)
    return write_data(tmp_path / "data", MINIMAL)
