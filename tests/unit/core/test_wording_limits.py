"""A value outside its range is told in planpress's own words, never pydantic's."""

from __future__ import annotations

from pathlib import Path

from support import MINIMAL, write_data

from planpress.core.load import load_plan


def test_progress_over_100_is_told_as_a_percentage(tmp_path: Path) -> None:
    actions = MINIMAL["actions/skills.yml"].replace(
        "status: in-progress", "status: in-progress\n          progress: 150"
    )
    data = write_data(tmp_path / "data", {**MINIMAL, "actions/skills.yml": actions})
    problems = [str(p) for p in load_plan(data).problems]
    assert len(problems) == 1, problems
    assert problems[0].endswith("progress must be at most 100 (a percentage) (got '150')")
    assert "Input should be" not in problems[0]
