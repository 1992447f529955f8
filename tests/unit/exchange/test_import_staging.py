"""Writing several files of data/ all or none: every path checked to be inside the data
folder, links followed, a file changed since it was read never overwritten, and one import at
a time. A stopped write finished by the next import: test_recovery.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planpress.exchange import staging
from planpress.exchange.staging import (
    JOURNAL,
    STAGED_SUFFIX,
    StagingError,
    locked,
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


def test_two_imports_never_write_at_once(data: Path) -> None:
    refused = pytest.raises(StagingError, match="another planpress import is writing")
    with locked(data), refused, locked(data):
        pass
    with locked(data):
        pass
