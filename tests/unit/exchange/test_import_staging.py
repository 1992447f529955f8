"""Writing several files of data/ all or none: every path checked to be inside the data
folder, links followed; a stopped write completed (with its journal) or undone (without)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from planpress.core.load import display_path
from planpress.exchange import staging
from planpress.exchange.staging import (
    JOURNAL,
    STAGED_SUFFIX,
    StagingError,
    locked,
    recover,
    target_inside,
    write_all,
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "actions").mkdir(parents=True)
    (folder / "plan.yml").write_text("plan\n")
    (folder / "actions" / "a.yml").write_text("a\n")
    (tmp_path / "outside.yml").write_text("outside\n")
    return folder


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_the_names_the_tests_of_the_command_use() -> None:
    assert JOURNAL == ".planpress-import.json"
    assert STAGED_SUFFIX == ".planpress-new"
    assert staging.PAUSE_VARIABLE == "PLANPRESS_TEST_IMPORT_PAUSE"


@pytest.mark.parametrize(
    "name",
    [
        "../outside.yml",
        "actions/../../outside.yml",
        "/etc/passwd",
        "..",
        ".",
        "actions/a\0b.yml",
        "actions/" + "x" * 5000 + ".yml",
        "actions",
        "missing/x.yml",
    ],
)
def test_a_path_outside_the_data_folder_or_not_a_file_is_refused(data: Path, name: str) -> None:
    root = staging.real_folder(data)
    with pytest.raises(StagingError) as refused:
        target_inside(root, data / name)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 400


def test_links_are_followed_and_must_stay_inside(data: Path, tmp_path: Path) -> None:
    root = staging.real_folder(data)
    (data / "actions" / "out.yml").symlink_to(tmp_path / "outside.yml")
    (data / "linked").symlink_to(tmp_path)
    (data / "actions" / "in.yml").symlink_to(data / "plan.yml")
    for name in ("actions/out.yml", "linked/outside.yml", "linked/new.yml"):
        with pytest.raises(StagingError, match="outside the data folder"):
            target_inside(root, data / name)
    assert target_inside(root, data / "actions" / "in.yml") == root / "plan.yml"
    assert target_inside(root, data / "actions" / "new.yml") == root / "actions" / "new.yml"


def test_every_file_is_written_or_none(data: Path, tmp_path: Path) -> None:
    (data / "actions" / "out.yml").symlink_to(tmp_path / "outside.yml")
    before = files(data)
    with pytest.raises(StagingError):
        write_all(data, {data / "plan.yml": "new plan\n", data / "actions" / "out.yml": "x\n"})
    assert files(data) == before
    assert (tmp_path / "outside.yml").read_text() == "outside\n"
    written = write_all(
        data, {data / "plan.yml": "new plan\n", data / "actions" / "a.yml": "new a\n"}
    )
    assert len(written) == 2
    assert files(data) == {"actions/a.yml": "new a\n", "plan.yml": "new plan\n"}


def test_a_file_changed_since_it_was_read_is_not_overwritten(data: Path) -> None:
    (data / "plan.yml").write_text("edited meanwhile\n")
    before = files(data)
    with pytest.raises(StagingError, match="changed while the import ran"):
        write_all(
            data,
            {data / "actions" / "a.yml": "new a\n", data / "plan.yml": "new plan\n"},
            {data / "actions" / "a.yml": "a\n", data / "plan.yml": "plan\n"},
        )
    assert files(data) == before


def test_a_file_keeps_its_permissions(data: Path) -> None:
    os.chmod(data / "plan.yml", 0o640)
    write_all(data, {data / "plan.yml": "new plan\n"})
    assert (data / "plan.yml").stat().st_mode & 0o777 == 0o640


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


def test_two_imports_never_write_at_once(data: Path) -> None:
    refused = pytest.raises(StagingError, match="another planpress import is writing")
    with locked(data), refused, locked(data):
        pass
    with locked(data):
        pass
