"""What the tests of the open data files share: the example plan with a preview's version, its
open data files, and a small plan whose action has hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import EXAMPLE_DATA, MINIMAL, write_data

from planpress.core.model import Plan
from planpress.core.plancache import require_plan
from planpress.exchange.datafiles import OpenDataFile
from planpress.exchange.opendata import open_data_files
from planpress.versions.build import BuildVersion, build_version_for

HOSTILE_TITLE = "=cmd|' /C calc'!A0, \"quoted\" <script>alert(1)</script>"
HOSTILE_SUMMARY = 'First line, with a comma\nsecond "line" <b>bold</b>\n=1+2'


@pytest.fixture(scope="module")
def example() -> tuple[Plan, BuildVersion]:
    plan, _ = require_plan(EXAMPLE_DATA)
    return plan, build_version_for(plan, [], None)


@pytest.fixture(scope="module")
def open_files(example: tuple[Plan, BuildVersion]) -> dict[str, OpenDataFile]:
    """The example's open data files by name."""
    return {f.name: f for f in open_data_files(*example)}


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Plan, str, str]:
    """The minimal plan (which states no licence) with hostile text in its first action, and
    that action's title and summary."""
    actions = MINIMAL["actions/skills.yml"].replace(
        "title: First action",
        "title: '" + HOSTILE_TITLE.replace("'", "''") + "'\n"
        "          summary: " + json.dumps(HOSTILE_SUMMARY),
    )
    folder = tmp_path / "data"
    write_data(folder, {**MINIMAL, "actions/skills.yml": actions})
    plan, _ = require_plan(folder)
    return plan, HOSTILE_TITLE, HOSTILE_SUMMARY
