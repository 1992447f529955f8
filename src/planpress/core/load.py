"""Load a `data/` folder into a `Plan`, reporting every problem at once.

`load_plan` never raises for bad data: it returns the problems, each with a file, line and
column. Which files are read is `datafolder`'s; each is validated by `validation`, and the
checks across records are `checks`. A process that loads the plan again and again keeps it
(`plancache`), and a preview keeps what each unchanged file gave (`keptfiles`).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planpress.core.checks import run_checks
from planpress.core.collected import Collected
from planpress.core.datafolder import scan
from planpress.core.keptfiles import kept_files
from planpress.core.model import DATA_FILES, Plan
from planpress.core.problems import FileError, Problem, display_path
from planpress.core.validation import file_problem, validate
from planpress.core.yamlfile import read_yaml


@dataclass(frozen=True)
class SourceLocation:
    """Where a record is written: a path relative to the data folder's parent, and a line."""

    path: str
    line: int


@dataclass
class LoadResult:
    """A loaded plan (None if it could not be assembled) and every problem found."""

    plan: Plan | None
    problems: list[Problem]
    locations: dict[tuple[str, str], SourceLocation] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and self.plan is not None


def load_plan(data_dir: Path | str) -> LoadResult:
    """Read and validate every file of `data_dir`; see the module docstring."""
    # The node trees and records make no reference cycles, but they are millions of objects
    # for a large plan: the cyclic collector would walk them again and again while they grow.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_plan(Path(data_dir))
    finally:
        if collecting:
            gc.enable()


def _load_plan(data_dir: Path) -> LoadResult:
    if not data_dir.is_dir():
        shown_path = display_path(data_dir)
        return LoadResult(None, [Problem(shown_path, 1, 1, "data folder not found")])
    problems: list[Problem] = []
    collected = Collected()
    values: dict[str, Any] = {}
    found = scan(data_dir, problems)
    kept = kept_files()
    for spec in DATA_FILES:
        paths = found.get(spec.name)
        if paths is None:  # there, but not a file that can be read: its problem is listed
            collected.failed_files.add(spec.name)
            continue
        if not paths and spec.required:
            display = display_path(data_dir / spec.name)
            message = f"file is missing (it should hold {spec.holds})"
            problems.append(Problem(display, 1, 1, message))
            collected.failed_files.add(spec.name)
            continue
        for path in paths:
            display = display_path(path)
            if kept is not None:
                value = kept.read(spec, path, display, problems, collected)
                if value is None:
                    collected.failed_files.add(spec.name)
                    continue
            else:
                try:
                    doc = read_yaml(path, display)
                except FileError as exc:
                    problems.append(file_problem(spec, display, exc))
                    collected.failed_files.add(spec.name)
                    continue
                value = validate(spec, doc, problems, collected)
                doc.release()
                if value is None:
                    collected.failed_files.add(spec.name)
                    continue
            if spec.field == "actions":
                values.setdefault("actions", []).extend(value)
            else:
                values[spec.field] = value
    problems.extend(run_checks(collected))
    plan = None
    if "plan" in values:
        values.setdefault("organisations", [])
        values.setdefault("groups", [])
        plan = Plan.model_construct(**values)
    problems.sort()
    return LoadResult(plan, problems, _locations(collected))


def _locations(collected: Collected) -> dict[tuple[str, str], SourceLocation]:
    """Where each record with an id is written, for edit links and messages."""
    found: dict[tuple[str, str], SourceLocation] = {}
    for kind, entries in collected.entries.items():
        for entry in entries:
            record_id = getattr(entry.record, "id", None)
            if record_id is not None and (kind, record_id) not in found:
                found[(kind, record_id)] = SourceLocation(entry.doc.display, entry.line)
    return found
