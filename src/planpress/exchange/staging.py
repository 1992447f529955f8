"""Write several files of `data/` as one change: all of them, or none.

Every new text is first written whole to a staged file beside its target (`.NAME.planpress-new`,
a dotfile, which `load_plan` does not read) and flushed to the disk. Then a journal listing the
staged files and their targets is written (`data/.planpress-import.json`, itself written whole
and renamed into place): from that moment the change is decided. Each staged file is then
renamed over its target, and the journal removed.

A run stopped at any point (a kill, a power cut) leaves either staged files and no journal, which
the next import removes (`data/` as it was), or a journal, which the next import completes
(`data/` as fully imported) unless a file still to be written was edited since, which it leaves
for the person to settle (`recovery`). Every path is resolved, links followed, and must stay
inside the data folder before anything is written. While an import runs it holds a lock on the
data folder, so two imports never write at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planpress.core.characters import shown
from planpress.core.outfiles import OutputError, current_umask, sync_folder
from planpress.core.problems import display_path

JOURNAL = ".planpress-import.json"
JOURNAL_FORMAT = "planpress-import-journal-1"
STAGED_SUFFIX = ".planpress-new"
PAUSE_VARIABLE = "PLANPRESS_TEST_IMPORT_PAUSE"
"""Only for tests: seconds to pause after each step of a write, each step announced on stderr
(`planpress-test-import-step N: ...`), so that a test can stop the process between steps."""


class StagingError(OutputError):
    """The files cannot be written (nothing was, or the message says what was); one line."""


def named(path: Path) -> str:
    """A path for a message: as a person would type it, shown on one line, cut if long."""
    return shown(display_path(path), 160)


def real_folder(data_dir: Path) -> Path:
    """The data folder with every link resolved."""
    try:
        return Path(data_dir).resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or "a loop of links"
        raise StagingError(f"cannot use {named(data_dir)}: {reason}") from None


def target_inside(root: Path, path: Path) -> Path:
    """The file `path` names, links resolved, or `StagingError` if it is not inside `root`.

    `root` is the data folder as `real_folder` gives it. A name holding a NUL or a path that
    leads out of the folder (by `..`, an absolute path or a link) is refused, as is anything
    that exists but is not an ordinary file.
    """
    text = str(path)
    where = shown(text, 120)
    if "\x00" in text:
        raise StagingError(f"refused to write '{where}': the name holds a NUL character")
    try:
        resolved = Path(os.path.realpath(path))
    except (OSError, ValueError) as exc:
        raise StagingError(f"refused to write '{where}': {exc}") from None
    if resolved == root or not resolved.is_relative_to(root):
        raise StagingError(
            f"refused to write '{where}': it is outside the data folder {named(root)} "
            "(planpress import writes only inside it)"
        )
    try:
        found = os.lstat(resolved)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise StagingError(f"cannot write {named(resolved)}: {exc.strerror}") from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise StagingError(f"refused to write {named(resolved)}: it is not an ordinary file")
    if not resolved.parent.is_dir():
        raise StagingError(f"refused to write {named(resolved)}: its folder does not exist")
    return resolved


def staged_name(target: Path) -> Path:
    return target.with_name(f".{target.name}{STAGED_SUFFIX}")


def _step(what: str, counter: list[int]) -> None:
    """Announce a step and pause after it, when a test asks for it; otherwise nothing."""
    try:
        pause = float(os.environ.get(PAUSE_VARIABLE) or 0)
    except ValueError:
        return
    if not 0 < pause < 60:
        return
    counter[0] += 1
    print(f"planpress-test-import-step {counter[0]}: {what}", file=sys.stderr, flush=True)
    time.sleep(pause)


def _write_bytes(path: Path, data: bytes, mode: int, created: list[Path] | None = None) -> None:
    """Write a new file (never one already there), noting it in `created` once it exists."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    if created is not None:
        created.append(path)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
        os.fchmod(stream.fileno(), mode)


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the data folder's lock (no other import writes meanwhile), or `StagingError`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock
        yield
        return
    try:
        handle = os.open(data_dir, os.O_RDONLY)
    except OSError as exc:
        raise StagingError(f"cannot use {named(data_dir)}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StagingError(
                f"another planpress import is writing {named(data_dir)} now: wait for "
                "it to finish, then try again"
            ) from None
        yield
    finally:
        os.close(handle)


def write_all(
    data_dir: Path, texts: dict[Path, str], originals: dict[Path, str] | None = None
) -> list[Path]:
    """Write every text to its file, all or none (see the module docstring); the files written.

    `originals` holds the text each file had when the import read it ("" for a file that was
    not there): a file changed since (by an editor, say) is not overwritten, and nothing is.
    `StagingError` if a file cannot be written: before the journal, nothing was changed; after
    it (which needs the disk to fail between two renames in one folder), the message says which
    files were written and that the next import completes the rest.
    """
    root = real_folder(data_dir)
    counter = [0]
    plan: list[tuple[Path, Path, bytes, int]] = []
    for path, text in texts.items():
        target = target_inside(root, path)
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~current_umask()
        plan.append((target, staged_name(target), text.encode("utf-8"), mode))
    staged: list[Path] = []
    try:
        for target, staging, data, mode in plan:
            _write_bytes(staging, data, mode, staged)
            _step(f"staged {named(target)}", counter)
        for folder in {target.parent for target, *_ in plan}:
            sync_folder(folder)
        _unchanged(texts, originals)
        _write_journal(root, [(s, t, digest(t)) for t, s, *_ in plan])
    except StagingError:
        for staging in staged:
            remove_file(staging)
        raise
    except OSError as exc:
        for staging in staged:
            remove_file(staging)
        failed = exc.filename if isinstance(exc.filename, str) else str(root)
        raise StagingError(
            f"could not write {named(Path(failed))}: {exc.strerror or exc}; nothing was changed"
        ) from None
    _step("journal written", counter)
    written: list[Path] = []
    for target, staging, *_ in plan:
        try:
            staging.replace(target)
        except OSError as exc:
            done = ", ".join(named(p) for p in written) or "none"
            raise StagingError(
                f"could not write {named(target)} ({exc.strerror or exc}) after writing "
                f"{done}: the next planpress import completes this one (its journal is "
                f"{named(root / JOURNAL)})"
            ) from None
        written.append(target)
        _step(f"renamed {named(target)}", counter)
    for folder in {target.parent for target, *_ in plan}:
        sync_folder(folder)
    remove_file(root / JOURNAL)
    sync_folder(root)
    _step("journal removed", counter)
    return written


def _unchanged(texts: dict[Path, str], originals: dict[Path, str] | None) -> None:
    """`StagingError` if a file changed since the import read it."""
    for path in texts:
        if originals is None or path not in originals:
            continue
        try:
            now = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            now = ""
        except (OSError, UnicodeDecodeError):
            now = None
        if now != originals[path]:
            raise StagingError(
                f"{named(path)} changed while the import ran, so nothing was changed: import again"
            )


def digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None if there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _write_journal(root: Path, entries_in: list[tuple[Path, Path, str | None]]) -> None:
    """The journal: for each file, its staged file, itself, and the digest of its old bytes."""
    entries = [[str(s.relative_to(root)), str(t.relative_to(root)), d] for s, t, d in entries_in]
    data = json.dumps({"format": JOURNAL_FORMAT, "files": entries}, indent=1).encode("utf-8")
    temporary = root / f"{JOURNAL}.new"
    remove_file(temporary)
    _write_bytes(temporary, data, 0o644)
    temporary.replace(root / JOURNAL)
    sync_folder(root)


def remove_file(path: Path) -> None:
    """Remove a file if it is there (a folder of that name is left alone)."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        path.unlink()
