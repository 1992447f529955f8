"""What a data folder holds (core/datafolder.py): only regular files are read, and nothing in it
is skipped without a word."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import MINIMAL, write_data

from planpress.core.load import load_plan


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_plan(folder).problems]


NOT_A_FILE = "not a file (the data folder may hold only ordinary files: put the file itself here)"


# ---------------------------------------------------------------- only regular files


def test_a_link_to_a_file_outside_is_refused_and_not_quoted(minimal_data: Path) -> None:
    os.symlink("/etc/passwd", minimal_data / "milestones.yml")
    found = problems(minimal_data)
    assert found == [
        f"data/milestones.yml:1:1: this is a symbolic link to '/etc/passwd', {NOT_A_FILE}"
    ]
    assert "root" not in "".join(found)


def test_a_link_to_a_yaml_file_outside_the_folder_is_refused(minimal_data: Path) -> None:
    outside = minimal_data.parent / "elsewhere"
    outside.mkdir()
    (minimal_data / "plan.yml").rename(outside / "plan.yml")
    os.symlink(outside / "plan.yml", minimal_data / "plan.yml")
    assert problems(minimal_data) == [
        f"data/plan.yml:1:1: this is a symbolic link to '{outside / 'plan.yml'}', {NOT_A_FILE}"
    ]


def test_a_linked_actions_folder_is_refused(minimal_data: Path) -> None:
    elsewhere = minimal_data.parent / "actions-elsewhere"
    (minimal_data / "actions").rename(elsewhere)
    os.symlink(elsewhere, minimal_data / "actions")
    assert problems(minimal_data) == [
        f"data/actions:1:1: this is a symbolic link to '{elsewhere}', not a folder (actions/ "
        "must be an ordinary folder: put the folder itself here)"
    ]


def test_the_data_folder_itself_may_be_a_link(minimal_data: Path) -> None:
    os.symlink(minimal_data, minimal_data.parent / "linked")
    assert problems(minimal_data.parent / "linked") == []


# ---------------------------------------------------------------- nothing skipped silently


UNKNOWN_FILES = {
    "milestone.yml": "unknown file: it is not read (did you mean 'milestones.yml'? rename it)",
    "Groups.YML": "unknown file: it is not read (did you mean 'groups.yml'? rename it)",
    "glossary.yaml": "unknown file: it is not read (did you mean 'glossary.yml'? rename it)",
    "actions.yml": "unknown file: it is not read (files of actions go in the actions/ folder)",
    "notes.txt": "unknown file: it is not read (the data folder holds plan.yml, "
    "organisations.yml, groups.yml, meetings.yml, milestones.yml, procurements.yml, "
    "indicators.yml, glossary.yml, the actions/ folder and a README; move other files elsewhere)",
    "actions/skills2.yaml": "file of actions not ending in '.yml': it is not read (rename it "
    "'skills2.yml')",
    "actions/more.YML": "file of actions not ending in '.yml': it is not read (rename it "
    "'more.yml')",
    "actions/notes.md": "unknown file: it is not read (the actions/ folder holds files of "
    "actions ending in '.yml', and a README; move other files elsewhere)",
}


@pytest.mark.parametrize("name", UNKNOWN_FILES)
def test_a_file_planpress_does_not_read_is_reported(minimal_data: Path, name: str) -> None:
    write_data(minimal_data, {name: "- id: something\n"})
    assert problems(minimal_data) == [f"data/{name}:1:1: {UNKNOWN_FILES[name]}"]


def test_folders_planpress_does_not_read_are_reported(minimal_data: Path) -> None:
    write_data(minimal_data, {"actions/old/skills.yml": MINIMAL["actions/skills.yml"]})
    (minimal_data / "action").mkdir()
    (minimal_data / "archive").mkdir()
    assert problems(minimal_data) == [
        "data/action:1:1: unknown folder: its files are not read (did you mean 'actions'? the "
        "only folder the data folder holds is actions/)",
        "data/actions/old:1:1: folder inside actions/: its files are not read (put each file of "
        "actions directly in the actions/ folder)",
        "data/archive:1:1: unknown folder: its files are not read (the only folder the data "
        "folder holds is actions/)",
    ]


def test_readme_files_and_dotfiles_are_allowed(minimal_data: Path) -> None:
    write_data(
        minimal_data,
        {"README.md": "# Data\n", "actions/README": "notes\n", ".gitkeep": "", "actions/.x": ""},
    )
    assert problems(minimal_data) == []
