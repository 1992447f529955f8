"""Frozen records of published versions (`releases/<version>.json`).

A record holds the whole plan exactly as published, with the meeting that published it and the
commit it came from, so that every version's comparison can be rebuilt from a fresh clone. A
published record is never rewritten: replacing a draft moves the old record to
`releases/superseded/` and writes a new one that says what it replaces and why. Each record is
sealed when it is written (`seal`): its version's files' digests and the seal of the record
before it are part of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planpress.core.model import Meeting, Plan
from planpress.core.stages import Stage

RECORD_FORMAT = 1
RELEASES_DIR = "releases"


class RecordError(Exception):
    """A record in releases/ cannot be read; the message says which and why."""


@dataclass(frozen=True)
class PublishedVersion:
    """A published version: what it is called, which meeting published it, and the plan.

    A record's plan is checked against the data model when it is first asked for (`plan`), so
    that a build which needs only the newest versions' plans does not check every record's.
    """

    version: str
    title: str
    stage: str
    meeting_id: str
    meeting_date: str
    meeting_title: str
    body: str
    data_commit: str | None
    plan_source: Plan | Mapping[str, Any] = field(repr=False)
    path: Path | None = None
    published_at: str | None = None
    seal: str | None = None  # None: published before records were sealed (`seal`)
    previous_seal: str | None = None
    history_source: Any = field(default=None, repr=False, compare=False)
    """The record's `history` as read (`versions.history`); None if it carries none."""
    since_source: Any = field(default=None, repr=False, compare=False)
    """The record's `since` as read (`changes.counts_since`); None if it carries none."""

    @cached_property
    def plan(self) -> Plan:
        """The plan as published; `RecordError` if the record's no longer fits the model."""
        source = self.plan_source
        if isinstance(source, Plan):
            return source
        try:
            return Plan.model_validate(source)
        except ValidationError as exc:
            where = str(self.path) if self.path else f"the record of version {self.version}"
            raise RecordError(
                f"{where}: its plan no longer matches the data model ({exc.error_count()} problems)"
            ) from None
        except RecursionError:
            raise RecordError(f"{self.path}: nested too deeply to be a release record") from None

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.meeting_date, self.version)

    @property
    def is_draft(self) -> bool:
        return Stage(self.stage).is_draft


def publishing_meeting(plan: Plan, version: str) -> Meeting | None:
    """The meeting whose `publishes` block names `version`."""
    for meeting in plan.meetings:
        if meeting.publishes and meeting.publishes.version == version:
            return meeting
    return None


def planned(meeting: Meeting, day: date) -> bool:
    """Whether `meeting` is still ahead on `day`: dated after it (a month, starting after it).

    A meeting still ahead may name the version it is expected to consider; that version is
    not published until the meeting has been held.
    """
    return meeting.date.first_day > day


def status_as_at(meeting: Meeting, day: date | None) -> str | None:
    """The meeting's status as at `day`: a meeting still ahead then is not yet held, whatever
    the data records since (None: as the data records it)."""
    if meeting.status == "held" and day is not None and planned(meeting, day):
        return "scheduled"
    return meeting.status


def held_by(meeting: Meeting, day: date) -> bool:
    """Whether `meeting` had been held by `day`: dated on or before it, and not cancelled."""
    return meeting.status != "cancelled" and not planned(meeting, day)


def make_record(
    plan: Plan,
    meeting: Meeting,
    *,
    data_commit: str | None,
    site_commit: str | None,
    published_at: str,
    replaces: dict[str, Any] | None = None,
    history: dict[str, Any] | None = None,
    since: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The record of publishing `meeting`'s version of `plan`, ready to be written as JSON."""
    assert meeting.publishes is not None
    record: dict[str, Any] = {
        "planpress_record": RECORD_FORMAT,
        "version": meeting.publishes.version,
        "title": meeting.publishes.title,
        "stage": meeting.publishes.stage,
        "meeting": {
            "id": meeting.id,
            "date": str(meeting.date),
            "title": meeting.title,
            "body": meeting.body,
        },
        "data_commit": data_commit,
        "site_commit": site_commit,
        "published_at": published_at,
    }
    if replaces:
        record["replaces"] = replaces
    record["plan"] = plan.model_dump(mode="json", exclude_none=True)
    if since is not None:
        record["since"] = since  # what changed since the version before, counted
    if history is not None:
        record["history"] = history  # what the next version needs (`versions.history`)
    return record


def dump_record(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def record_path(releases_dir: Path, version: str) -> Path:
    return releases_dir / f"{version}.json"


def version_from_record(record: dict[str, Any], path: Path | None = None) -> PublishedVersion:
    """A `PublishedVersion` from a record's JSON; `RecordError` if it is not one."""
    where = str(path) if path else "record"
    try:
        meeting = record["meeting"]
        return PublishedVersion(
            version=str(record["version"]),
            title=str(record["title"]),
            stage=str(record["stage"]),
            meeting_id=str(meeting["id"]),
            meeting_date=str(meeting["date"]),
            meeting_title=str(meeting.get("title", "")),
            body=str(meeting.get("body", "")),
            data_commit=record.get("data_commit"),
            plan_source=_mapping(record["plan"], "plan"),
            path=path,
            published_at=_text(record.get("published_at")),
            seal=_text(record.get("seal")),
            previous_seal=_text(record.get("previous_seal")),
            history_source=record.get("history"),
            since_source=record.get("since"),
        )
    except (KeyError, TypeError, RecursionError) as exc:
        raise RecordError(f"{where}: not a planpress release record (missing {exc})") from None


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} as a mapping")
    return value


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def read_published_versions(releases_dir: Path) -> list[PublishedVersion]:
    """Every published version recorded in `releases_dir`, oldest meeting first."""
    if not releases_dir.is_dir():
        return []
    found = []
    for path in sorted(releases_dir.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RecordError(f"{path}: cannot be read as JSON ({exc})") from None
        except RecursionError:
            raise RecordError(f"{path}: nested too deeply to be a release record") from None
        found.append(version_from_record(record, path))
    return sorted(found, key=lambda r: r.sort_key)


def previous_version(
    releases: list[PublishedVersion], meeting_date: str, version: str
) -> PublishedVersion | None:
    """The newest release published before the meeting of `meeting_date` (not `version`)."""
    earlier = [r for r in releases if r.version != version and r.sort_key < (meeting_date, version)]
    return earlier[-1] if earlier else None
