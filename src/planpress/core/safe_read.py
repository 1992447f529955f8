"""Read a data file's bytes safely: only a regular file is read; a link, a named pipe or a
device is refused without being followed, opened for reading or waited on; a file too large is
refused with a plain message (`read_bytes`, `not_a_file`)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from planpress.core.characters import shown
from planpress.core.problems import FileError, Problem

MAX_FILE_BYTES = 64 * 1024 * 1024


def not_a_file(mode: int, link_target: str | None = None, *, folder: bool = False) -> str:
    """The message for something in the data folder that is not a regular file (with
    `folder`: that is not the ordinary folder it should be)."""
    if stat.S_ISLNK(mode):
        to = f" to '{shown(link_target, 300)}'" if link_target is not None else ""
        what = f"a symbolic link{to}"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    elif stat.S_ISDIR(mode):
        what = "a folder"
    else:
        what = "something other than a file"
    if folder:
        return (
            f"this is {what}, not a folder (actions/ must be an ordinary folder: put the folder "
            "itself here)"
        )
    return (
        f"this is {what}, not a file (the data folder may hold only ordinary files: "
        "put the file itself here)"
    )


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def read_bytes(path: Path, display: str) -> bytes:
    """The bytes of `path`, or `FileError` saying what is wrong.

    `path` is opened without following a symbolic link and without waiting on a pipe or
    device, and read only if what was opened is a regular file (so it cannot change between
    a check and the read).
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and Path(path).is_symlink()):
            target = None
            with contextlib.suppress(OSError):
                target = str(Path(path).readlink())
            message = not_a_file(stat.S_IFLNK, target)
        else:
            message = f"cannot read the file ({exc.strerror})"
        raise FileError(Problem(display, 1, 1, message)) from None
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(file.fileno())
        if not stat.S_ISREG(mode.st_mode):
            raise FileError(Problem(display, 1, 1, not_a_file(mode.st_mode)))
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES or mode.st_size > MAX_FILE_BYTES:
        size = max(len(raw), mode.st_size)
        raise FileError(
            Problem(
                display,
                1,
                1,
                f"file is too large ({size:,} bytes; at most {MAX_FILE_BYTES:,}): "
                "split it into several files",
            )
        )
    return raw
