"""A write of several files of data/ that was stopped, finished by the next import: completed
with its journal (a file edited since never overwritten), undone without one, and a damaged
journal touching nothing."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from planpress.core.problems import display_path
from planpress.exchange import staging
from planpress.exchange.recovery import recover
from planpress.exchange.staging import JOURNAL, STAGED_SUFFIX, StagingError, write_all


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "actions").mkdir(parents=True)
    (folder / "plan.yml").write_text("plan\n")
    (folder / "actions" / "a.yml").write_text("a\n")
    return folder


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def stage(data: Path, name: str, text: str) -> str:
    target = data / name
    staged = target.with_name(f".{target.name}{STAGED_SUFFIX}")
    staged.write_text(text)
    return str(staged.relative_to(data))


def test_a_stopped_write_with_its_journal_is_completed(data: Path) -> None:
    first = stage(data, "plan.yml", "new plan\n")
    second = stage(data, "actions/a.yml", "new a\n")
    # the first file was renamed into place before the stop; the second was not
    os.replace(data / first, data / "plan.yml")
    journal(data, [[first, "plan.yml", digest("plan\n")], [second, "actions/a.yml", digest("a\n")]])
    assert recover(data) == [display_path(data / "actions" / "a.yml")]
    assert files(data) == {"actions/a.yml": "new a\n", "plan.yml": "new plan\n"}


def test_a_stopped_write_never_overwrites_an_edit_made_since(data: Path) -> None:
    first = stage(data, "plan.yml", "new plan\n")
    second = stage(data, "actions/a.yml", "new a\n")
    journal(data, [[first, "plan.yml", digest("plan\n")], [second, "actions/a.yml", digest("a\n")]])
    (data / "actions" / "a.yml").write_text("edited by hand since\n")
    before = {**files(data)}
    with pytest.raises(StagingError, match="which has changed since: compare it with"):
        recover(data)
    assert files(data) == before


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def journal(data: Path, entries: list[list[str]]) -> None:
    (data / JOURNAL).write_text(json.dumps({"format": staging.JOURNAL_FORMAT, "files": entries}))


def test_a_stopped_write_without_its_journal_is_undone(data: Path) -> None:
    stage(data, "plan.yml", "new plan\n")
    stage(data, "actions/a.yml", "new a\n")
    (data / f"{JOURNAL}.new").write_text("{")
    assert recover(data) == []
    assert files(data) == {"actions/a.yml": "a\n", "plan.yml": "plan\n"}


@pytest.mark.parametrize(
    "journal",
    [
        "{",
        "[]",
        '{"format": "other", "files": []}',
        '{"format": "planpress-import-journal-1", "files": [["a", "b"]]}',
        '{"format": "planpress-import-journal-1", "files": [["a", "b", 1]]}',
        '{"format": "planpress-import-journal-1", "files": [[".x.planpress-new", "../x.yml", '
        "null]]}",
        '{"format": "planpress-import-journal-1", "files": [["../.plan.yml.planpress-new", '
        '"plan.yml", null]]}',
    ],
)
def test_a_damaged_journal_touches_nothing(data: Path, journal: str) -> None:
    staged = stage(data, "plan.yml", "new plan\n")
    (data / JOURNAL).write_text(journal)
    before = files(data)
    with pytest.raises(StagingError, match="is damaged"):
        recover(data)
    assert files(data) == before
    assert (data / staged).exists()


def test_nothing_stopped_is_nothing_to_do(data: Path) -> None:
    write_all(data, {data / "plan.yml": "new plan\n"})
    before = files(data)
    assert recover(data) == []
    assert recover(data) == []
    assert files(data) == before
