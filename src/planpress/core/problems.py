"""A problem with the data, at a place in a file (`Problem`); the error that stops a file being
read at all (`FileError`); and a path as messages show it (`display_path`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, at a place in a file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class FileError(Exception):
    """The file cannot be read as YAML at all; `problem` says why and where."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working folder where possible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
