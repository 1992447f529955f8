"""A data file's bytes read safely (core/safe_read.py): only a regular file, never followed
through a link or waited on, and not too large."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from planpress.core import safe_read
from planpress.core.problems import FileError
from planpress.core.safe_read import not_a_file, read_bytes


def refusal(path: Path) -> str:
    with pytest.raises(FileError) as caught:
        read_bytes(path, "data/x.yml")
    return str(caught.value)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_bytes(b"a: 1\n")
    assert read_bytes(tmp_path / "x.yml", "data/x.yml") == b"a: 1\n"


def test_a_link_is_refused_without_being_followed(tmp_path: Path) -> None:
    (tmp_path / "real.yml").write_bytes(b"secret: 1\n")
    os.symlink(tmp_path / "real.yml", tmp_path / "x.yml")
    said = refusal(tmp_path / "x.yml")
    assert said.startswith(f"data/x.yml:1:1: this is a symbolic link to '{tmp_path / 'real.yml'}'")
    assert "secret" not in said


def test_a_named_pipe_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.yml")
    assert refusal(tmp_path / "x.yml") == (
        "data/x.yml:1:1: this is a named pipe (FIFO), not a file (the data folder may hold only "
        "ordinary files: put the file itself here)"
    )


def test_a_file_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_read, "MAX_FILE_BYTES", 10)
    (tmp_path / "x.yml").write_bytes(b"a" * 11)
    assert refusal(tmp_path / "x.yml") == (
        "data/x.yml:1:1: file is too large (11 bytes; at most 10): split it into several files"
    )


def test_what_is_not_a_file_is_named() -> None:
    assert not_a_file(stat.S_IFCHR).startswith("this is a device, not a file")
    assert not_a_file(stat.S_IFDIR).startswith("this is a folder, not a file")
    assert not_a_file(stat.S_IFLNK, None, folder=True) == (
        "this is a symbolic link, not a folder (actions/ must be an ordinary folder: put the "
        "folder itself here)"
    )
