"""What makes a publish safe to interrupt: one publisher at a time, and a journal of its work.

A publish changes two branches (the pages branch, then the record on the working branch) and the
working tree (the record file). Before it changes anything it takes the repository's publish
lock and writes a journal saying what it is about to do and where both branches were. The lock
is an OS file lock, so it is released whenever the process ends, however it ends; the journal
stays behind only if the publish did not finish. The next `planpress publish` finds it and
either sees that the publish had finished (the record is committed) or undoes what it had done,
and says which.

Every undo is a compare-and-swap: the pages branch is moved back only from a commit that this
publish made, so a rollback never removes another publisher's work.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from planpress.core.outfiles import sync_folder, write_text_whole
from planpress.publishing.gitrepo import GitError, Repo

STATE_FOLDER = "planpress"  # inside the repository's git folder, never committed
LOCK_FILE = "publish.lock"
JOURNAL_FILE = "publish-journal.json"
SCRATCH_FOLDER = "publish-scratch"


class PublishBusy(Exception):
    """Another publish holds the lock; the message says which."""


def state_folder(repo: Repo) -> Path:
    """`.git/planpress/` (the common git folder, shared by every worktree of the clone)."""
    common = Path(repo.run("rev-parse", "--git-common-dir"))
    if not common.is_absolute():
        common = repo.folder / common
    folder = common / STATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class PublishLock:
    """An exclusive, non-blocking lock on the repository's publishing, held while in use."""

    def __init__(self, repo: Repo, what: str):
        self.path = state_folder(repo) / LOCK_FILE
        self.what = what
        self._fd: int | None = None

    def __enter__(self) -> PublishLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise PublishBusy(
                f"another planpress publish is running in this repository ({holder}); wait for "
                "it to finish, then try again"
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.write(fd, f"process {os.getpid()}, {self.what}, since {started}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text.splitlines()[0] if text else "process unknown"


@dataclass
class Journal:
    """What an unfinished publish set out to do, and how to undo it."""

    version: str
    title: str
    pages_branch: str
    pages_before: str | None
    work_branch: str
    head_before: str
    record: str  # the record's path, relative to the repository's top folder
    published_at: str
    superseded: str | None = None  # where the record it replaces is moved, when replacing
    started: float = field(default_factory=time.time)

    @staticmethod
    def path(repo: Repo) -> Path:
        return state_folder(repo) / JOURNAL_FILE

    def save(self, repo: Repo) -> None:
        """Write the journal durably: a temporary file, flushed to disk, renamed into place."""
        write_text_whole(self.path(repo), json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, repo: Repo) -> Journal | None:
        path = cls.path(repo)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError):
            # Written by rename, so never half-written; an unreadable one is not ours.
            path.rename(path.with_suffix(".unreadable"))
            return None

    @classmethod
    def clear(cls, repo: Repo) -> None:
        cls.path(repo).unlink(missing_ok=True)
        sync_folder(state_folder(repo))


def scratch_folder(repo: Repo) -> Path:
    """An empty folder for the site being built, removed by `remove_scratch`."""
    folder = state_folder(repo) / SCRATCH_FOLDER
    remove_scratch(repo)
    folder.mkdir()
    return folder


def remove_scratch(repo: Repo) -> None:
    shutil.rmtree(state_folder(repo) / SCRATCH_FOLDER, ignore_errors=True)


def finished(repo: Repo, journal: Journal) -> bool:
    """True if the journal's record is committed on its branch: the publish had finished."""
    if repo.ref(f"refs/heads/{journal.work_branch}") == journal.head_before:
        return False
    data = repo.show(f"refs/heads/{journal.work_branch}", journal.record)
    if data is None:
        return False
    try:
        record = json.loads(data)
    except ValueError:
        return False
    return (
        isinstance(record, dict)
        and record.get("version") == journal.version
        and record.get("published_at") == journal.published_at
    )


def undo(repo: Repo, journal: Journal) -> list[str]:
    """Put back what the journal's publish changed; what was done, in words."""
    said = []
    _remove_stale_index_lock(repo, journal)
    pages_now = repo.ref(f"refs/heads/{journal.pages_branch}")
    if pages_now != journal.pages_before:
        if _made_since(repo, journal.pages_before, pages_now):
            repo.set_ref(journal.pages_branch, journal.pages_before, expected=pages_now)
            where = journal.pages_before[:10] if journal.pages_before else "nothing (removed)"
            said.append(f"{journal.pages_branch} is back at {where}")
        else:
            said.append(
                f"{journal.pages_branch} has moved to commits this publish did not make, so it "
                "was left alone"
            )
    head_now = repo.ref(f"refs/heads/{journal.work_branch}")
    if head_now == journal.head_before:
        _restore_worktree(repo, journal)
        said.append("releases/ is as committed")
    return said


def _made_since(repo: Repo, before: str | None, now: str | None) -> bool:
    """True if `now` is `before` plus commits only (what a publish adds to the pages branch)."""
    if now is None:
        return False
    return before is None or repo.is_ancestor(before, now)


def _restore_worktree(repo: Repo, journal: Journal) -> None:
    """The record files as they are at HEAD: a new record removed, a moved one put back."""
    paths = [journal.record, *([journal.superseded] if journal.superseded else [])]
    for relative in paths:
        in_head = repo.show("HEAD", relative) is not None
        if in_head:
            repo.run("checkout", "HEAD", "--", relative)
        else:
            with contextlib.suppress(GitError):
                repo.run("rm", "--cached", "--quiet", "--ignore-unmatch", "--", relative)
            (repo.folder / relative).unlink(missing_ok=True)


def _remove_stale_index_lock(repo: Repo, journal: Journal) -> None:
    """A git index lock left by a git command that died with the publish."""
    lock = Path(repo.run("rev-parse", "--git-path", "index.lock"))
    if not lock.is_absolute():
        lock = repo.folder / lock
    try:
        made = lock.stat().st_mtime
    except FileNotFoundError:
        return
    if made >= journal.started - 1 and not _git_running_in(repo.folder):
        lock.unlink(missing_ok=True)


def _git_running_in(folder: Path) -> bool:
    """True if a git process is working in `folder` (so its index lock is not stale)."""
    target = folder.resolve()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if (entry / "comm").read_text().strip() != "git":
                continue
            if (entry / "cwd").resolve() == target:
                return True
        except OSError:
            continue
    return False
