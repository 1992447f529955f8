"""Which version a build is, and how it relates to the versions published before it.

A build is either a published version (publishing sets `PLANPRESS_VERSION`, named after the
meeting's `publishes.version`) or a preview of unpublished work. Either way the site can say
what changed since the version before and show each action's history.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from planpress.core.model import Meeting, Plan, PlanDate
from planpress.core.stages import Stage
from planpress.versions.changes import ChangeSet, compare
from planpress.versions.history import History, HistoryEntry, Step
from planpress.versions.history_fold import history_at, step_of_meeting
from planpress.versions.published import (
    PublishedVersion,
    dump_record,
    previous_version,
    publishing_meeting,
)

VERSION_VARIABLES = ("PLANPRESS_VERSION", "MIKE_DOCS_VERSION")
DOWNLOADS_VARIABLE = "PLANPRESS_DOWNLOADS"
"""Set to 1 by `planpress build` and `publish`: the build also writes the files that take
longest to make (the prospectus PDF and the plan as a workbook), which previews go without."""


def downloads_wanted() -> bool:
    """Whether this build writes the prospectus PDF and the workbook (`DOWNLOADS_VARIABLE`)."""
    return os.environ.get(DOWNLOADS_VARIABLE) == "1"


class BuildVersionError(Exception):
    """The version asked for is not one that the data publishes."""


@dataclass
class BuildVersion:
    """This build's version (None for a preview) and the published versions around it."""

    version: str | None
    title: str | None
    stage: str | None
    meeting: Meeting | None
    releases: list[PublishedVersion]
    previous: PublishedVersion | None
    changes: ChangeSet | None
    history: History = field(default_factory=History)
    as_at: date = field(default_factory=lambda: date(1970, 1, 1))
    """The date the build shows the plan as at: the meeting's for a version, else as given."""

    @property
    def histories(self) -> dict[str, list[HistoryEntry]]:
        """Each action's entries across the published versions and this one."""
        return self.history.entries

    @property
    def published(self) -> bool:
        return self.version is not None

    @property
    def is_draft(self) -> bool:
        stage = Stage.of(self.stage)
        return bool(stage and stage.is_draft)

    def theme_context(self) -> dict[str, Any]:
        """Plain values for the theme's templates (which escape them with `| e`)."""
        meeting = self.meeting
        return {
            "published": self.published,
            "version": self.version or "",
            "title": self.title or "",
            "stage": self.stage or "",
            "stage_label": stage.label if (stage := Stage.of(self.stage)) else "",
            "draft": self.is_draft,
            "meeting_title": meeting.title if meeting else "",
            "meeting_date": meeting.date.human() if meeting else "",
            "previous_title": self.previous.title if self.previous else "",
            "as_at": self.as_at.isoformat(),
            "as_at_label": PlanDate(self.as_at.year, self.as_at.month, self.as_at.day).human(),
        }


AS_AT_VARIABLE = "PLANPRESS_AS_AT"
"""Set by `--as-at DATE` on `planpress build` and `serve`: the date a preview is as at."""


def as_at_from_environment(today: date) -> date:
    """The date a build is as at: `PLANPRESS_AS_AT` if set, else `today` (the caller's)."""
    value = os.environ.get(AS_AT_VARIABLE)
    if not value:
        return today
    return parse_as_at(value)


def parse_as_at(value: str) -> date:
    """A full date, YYYY-MM-DD; `BuildVersionError` saying what is wrong otherwise."""
    try:
        parsed = PlanDate.parse(value.strip())
    except ValueError as exc:
        why = "" if str(exc) == "not a date" else f" ({exc})"
        raise BuildVersionError(f"--as-at '{value}' is not a date{why}: give YYYY-MM-DD") from None
    if parsed.day is None:
        raise BuildVersionError(f"--as-at '{value}' is a month: give the day too, as YYYY-MM-DD")
    return parsed.first_day


def version_from_environment() -> str | None:
    for name in VERSION_VARIABLES:
        value = os.environ.get(name)
        if value:
            return value
    return None


def build_version_for(
    plan: Plan,
    releases: list[PublishedVersion],
    version: str | None,
    as_at: date | None = None,
) -> BuildVersion:
    """The version of `plan` that a build as `version` is (None: a preview of unpublished data).

    A version is as at its meeting's date unless `as_at` says otherwise; a preview as at
    `as_at`, or, without it, the date of the latest meeting of the plan (callers that preview
    pass the day's date).
    """
    if version is None:
        previous = releases[-1] if releases else None
        step = Step(None, PREVIEW_TITLE)
        return BuildVersion(
            None,
            None,
            None,
            None,
            releases,
            previous,
            compare(previous.plan, plan) if previous else None,
            history_at(step, plan, previous, releases),
            as_at or _latest_meeting_day(plan),
        )
    meeting = publishing_meeting(plan, version)
    if meeting is None or meeting.publishes is None:
        known = sorted(m.publishes.version for m in plan.meetings if m.publishes)
        raise BuildVersionError(
            f"version '{version}' is not published by any meeting in meetings.yml "
            f"(versions there: {', '.join(known) or 'none'})"
        )
    date = str(meeting.date)
    previous = previous_version(releases, date, version)
    return BuildVersion(
        version,
        meeting.publishes.title,
        meeting.publishes.stage,
        meeting,
        releases,
        previous,
        compare(previous.plan, plan) if previous else None,
        history_at(step_of_meeting(meeting), plan, previous, releases),
        as_at or meeting.date.first_day,
    )


PREVIEW_TITLE = "This preview (not yet published)"


def _latest_meeting_day(plan: Plan) -> date:
    days = [m.date.first_day for m in plan.meetings]
    return max(days) if days else date(2000, 1, 1)


def changes_json(build_version: BuildVersion) -> dict[str, Any]:
    """The changes page as data: this version, the one before, and what changed."""
    previous = build_version.previous
    return {
        "version": build_version.version,
        "title": build_version.title,
        "since": {"version": previous.version, "title": previous.title} if previous else None,
        "first": previous is None,
        "changes": build_version.changes.to_json() if build_version.changes else None,
    }


def plan_json_bytes(plan: Plan, build_version: BuildVersion) -> bytes:
    """`plan.json`: the record of the version as published, or for a preview the plan as it is."""
    if build_version.version is not None:
        release = next(
            (r for r in build_version.releases if r.version == build_version.version), None
        )
        if release is not None and release.path is not None:
            return release.path.read_text(encoding="utf-8").encode("utf-8")
    record = dump_record(
        {
            "planpress_record": None,
            "version": build_version.version,
            "preview": True,
            "plan": plan.model_dump(mode="json", exclude_none=True),
        }
    )
    return record.encode("utf-8")


def write_changes_json(site_dir: Path, build_version: BuildVersion) -> None:
    """`changes.json` at the site's root."""
    (site_dir / "changes.json").write_text(
        json.dumps(changes_json(build_version), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def write_site_json(site_dir: Path, plan: Plan, build_version: BuildVersion) -> None:
    """`plan.json` (the whole plan as published) and `changes.json` at the site's root."""
    (site_dir / "plan.json").write_bytes(plan_json_bytes(plan, build_version))
    write_changes_json(site_dir, build_version)
