"""Files that planpress writes (the PDF, the schema files): whole, or not at all.

Each file is written to a temporary file beside it, flushed to the disk, then renamed over the
old one, so a full disk or an interrupted run leaves the old file as it was. A target that
exists but is not an ordinary file (a folder, a device such as /dev/full, a pipe) is refused,
never replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class OutputError(Exception):
    """A file cannot be written; the message says which and why, in one line."""


def writable_target(path: Path) -> Path:
    """The file to write for `path` (a link is followed), or `OutputError` saying why not."""
    path = Path(path)
    try:
        found = path.stat()
    except FileNotFoundError:
        found = None
    except NotADirectoryError:
        above = _file_above(path)
        raise OutputError(f"cannot write {path}: {above} is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    if found is None:
        return path
    if stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path} is a folder: give the name of a file to write")
    if not stat.S_ISREG(found.st_mode):
        raise OutputError(
            f"{path} is not an ordinary file (it is a device or another special file), so it "
            "was left alone: give the name of a file to write"
        )
    return path.resolve()


def usable_folder(folder: Path) -> Path:
    """`folder`, made if missing, or `OutputError` saying why it cannot hold files."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder: give the name of a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"cannot make the folder {folder}: {_file_above(folder)} is a file, not a folder"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot make the folder {folder}: {_reason(exc)}") from None
    return folder


def write_whole(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write a file with `write(stream)`: to a temporary file beside it, then renamed over it.

    The old file (if any) stays as it was unless the new one was written completely.
    Returns the file written; `OutputError` if it could not be.
    """
    target = writable_target(path)
    usable_folder(target.parent)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), 0o666 & ~current_umask())
        Path(temporary).replace(target)
    except OSError as exc:
        raise OutputError(f"could not write {path}: {_reason(exc)}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    sync_folder(target.parent)
    return target


def write_text_whole(path: Path, text: str) -> Path:
    """`write_whole` for UTF-8 text."""
    data = text.encode("utf-8")
    return write_whole(path, lambda stream: stream.write(data))


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file to the disk (where the system allows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _file_above(path: Path) -> Path:
    """The nearest folder above `path` that is in fact a file."""
    for parent in Path(path).parents:
        if parent.exists():
            return parent
    return Path(path).parent


def _reason(exc: OSError) -> str:
    """Why writing failed, in the system's words, e.g. `No space left on device`."""
    return exc.strerror or str(exc)
