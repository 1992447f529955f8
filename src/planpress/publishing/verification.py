"""What `planpress verify` found (`Verification`), and the error when nothing could be verified
(`VerifyError`)."""

from __future__ import annotations

from dataclasses import dataclass, field


class VerifyError(Exception):
    """Nothing could be verified: the message (one line) says why."""


@dataclass
class Verification:
    """What `verify` found."""

    pages: str  # the pages branch as read: gh-pages or origin/gh-pages
    pages_commit: str
    releases: str  # the records' folder, as written from the site's folder
    lines: list[str] = field(default_factory=list)  # each version, its seal and its state
    problems: list[str] = field(default_factory=list)
    versions: int = 0  # sealed versions whose files were checked
    files: int = 0  # files checked in those versions' folders
    aliases: int = 0  # alias folders checked
    unsealed: int = 0  # versions that could not be checked: published before seals
    records: int = 0  # sealed records whose seals were checked
    seconds: float = 0.0


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (its type's name, if it has none)."""
    return (str(exc).splitlines() or [type(exc).__name__])[0]
