"""What the `planpress` command prints: one line at a time, values from data made visible."""

from __future__ import annotations

import sys

from planpress.core.characters import escaped


def printable(text: object) -> str:
    """`text` as one line: control, line-break and invisible characters as visible escapes.

    Values from data reach the terminal and CI logs inside messages. On one line, none can
    start a line of its own, where a CI runner would read it as a command (GitHub Actions'
    `::error::`, `::add-mask::`, `::stop-commands::`).
    """
    return escaped(str(text))


def say(text: object, *, error: bool = False) -> None:
    """Print one line (to stderr with `error`), its values made `printable`."""
    print(printable(text), file=sys.stderr if error else sys.stdout)
