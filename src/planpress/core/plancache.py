"""The plan for a process that asks for it again and again (a site build, a preview): loaded
once while nothing under the data folder changes (`load_plan_cached`), or the `PlanError`
listing every problem (`require_plan`)."""

from __future__ import annotations

import os
from pathlib import Path

from planpress.core.load import LoadResult, SourceLocation, load_plan
from planpress.core.model import Plan
from planpress.core.problems import Problem


class PlanError(Exception):
    """The data has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the plan's data:\n{lines}")


FolderSignature = tuple[tuple[str, str, int, int, int], ...]
"""Each file and folder under a data folder: where, name, mode, time saved and size."""


def folder_signature(data_dir: Path) -> FolderSignature:
    """Changes whenever a file under `data_dir` is added, removed or saved (links not followed)."""
    items = []
    for root, dirs, files in os.walk(data_dir):
        for name in files + dirs:
            try:
                info = (Path(root) / name).lstat()
            except OSError:  # gone since the folder was listed
                continue
            items.append((root, name, info.st_mode, info.st_mtime_ns, info.st_size))
    return tuple(sorted(items))


_cached: dict[Path, tuple[FolderSignature, LoadResult]] = {}


def load_plan_cached(data_dir: Path | str) -> LoadResult:
    """`load_plan`, reused while nothing under `data_dir` has changed."""
    key = Path(data_dir).resolve()
    signature = folder_signature(key)
    hit = _cached.get(key)
    if hit is not None and hit[0] == signature:
        return hit[1]
    result = load_plan(key)
    _cached[key] = (signature, result)
    return result


def require_plan(data_dir: Path | str) -> tuple[Plan, dict[tuple[str, str], SourceLocation]]:
    """The plan and its record locations, or `PlanError` listing every problem."""
    result = load_plan_cached(data_dir)
    if not result.ok:
        raise PlanError(result.problems)
    assert result.plan is not None
    return result.plan, result.locations
