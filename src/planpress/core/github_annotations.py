"""Problems as GitHub workflow commands, so that they show on a pull request's changed lines.

`planpress check` prints these as well as its usual lines when it runs on GitHub Actions
(`GITHUB_ACTIONS=true`). GitHub reads each `::error file=...,line=...,col=...::message` line
from the log and shows the message beside that line of the file, in the pull request's
"Files changed" view. Escaping follows GitHub's own toolkit (`@actions/core`): in the message,
`%`, carriage return and line feed; in a property, also `:` and `,`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol


class Located(Protocol):
    """What a problem needs for an annotation (`yamlfile.Problem` has it)."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def message(self) -> str: ...


def escape_data(text: str) -> str:
    """A message as GitHub reads it after `::`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=...`) as GitHub reads it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Iterable[Located]) -> list[str]:
    """One `::error file=...,line=...,col=...::message` line per problem, in the order given.

    Paths are written with forward slashes, as GitHub names files in a repository.
    """
    lines = []
    for problem in problems:
        path = str(problem.path)
        if os.sep != "/":
            path = path.replace(os.sep, "/")
        lines.append(
            f"::error file={escape_property(path)},line={int(problem.line)},"
            f"col={int(problem.column)}::{escape_data(str(problem.message))}"
        )
    return lines
