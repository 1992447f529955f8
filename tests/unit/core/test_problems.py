"""A problem with the data, as `planpress check` prints it, and a path as messages show it
(core/problems.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.core.problems import FileError, Problem, display_path


def test_a_problem_reads_as_file_line_column_and_message_and_sorts_by_place() -> None:
    late = Problem("data/plan.yml", 10, 1, "b")
    early = Problem("data/plan.yml", 2, 5, "a")
    other = Problem("data/groups.yml", 30, 1, "c")
    assert str(early) == "data/plan.yml:2:5: a"
    assert sorted([late, early, other]) == [other, early, late]
    assert str(FileError(early)) == "data/plan.yml:2:5: a" and FileError(early).problem is early


def test_a_path_is_shown_relative_to_the_working_folder_where_it_can_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "data" / "plan.yml") == str(Path("data") / "plan.yml")
    outside = tmp_path.parent / "elsewhere" / "plan.yml"
    assert display_path(outside) == str(outside)
