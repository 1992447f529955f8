"""The rules that refuse a publish, each with the words that say why and what to do: an unknown
meeting or one that publishes nothing (`find_meeting`), a version published elsewhere, data
newer than the meeting (`refuse_superseded`, naming the commit to publish from), and a version
published twice unless a draft is replaced (`check_replacement`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from planpress.core.model import Meeting, Plan
from planpress.core.stages import Stage
from planpress.core.wording import suggest
from planpress.versions.publish_terms import Facts, MeetingsAt, PublishError, Request
from planpress.versions.published import PublishedVersion, held_by


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
