"""What a data folder holds and which of its files are read (`scan`).

Everything in the data folder and in its actions/ folder is looked at without following links;
anything that is not a data file, an actions folder, a README or a dotfile (such as `.gitkeep`,
ignored) is a problem, so that no file is skipped without a word.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from planpress.core.characters import shown
from planpress.core.model import DATA_FILES
from planpress.core.problems import Problem, display_path
from planpress.core.safe_read import not_a_file
from planpress.core.wording import suggest

ACTIONS_FOLDER = "actions"
_FILE_NAMES = tuple(spec.name for spec in DATA_FILES if spec.name != ACTIONS_FOLDER)
# Notes for the people who keep the data, never read by planpress: README, README.md, README.txt.
_README = re.compile(r"readme(?:\.md|\.txt)?", re.IGNORECASE)
_ACTION_FILE = re.compile(r"[^.].*\.yml")


def scan(data_dir: Path, problems: list[Problem]) -> dict[str, list[Path] | None]:
    """The files to read for each entry of `DATA_FILES` ([] if absent, None if unreadable);
    each thing in the folder that is not read is added to `problems` (see the module)."""
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
