"""The terms publishing is decided in: what is asked (`Request`), what `publish` has read before
it decides (`Facts`, with `MeetingsAt`), what a publish will do (`PublishPlan`), and the refusal
that says why not (`PublishError`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from planpress.core.model import Meeting, Plan
from planpress.core.stages import Stage
from planpress.versions.published import PublishedVersion

PAGES_BRANCH = "gh-pages"


class PublishError(Exception):
    """Publishing was refused or failed; nothing was changed. The message says why."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


@dataclass
class Request:
    """What to publish, and how."""

    meeting_id: str
    project: Path
    source: str | None = None  # a revision; None means HEAD
    replace: bool = False
    reason: str | None = None
    push: bool = False
    remote: str = "origin"
    branch: str = PAGES_BRANCH
    publish_from: str | None = None  # None: the site's setting (extra.planpress.publish_from)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


class MeetingsAt(NamedTuple):
    """The meetings as a commit that changed meetings.yml holds them, and when it was made."""

    commit: str
    written: date  # the day the commit was made
    meetings: Sequence[Meeting]


@dataclass(frozen=True)
class Facts:
    """What publish has read before it decides: the data at the commit and what is published."""

    request: Request
    work_branch: str
    data_commit: str
    site_commit: str
    now: datetime
    releases_dir: Path
    plan: Plan | None = None
    problems: tuple[str, ...] = ()  # the data's problems, as `planpress check` words them
    releases: tuple[PublishedVersion, ...] = ()  # the records in releases/
    releases_problem: str | None = None  # why releases/ cannot be read
    published: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # versions.json
    published_problem: str | None = None  # why versions.json cannot be read
    superseded_files: tuple[str, ...] = ()  # the names in releases/superseded/
    # the meetings at each commit that changed meetings.yml, newest first; only read when the
    # data is newer than the version, so it may be lazy
    history: Iterable[MeetingsAt] = ()
    data_written: date | None = None  # the day data_commit was made (None: not known)

    @property
    def today(self) -> date:
        """The day of the publish, by its clock."""
        return self.now.date()


@dataclass(frozen=True)
class PublishPlan:
    """What a publish will do: the version, the record it writes and where, and its aliases."""

    version: str
    title: str
    stage: Stage
    aliases: tuple[str, ...]
    record: dict[str, Any]  # the frozen record, as `releases.make_record` writes it
    release: PublishedVersion  # the same record, as read back
    others: tuple[PublishedVersion, ...]  # every other published version, to build the site with
    record_path: Path
    replaced: PublishedVersion | None  # the record this one replaces, when it has one
    superseded_path: Path | None  # where the replaced record is moved
    pages_branch: str
    work_branch: str
    head_before: str
    data_commit: str
    published_at: str
