"""The plan's meetings as an iCalendar file (RFC 5545), for a calendar to subscribe to.

One all-day event per meeting, with the papers put to it and its recommendations and outcomes
in the description. The file depends on the data alone: the same plan gives the same bytes,
and each event's UID comes from the plan's and the meeting's ids, so a calendar that subscribes
to the file keeps each meeting as one event from version to version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from planpress.core.model import Meeting, Plan
from planpress.core.stages import Stage
from planpress.versions.published import planned, status_as_at

MEETINGS_PAGE = "governance/"
"""The page, under the site's address, that lists every meeting (each at `#meeting-<id>`)."""

EVENT_STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}
"""A meeting's `status` as an event's STATUS; a meeting known only by its month is TENTATIVE."""

# Characters that iCalendar text may not hold (RFC 5545 3.3.11: controls other than tab).
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def ics_text(value: str) -> str:
    """`value` as iCalendar text holds it: line breaks as `\\n`, other controls removed.

    The library (or `escape_text`) escapes the rest: backslashes, commas, semicolons, line
    breaks; it (or `fold`) folds lines longer than 75 octets."""
    return _NOT_TEXT.sub("", value.replace("\r\n", "\n"))


def stamp(day: date) -> datetime:
    """A day as an event's DTSTAMP: midnight UTC, so that the file is reproducible."""
    return datetime.combine(day, time(), tzinfo=UTC)


def new_calendar(plan: Plan, name: str) -> Calendar:
    """An empty calendar of `plan` named `name`, as calendar applications show it."""
    calendar = Calendar()
    calendar.add("prodid", f"-//planpress//{plan.plan.id}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", ics_text(name))
    calendar.add("x-wr-calname", ics_text(name))
    return calendar


def escape_text(value: str) -> str:
    """`value` as an iCalendar TEXT value (RFC 5545 3.3.11): what TEXT cannot hold removed
    (`ics_text`), then backslashes, semicolons, commas and line breaks escaped. (The library
    also reads a `\\N` in the text as a line break; here it stays as it is.)"""
    text = ics_text(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


FOLD_AT = 75
"""A content line is folded once it would reach this many octets."""


def fold(line: str) -> bytes:
    """A content line as UTF-8, folded as the icalendar library folds it (RFC 5545 3.1): each
    piece at most 74 octets, so that a line with the space that begins a continuation holds at
    most 75; never inside a character, and not just after a `\\` or `^`, which begin escapes."""
    data = line.encode("utf-8")
    pieces = []
    start = 0
    while len(data) - start >= FOLD_AT:
        cut = start + FOLD_AT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: fold before it
            cut -= 1
        if cut - start > 1 and data[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def all_day_event(
    *,
    uid: str,
    stamped: date,
    first: date,
    last: date,
    summary: str,
    description: str,
    status: str | None = None,
    url: str | None = None,
) -> bytes:
    """An all-day event from `first` to `last` that does not take up the time (TRANSPARENT), as
    the icalendar library writes one (its properties in the same order, text escaped and lines
    folded the same way), made directly: a file of thousands of events takes a fraction of the
    time. `stamped` is its DTSTAMP's day; `url` is absolute."""
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{escape_text(summary)}",
        f"DTSTART;VALUE=DATE:{_basic(first)}",
        f"DTEND;VALUE=DATE:{_basic(last + timedelta(days=1))}",
        f"DTSTAMP:{_basic(stamped)}T000000Z",
        f"UID:{escape_text(uid)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if status:
        lines.append(f"STATUS:{status}")
    lines.append("TRANSP:TRANSPARENT")
    if url:
        lines.append(f"URL:{ics_text(url)}")
    lines.append("END:VEVENT")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def _basic(day: date) -> str:
    """`20230331`: a day in iCalendar's DATE form."""
    return day.isoformat().replace("-", "")


def calendar_bytes(calendar: Calendar, events: Iterable[bytes]) -> bytes:
    """`calendar` (with no events of its own) as a file holding `events`, each as
    `all_day_event` writes it: the same bytes as the library's for the same events."""
    end = b"END:VCALENDAR\r\n"
    head: bytes = calendar.to_ical()
    if not head.endswith(end):
        raise ValueError("not a calendar as the library writes one")
    return head[: -len(end)] + b"".join(events) + end


def meeting_uid(plan: Plan, meeting: Meeting) -> str:
    """The meeting's event UID: from the plan's id and the meeting's id (both slugs) alone."""
    return f"{meeting.id}@{plan.plan.id}.planpress"


def _summary(plan: Plan, meeting: Meeting) -> str:
    if meeting.title.strip():
        return meeting.title
    return f"{_group_name(plan, meeting.body)} meeting"


def _group_name(plan: Plan, group_id: str) -> str:
    return next((g.name for g in plan.groups if g.id == group_id), group_id)


def meeting_description(plan: Plan, meeting: Meeting, as_at: date | None = None) -> str:
    """The event's description in plain text: who meets, the papers, the recommendations.

    As at `as_at` (the version's date), a meeting still ahead is only expected to consider the
    version it names."""
    when = meeting.date.human()
    if meeting.date.month_only:
        when += " (the day is not yet known)"
    lines = [f"{_group_name(plan, meeting.body)}: {when}."]
    status = status_as_at(meeting, as_at)
    if status:
        lines.append(f"Status: {status.capitalize()}.")
    if meeting.publishes:
        stage = Stage(meeting.publishes.stage).label
        ahead = as_at is not None and planned(meeting, as_at)
        lines.append(
            f"{'Expected to consider' if ahead else 'Publishes'} version "
            f"{meeting.publishes.version} of the plan: {meeting.publishes.title} ({stage})."
        )
    if meeting.papers:
        lines += ["", "Papers:"]
        for paper in meeting.papers:
            lines.append(f"- {paper.title}" + (f" ({paper.url})" if paper.url else ""))
    if meeting.recommendations:
        lines += ["", "Recommendations:"]
        for rec in meeting.recommendations:
            outcome = rec.outcome.capitalize() if rec.outcome else "No outcome recorded"
            lines += [f"({rec.id}) {rec.text}", f"Outcome: {outcome}."]
    return "\n".join(lines)


def meeting_event(
    plan: Plan, meeting: Meeting, site_url: str | None = None, as_at: date | None = None
) -> Event:
    """One meeting as an all-day event (the whole month when only its month is known)."""
    first = meeting.date.first_day
    event = Event()
    event.add("uid", meeting_uid(plan, meeting))
    # DTSTAMP is required; it comes from the meeting's date, so that the file is reproducible.
    event.add("dtstamp", stamp(first))
    event.add("dtstart", first)
    event.add("dtend", meeting.date.last_day + timedelta(days=1))
    event.add("summary", ics_text(_summary(plan, meeting)))
    event.add("description", ics_text(meeting_description(plan, meeting, as_at)))
    status = EVENT_STATUS.get(status_as_at(meeting, as_at) or "")
    if meeting.date.month_only and status != "CANCELLED":
        status = "TENTATIVE"
    if status:
        event.add("status", status)
    event.add("transp", "TRANSPARENT")
    if site_url:
        event.add("url", f"{site_url.rstrip('/')}/{MEETINGS_PAGE}#meeting-{meeting.id}")
    return event


def meetings_ics(plan: Plan, site_url: str | None = None, as_at: date | None = None) -> bytes:
    """Every meeting of `plan` as an iCalendar file, in the order of meetings.yml.

    `site_url` is the address of the site whose pages the events link to (the folder of the
    version, or of its `latest` alias); without it the events carry no URL.
    """
    calendar = new_calendar(plan, plan.plan.title)
    for meeting in plan.meetings:
        calendar.add_component(meeting_event(plan, meeting, site_url, as_at))
    ical: bytes = calendar.to_ical()
    return ical
