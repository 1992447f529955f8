"""Finish an import's write that was stopped (a kill, a power cut), before the next import runs:
with its journal, every staged file still there is renamed over its target (`data/` as fully
imported); without one, the staged files are removed (`data/` as it was).

A file still to be written that was edited since the journal was written is never overwritten:
nothing is touched, and the message says how to settle it. The journal and the staged files are
`staging`'s.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from planpress.core.outfiles import sync_folder
from planpress.exchange.staging import (
    JOURNAL,
    JOURNAL_FORMAT,
    STAGED_SUFFIX,
    StagingError,
    digest,
    named,
    real_folder,
    remove_file,
    staged_name,
    target_inside,
)


def recover(data_dir: Path) -> list[str]:
    """Finish a write that was stopped (see the module docstring): the files it completed.

    With a journal, every staged file still there is renamed over its target; without one,
    staged files are removed. `StagingError`, touching nothing, if the journal cannot be read,
    names a path outside the data folder, or a file that is still to be written changed since
    the journal was written (an edit made since is never overwritten).
    """
    root = real_folder(data_dir)
    journal = root / JOURNAL
    completed: list[str] = []
    if journal.is_file() and not journal.is_symlink():
        pairs = _read_journal(root, journal)
        pending = [(s, t) for s, t, _ in pairs if os.path.lexists(s)]
        for staging, target, before in pairs:
            if os.path.lexists(staging) and digest(target) != before:
                raise StagingError(
                    f"an import was stopped before it had written {named(target)}, which has "
                    f"changed since: compare it with {named(staging)} and keep what you want, "
                    f"then delete {named(journal)} and the .*{STAGED_SUFFIX} files beside the "
                    "data files"
                )
        for staging, target in pending:
            staging.replace(target)
            completed.append(named(target))
        for folder in {t.parent for _, t, _ in pairs}:
            sync_folder(folder)
        remove_file(journal)
        sync_folder(root)
    remove_file(root / f"{JOURNAL}.new")
    for folder in (root, root / "actions"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        for entry in os.scandir(folder):
            staged = entry.name.startswith(".") and entry.name.endswith(STAGED_SUFFIX)
            if staged and entry.is_file(follow_symlinks=False):
                remove_file(Path(entry.path))
    return completed


def _read_journal(root: Path, journal: Path) -> list[tuple[Path, Path, str | None]]:
    damaged = (
        f"{named(journal)} (the journal of an import that was stopped) is damaged: "
        f"compare data/ with git, then delete it and any .*{STAGED_SUFFIX} files beside the "
        "data files"
    )
    try:
        found = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StagingError(damaged) from None
    if not isinstance(found, dict) or found.get("format") != JOURNAL_FORMAT:
        raise StagingError(damaged)
    pairs = []
    for entry in found.get("files") or []:
        if not isinstance(entry, list) or len(entry) != 3:
            raise StagingError(damaged)
        if not all(isinstance(e, str) for e in entry[:2]) or not isinstance(entry[2], str | None):
            raise StagingError(damaged)
        try:
            target = target_inside(root, root / entry[1])
        except StagingError:
            raise StagingError(damaged) from None
        staging = root / entry[0]
        if staging != staged_name(target):
            raise StagingError(damaged)
        pairs.append((staging, target, entry[2]))
    return pairs
