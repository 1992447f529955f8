"""What publishing decides: whether a version may be published, and if so exactly how.

Pure code, and nothing but: from the facts that `publish` has read (`Facts`: the data at the
commit, the records, what the pages branch holds), `decide` returns the `PublishPlan` that
`deploy` carries out, or raises the `PublishError` that says why not. The checks made before the
data is read are in `preflight`. Nothing here runs git or mike or writes a file, so every rule
is tested without a repository.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, NamedTuple

from planpress.core.model import Meeting, Plan, PlanDate
from planpress.core.stages import Stage
from planpress.core.versionnames import version_name_problem
from planpress.core.wording import suggest
from planpress.versions.changes import compare, since_json
from planpress.versions.history import history_at, step_of_meeting
from planpress.versions.published import (
    PublishedVersion,
    held_by,
    make_record,
    previous_version,
    record_path,
    version_from_record,
)

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


def decide(facts: Facts) -> PublishPlan:
    """What to publish from `facts`, or the `PublishError` that says why not."""
    request = facts.request
    if facts.problems:
        raise PublishError(
            f"the data at {request.source or 'HEAD'} fails `planpress check` "
            f"({len(facts.problems)} problems): fix them and commit first",
            list(facts.problems),
        )
    plan = facts.plan
    assert plan is not None
    meeting = find_meeting(plan, request.meeting_id)
    assert meeting.publishes is not None
    version = meeting.publishes.version
    problem = version_name_problem(version)
    if problem:
        raise PublishError(problem)
    refuse_published_elsewhere(meeting)
    if facts.releases_problem:
        raise PublishError(facts.releases_problem)
    if facts.published_problem:
        raise PublishError(facts.published_problem)
    existing = next((r for r in facts.releases if r.version == version), None)
    published_at = facts.now.isoformat(timespec="seconds")
    replaces = check_replacement(request, version, existing, facts.published, published_at)
    refuse_superseded(plan, meeting, facts)
    previous = previous_version(list(facts.releases), str(meeting.date), version)
    history = history_at(step_of_meeting(meeting), plan, previous, facts.releases)
    since = since_json(previous.version, compare(previous.plan, plan)) if previous else None
    record = make_record(
        plan,
        meeting,
        data_commit=facts.data_commit,
        site_commit=facts.site_commit,
        published_at=published_at,
        replaces=replaces,
        history=history.to_json(),
        since=since,
    )
    release = version_from_record(record)
    others = tuple(r for r in facts.releases if r.version != version)
    superseded = None
    if existing and existing.path:
        superseded = superseded_path(facts.releases_dir, version, facts.superseded_files)
    return PublishPlan(
        version=version,
        title=meeting.publishes.title,
        stage=Stage(meeting.publishes.stage),
        aliases=aliases_for(release, others),
        record=record,
        release=release,
        others=others,
        record_path=record_path(facts.releases_dir, version),
        replaced=existing,
        superseded_path=superseded,
        pages_branch=request.branch,
        work_branch=facts.work_branch,
        head_before=facts.site_commit,
        data_commit=facts.data_commit,
        published_at=published_at,
    )


def find_meeting(plan: Plan, meeting_id: str) -> Meeting:
    """The meeting `meeting_id`, which must publish a version."""
    meetings = {m.id: m for m in plan.meetings}
    meeting = meetings.get(meeting_id)
    if meeting is None:
        guess = suggest(meeting_id, meetings)
        hint = f"did you mean '{guess}'?" if guess else "meetings are listed in data/meetings.yml"
        raise PublishError(f"unknown meeting '{meeting_id}' ({hint})")
    if meeting.publishes is None:
        publishing = [m.id for m in plan.meetings if m.publishes]
        raise PublishError(
            f"meeting '{meeting_id}' does not publish a version: it has no 'publishes' block in "
            f"data/meetings.yml (meetings that do: {', '.join(publishing) or 'none'})"
        )
    return meeting


def refuse_published_elsewhere(meeting: Meeting) -> None:
    """Refuse a version that its meeting records as published elsewhere (`publishes.url`)."""
    assert meeting.publishes is not None
    url = meeting.publishes.url
    if url:
        raise PublishError(
            f"version {meeting.publishes.version} of {meeting.id} was published elsewhere, at "
            f"{url} (its publishes.url in data/meetings.yml): that address is the meeting's "
            "record of it, and planpress does not publish it again here"
        )


def later_held(meetings: Sequence[Meeting], meeting: Meeting, by: date) -> list[Meeting]:
    """The meetings after `meeting` (by date) that publish a version and had been held by `by`,
    oldest first.

    A later meeting still ahead on `by` may name the version it is expected to consider: the
    data then still stands as at `meeting`.
    """
    later = [
        m
        for m in meetings
        if m.publishes
        and m.id != meeting.id
        and m.date.first_day > meeting.date.first_day
        and held_by(m, by)
    ]
    return sorted(later, key=lambda m: (m.date.first_day, m.id))


def refuse_superseded(plan: Plan, meeting: Meeting, facts: Facts) -> None:
    """Refuse to publish a meeting's version from data newer than it: data that holds the
    version of a later meeting held by the day the data was written (and by today).

    The rule holds for the data at any commit, `--from` included; the refusal names the commit
    to publish from, or says what to do when there is none.
    """
    assert meeting.publishes is not None
    today = facts.today
    by = min(today, facts.data_written) if facts.data_written else today
    later = later_held(plan.meetings, meeting, by)
    if not later:
        return
    newer = later[0]
    assert newer.publishes is not None
    version = meeting.publishes.version
    said = (
        f"the data at {facts.request.source or 'HEAD'} already holds a later version "
        f"({newer.publishes.version}, of {newer.id}, a meeting held "
        f"{'in' if newer.date.month_only else 'on'} {newer.date.human()})"
    )
    commit = commit_where_current(facts.history, meeting, today)
    if commit:
        raise PublishError(
            f"{said}; publish {meeting.id} from the data as it stood at its meeting: "
            f"planpress publish {meeting.id} --from {commit[:10]}"
        )
    raise PublishError(
        f"{said}, and no commit here holds the data as it stood at {meeting.id}; a version can "
        "only be published from the data as it stood at its meeting: if version "
        f"{version} was published before, elsewhere, record its address as publishes.url under "
        f"{meeting.id} in data/meetings.yml, which keeps the meeting on the record without "
        "making up a version"
    )


def commit_where_current(
    history: Iterable[MeetingsAt], meeting: Meeting, today: date
) -> str | None:
    """The newest commit whose data publishes `meeting`'s version and holds no later meeting's
    version held by the day it was written (or today, if sooner)."""
    assert meeting.publishes is not None
    for commit, written, meetings in history:
        mine = next((m for m in meetings if m.id == meeting.id), None)
        if mine is None or mine.publishes is None or mine.publishes.url:
            continue
        if mine.publishes.version != meeting.publishes.version:
            continue
        if not later_held(meetings, mine, min(today, written)):
            return commit
    return None


def check_replacement(
    request: Request,
    version: str,
    existing: PublishedVersion | None,
    published: Mapping[str, Mapping[str, Any]],
    replaced_at: str,
) -> dict[str, Any] | None:
    """Refuse to publish a version twice, unless replacing a draft; what the record replaces."""
    on_pages = published.get(version)
    if existing is None and on_pages is None:
        if request.replace:
            raise PublishError(
                f"version '{version}' is not published yet: there is nothing to replace"
            )
        return None
    if existing is not None:
        stage, title = Stage.of(existing.stage), existing.title
    else:
        assert on_pages is not None
        stage = Stage.of((on_pages.get("properties") or {}).get("stage"))
        title = on_pages.get("title", version)
    if not request.replace:
        hint = (
            f' ({stage.with_article} version can be replaced with --replace --reason "...")'
            if stage and stage.replaceable
            else ""
        )
        raise PublishError(
            f"version '{version}' ({title}) is already published; planpress never overwrites a "
            f"published version{hint}"
        )
    if not (stage and stage.replaceable):
        raise PublishError(
            f"version '{version}' ({title}) is "
            f"{stage.name if stage else 'of unknown stage'}: only embryonic or draft versions "
            "can be replaced"
        )
    assert request.reason is not None
    return {
        "reason": request.reason.strip(),
        "data_commit": existing.data_commit if existing else None,
        "replaced_at": replaced_at,
    }


def aliases_for(new: PublishedVersion, others: Sequence[PublishedVersion]) -> tuple[str, ...]:
    """`latest` if this is the newest version, `approved` if the newest approved or final one."""
    aliases = []
    if all(_when(new) > _when(r) for r in others):
        aliases.append("latest")
    if Stage(new.stage).is_approved and all(
        _when(new) > _when(r) for r in others if Stage(r.stage).is_approved
    ):
        aliases.append("approved")
    return tuple(aliases)


def _when(release: PublishedVersion) -> tuple[date, bool, str]:
    """When a version was published, for ordering: its meeting's date, then its name.

    A month (`2020-07`) comes before the days of that month, as it always has.
    """
    try:
        when = PlanDate.parse(release.meeting_date)
    except ValueError:  # a record planpress did not write
        return (date.min, False, release.version)
    return (when.first_day, not when.month_only, release.version)


def superseded_path(releases_dir: Path, version: str, superseded_files: Iterable[str]) -> Path:
    """Where a replaced version's old record goes: `releases/superseded/<version>-<n>.json`."""
    number = sum(1 for name in superseded_files if fnmatchcase(name, f"{version}-*.json")) + 1
    return releases_dir / "superseded" / f"{version}-{number}.json"
