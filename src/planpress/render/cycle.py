"""Where the plan stands in its board cycle, as at a build's date: the meeting whose version is
current, the next meeting, and the meetings that published the versions before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planpress.core.model import Meeting, Plan
from planpress.versions.build import BuildVersion
from planpress.versions.published import planned


@dataclass(frozen=True)
class BoardCycle:
    """Where the plan stands in its board cycle, as at the build's date."""

    current: Meeting | None  # the meeting whose version is current
    upcoming: Meeting | None  # the next meeting, still ahead
    earlier: tuple[Meeting, ...]  # the meetings that published the versions before, oldest first


def board_cycle(plan: Plan, build: BuildVersion | None, as_at: date | None) -> BoardCycle:
    """The current version's meeting, the next meeting and the earlier versions' meetings, as
    at the build `build` (None: no build) and its date `as_at`.

    A published version is the current one on its own pages, whatever later meetings the
    data records: they are still ahead as at its date, and only expected to consider the
    versions they name. A preview's current version is the newest one whose meeting had
    been held by the date it is as at. Without a build date, meetings recorded as
    scheduled are taken to be still ahead.
    """
    meetings = sorted(
        (m for m in plan.meetings if m.status != "cancelled"),
        key=lambda m: m.date.first_day,
    )
    publishing = [m for m in meetings if m.publishes is not None]
    own = build.meeting if build is not None and build.published else None
    current: Meeting | None
    if own is not None:
        current = next((m for m in plan.meetings if m.id == own.id), own)
    else:
        held = [m for m in publishing if as_at is None or not planned(m, as_at)]
        settled = [m for m in held if m.status != "scheduled"] or held
        current = settled[-1] if settled else None
    if current is not None:
        after = current.date.last_day
        if as_at is not None:
            after = max(after, as_at)
        upcoming = next((m for m in meetings if m.date.first_day > after), None)
        earlier = tuple(
            m
            for m in publishing
            if m.id != current.id and m.date.first_day <= current.date.first_day
        )
    else:
        if as_at is None:
            upcoming = next((m for m in meetings if m.status == "scheduled"), None)
        else:
            upcoming = next((m for m in meetings if planned(m, as_at)), None)
        earlier = ()
    return BoardCycle(current, upcoming, earlier)
