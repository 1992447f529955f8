"""Load a `data/` folder into a `Plan`, reporting every problem at once.

`load_plan` never raises for bad data: it returns the problems, each with a file, line and
column. `load_plan_cached` reuses the result while no file in the folder has changed, so a
site build loads and checks the plan once, however many pages use it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import stat
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from planpress.core.characters import shown
from planpress.core.checks import Collected, Entry, run_checks
from planpress.core.model import DATA_FILES, DataFile, Plan, PlanInfo
from planpress.core.wording import message_for, suggest
from planpress.core.yamlfile import (
    FileError,
    Problem,
    YamlDocument,
    not_a_file,
    parse_bytes,
    read_bytes,
    read_yaml,
)


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


class PlanError(Exception):
    """The data has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the plan's data:\n{lines}")


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working folder where possible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


@cache
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


# Kinds of record nested inside plan.yml, checked like any other record.
_NESTED = (("strands", "strand"), ("themes", "theme"), ("documents", "document"))


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
    found = _scan(data_dir, problems)
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
            if _kept is not None:
                value = _kept.read(spec, path, display, problems, collected)
                if value is None:
                    collected.failed_files.add(spec.name)
                    continue
            else:
                try:
                    doc = read_yaml(path, display)
                except FileError as exc:
                    problems.append(_file_problem(spec, display, exc))
                    collected.failed_files.add(spec.name)
                    continue
                value = _validate(spec, doc, problems, collected)
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


def _file_problem(spec: DataFile, display: str, exc: FileError) -> Problem:
    problem = exc.problem
    if problem.message == "file is empty":
        return Problem(display, 1, 1, f"file is empty (it should hold {spec.holds})")
    return problem


@dataclass
class _Read:
    """What one file gave: its value (None if unusable), its problems and its records."""

    value: Any
    problems: list[Problem]
    part: Collected


class KeptFiles:
    """What each data file gave when it was last read, for a process that loads the same
    folder again and again (a preview): a file whose bytes are unchanged is neither parsed
    nor validated again. The checks across files always run again."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], tuple[bytes, _Read]] = {}

    def read(
        self,
        spec: DataFile,
        path: Path,
        display: str,
        problems: list[Problem],
        collected: Collected,
    ) -> Any:
        """The file's validated value (None if unusable), its problems and records added."""
        try:
            raw = read_bytes(path, display)
        except FileError as exc:
            problems.append(_file_problem(spec, display, exc))
            return None
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        key = (spec.name, display)
        kept = self._files.get(key)
        if kept is None or kept[0] != digest:
            kept = (digest, self._parse(spec, raw, display))
            self._files[key] = kept
        read = kept[1]
        problems.extend(read.problems)
        for kind, entries in read.part.entries.items():
            collected.entries.setdefault(kind, []).extend(entries)
        for kind, entries in read.part.broken.items():
            collected.broken.setdefault(kind, []).extend(entries)
        return read.value

    @staticmethod
    def _parse(spec: DataFile, raw: bytes, display: str) -> _Read:
        part = Collected()
        problems: list[Problem] = []
        try:
            doc = parse_bytes(raw, display)
        except FileError as exc:
            return _Read(None, [_file_problem(spec, display, exc)], part)
        value = _validate(spec, doc, problems, part)
        doc.release()
        return _Read(value, problems, part)


_kept: KeptFiles | None = None


def keep_files_read() -> None:
    """From now on in this process, reuse what each unchanged data file gave (`KeptFiles`)."""
    global _kept
    if _kept is None:
        _kept = KeptFiles()


ACTIONS_FOLDER = "actions"
_FILE_NAMES = tuple(spec.name for spec in DATA_FILES if spec.name != ACTIONS_FOLDER)
# Notes for the people who keep the data, never read by planpress: README, README.md, README.txt.
_README = re.compile(r"readme(?:\.md|\.txt)?", re.IGNORECASE)
_ACTION_FILE = re.compile(r"[^.].*\.yml")


def _scan(data_dir: Path, problems: list[Problem]) -> dict[str, list[Path] | None]:
    """The files to read for each entry of `DATA_FILES` ([] if absent, None if unreadable).

    Everything in the data folder and in its actions/ folder is looked at without following
    links; anything that is not a data file, an actions folder, a README or a dotfile (such as
    `.gitkeep`, ignored) is a problem, so that no file is skipped without a word.
    """
    found: dict[str, list[Path] | None] = {spec.name: [] for spec in DATA_FILES}
    for entry in _entries(data_dir, problems):
        name, mode = entry.name, _mode(entry)
        path = data_dir / name
        if name == ACTIONS_FOLDER:
            if stat.S_ISDIR(mode):
                found[name] = _action_files(path, problems)
            else:
                problems.append(_problem(path, _not_a_folder(path, mode)))
                found[name] = None
        elif name in _FILE_NAMES or _README.fullmatch(name):
            if stat.S_ISREG(mode):
                if name in found:
                    found[name] = [path]
            else:
                problems.append(_problem(path, not_a_file(mode, _link_target(path, mode))))
                if name in found:
                    found[name] = None
        elif stat.S_ISDIR(mode):
            problems.append(_problem(path, _unknown_folder(name)))
        else:
            problems.append(_problem(path, _unknown_file(name, mode, path)))
    return found


def _action_files(folder: Path, problems: list[Problem]) -> list[Path]:
    paths = []
    for entry in _entries(folder, problems):
        name, mode = entry.name, _mode(entry)
        path = folder / name
        is_data = _ACTION_FILE.fullmatch(name) is not None
        if stat.S_ISDIR(mode):
            problems.append(
                _problem(
                    path,
                    "folder inside actions/: its files are not read (put each file of actions "
                    "directly in the actions/ folder)",
                )
            )
        elif not stat.S_ISREG(mode) and (is_data or _README.fullmatch(name)):
            problems.append(_problem(path, not_a_file(mode, _link_target(path, mode))))
        elif is_data:
            paths.append(path)
        elif not _README.fullmatch(name):
            problems.append(_problem(path, _not_an_action_file(name)))
    return sorted(paths)


def _entries(folder: Path, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """The entries of `folder` that are not dotfiles, sorted by name."""
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        problems.append(_problem(folder, f"cannot read the folder ({exc.strerror})"))
        return []


def _mode(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return 0


def _link_target(path: Path, mode: int) -> str | None:
    if not stat.S_ISLNK(mode):
        return None
    try:
        return str(path.readlink())
    except OSError:
        return None


def _problem(path: Path, message: str) -> Problem:
    return Problem(display_path(path), 1, 1, message)


_CONTENTS = ", ".join(_FILE_NAMES) + ", the actions/ folder and a README"


def _unknown_file(name: str, mode: int, path: Path) -> str:
    if not stat.S_ISREG(mode):
        return not_a_file(mode, _link_target(path, mode))
    normal = name.lower()
    normal = normal.removesuffix(".yaml") + ".yml" if normal.endswith(".yaml") else normal
    if normal.removesuffix(".yml") == ACTIONS_FOLDER:
        return "unknown file: it is not read (files of actions go in the actions/ folder)"
    guess = suggest(normal, _FILE_NAMES)
    if guess:
        return f"unknown file: it is not read (did you mean '{guess}'? rename it)"
    return (
        f"unknown file: it is not read (the data folder holds {_CONTENTS}; move other files "
        "elsewhere)"
    )


def _unknown_folder(name: str) -> str:
    hint = "did you mean 'actions'? " if suggest(name.lower(), [ACTIONS_FOLDER]) else ""
    return (
        f"unknown folder: its files are not read ({hint}the only folder the data folder holds "
        "is actions/)"
    )


def _not_a_folder(path: Path, mode: int) -> str:
    if stat.S_ISREG(mode):
        return "this is a file, not a folder (actions/ must be a folder of files of actions)"
    return not_a_file(mode, _link_target(path, mode), folder=True)


def _not_an_action_file(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("yml", "yaml") and stem and not stem.startswith("."):
        return (
            f"file of actions not ending in '.yml': it is not read (rename it '{shown(stem)}.yml')"
        )
    return (
        "unknown file: it is not read (the actions/ folder holds files of actions ending in "
        "'.yml', and a README; move other files elsewhere)"
    )


def _validate(
    spec: DataFile, doc: YamlDocument, problems: list[Problem], collected: Collected
) -> Any:
    """The file's validated value (invalid list items dropped), or None if nothing is usable."""
    try:
        value = _adapter(spec.shape).validate_python(doc.value)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            message, at_key = message_for(error, spec.shape, spec.item)
            loc = tuple(error["loc"])
            if loc and loc[-1] == "[key]":  # a mapping key that is not allowed (glossary)
                loc, at_key = loc[:-1], True
            problems.append(doc.problem(loc, message, at_key=at_key))
        value = _salvage(spec, doc, collected)
        if value is None:
            return None
    else:
        _collect(spec, doc, value, collected)
    return value


def _salvage(spec: DataFile, doc: YamlDocument, collected: Collected) -> Any:
    """The valid items of a list that has some invalid ones, so other checks can still run."""
    if typing.get_origin(spec.shape) is not list or not isinstance(doc.value, list):
        return None
    item_adapter = _adapter(typing.get_args(spec.shape)[0])
    kept = []
    for index, raw in enumerate(doc.value):
        try:
            record = item_adapter.validate_python(raw)
        except ValidationError:
            collected.add_broken(spec.item, raw, doc, (index,))
            continue
        kept.append(record)
        collected.add(spec.item, _entry(record, doc, (index,)))
    return kept


def _collect(spec: DataFile, doc: YamlDocument, value: Any, collected: Collected) -> None:
    if isinstance(value, PlanInfo):
        collected.add("plan", _entry(value, doc, ()))
        if value.prospectus is not None:
            collected.add("prospectus", _entry(value.prospectus, doc, ("prospectus",)))
        for name, kind in _NESTED:
            for index, record in enumerate(getattr(value, name) or []):
                collected.add(kind, _entry(record, doc, (name, index)))
    elif isinstance(value, list):
        for index, record in enumerate(value):
            collected.add(spec.item, _entry(record, doc, (index,)))


def _entry(record: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> Entry:
    """A record with its place, and its line when it has an id (for edit links)."""
    line = doc.line_of(loc) if getattr(record, "id", None) is not None else 0
    return Entry(record, doc, loc, line)


def _locations(collected: Collected) -> dict[tuple[str, str], SourceLocation]:
    """Where each record with an id is written, for edit links and messages."""
    found: dict[tuple[str, str], SourceLocation] = {}
    for kind, entries in collected.entries.items():
        for entry in entries:
            record_id = getattr(entry.record, "id", None)
            if record_id is not None and (kind, record_id) not in found:
                found[(kind, record_id)] = SourceLocation(entry.doc.display, entry.line)
    return found


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
