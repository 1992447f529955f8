"""The meetings calendar and the feed of versions, read back with real parsers."""

from __future__ import annotations

from datetime import date, datetime

import feedparser
import pytest
from icalendar import Calendar
from support import EXAMPLE_DATA

from planpress.core.model import Meeting, Plan
from planpress.core.plancache import require_plan
from planpress.exchange.calendar import meetings_ics
from planpress.exchange.feed import atom_feed, feed_releases
from planpress.versions.build import build_version_for
from planpress.versions.published import PublishedVersion

HOSTILE = 'Board; agenda, part 2 \\ <script>alert("x")</script>\nsecond line'
HOSTILE_VERSION_TITLE = "<script>alert(1)</script> & ]]>"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return require_plan(EXAMPLE_DATA)[0]


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def with_meeting(plan: Plan, index: int, **changes: object) -> Plan:
    """`plan` with one meeting changed, without validation (as hostile data might arrive)."""
    meetings = list(plan.meetings)
    meetings[index] = meetings[index].model_copy(update=changes)
    return plan.model_copy(update={"meetings": meetings})


def release(plan: Plan, meeting: Meeting, title: str | None = None) -> PublishedVersion:
    assert meeting.publishes is not None
    return PublishedVersion(
        version=meeting.publishes.version,
        title=title or meeting.publishes.title,
        stage=meeting.publishes.stage,
        meeting_id=meeting.id,
        meeting_date=str(meeting.date),
        meeting_title=meeting.title,
        body=meeting.body,
        data_commit=None,
        plan_source=plan,
    )


def test_one_event_per_meeting_with_its_dates_and_recommendations(plan: Plan) -> None:
    ics = meetings_ics(plan, "https://example.org/plan/latest/")
    calendar = Calendar.from_ical(ics)
    assert str(calendar["PRODID"]) == f"-//planpress//{plan.plan.id}//EN"
    assert str(calendar["X-WR-CALNAME"]) == plan.plan.title
    found = events(ics)
    assert len(found) == len(plan.meetings)
    assert len({str(e["UID"]) for e in found}) == len(found)
    for event, meeting in zip(found, plan.meetings, strict=True):
        day = meeting.date.first_day
        assert event.decoded("DTSTART") == day and not isinstance(day, datetime)
        assert event.decoded("DTEND") == date.fromordinal(day.toordinal() + 1)
        assert event.decoded("DTSTAMP").date() == day
        assert str(event["SUMMARY"]) == meeting.title
        assert str(event["STATUS"]) == "CONFIRMED"  # the example's meetings were held
        assert str(event["URL"]).endswith(f"/latest/governance/#meeting-{meeting.id}")
        description = str(event["DESCRIPTION"])
        for paper in meeting.papers or []:
            assert paper.title in description
        for rec in meeting.recommendations or []:
            assert f"({rec.id}) {rec.text}" in description
            assert f"Outcome: {(rec.outcome or '').capitalize()}." in description


def test_calendar_is_reproducible_and_its_uids_stable(plan: Plan) -> None:
    first = meetings_ics(plan)
    assert meetings_ics(plan) == first
    changed = with_meeting(plan, 0, title="Renamed meeting", status="cancelled")
    after = events(meetings_ics(changed))
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in events(first)]
    assert str(after[0]["SUMMARY"]) == "Renamed meeting"
    assert str(after[0]["STATUS"]) == "CANCELLED"
    assert "URL" not in after[0]


def test_hostile_text_round_trips_through_the_parser(plan: Plan) -> None:
    hostile = with_meeting(plan, 0, title=HOSTILE)
    event = events(meetings_ics(hostile))[0]
    assert str(event["SUMMARY"]) == HOSTILE
    # a line break in data cannot start a property of its own
    assert b"\nsecond line" not in meetings_ics(hostile)


def test_a_month_only_meeting_spans_its_month_and_is_tentative(plan: Plan) -> None:
    dated = Plan.model_validate(
        {
            **plan.model_dump(mode="json", exclude_none=True),
            "meetings": [
                {"id": "board-2021-03", "date": "2021-03", "body": plan.meetings[0].body,
                 "title": "Board, March 2021"}
            ],
        }
    )  # fmt: skip
    event = events(meetings_ics(dated))[0]
    assert event.decoded("DTSTART") == date(2021, 3, 1)
    assert event.decoded("DTEND") == date(2021, 4, 1)
    assert str(event["STATUS"]) == "TENTATIVE"


def two_releases(plan: Plan, title: str | None = None) -> list[PublishedVersion]:
    july, september = (m for m in plan.meetings if m.publishes)
    later = plan.model_copy(update={"actions": plan.actions[1:]})  # one action fewer
    return [release(plan, july), release(later, september, title)]


def test_feed_lists_versions_newest_first_with_what_changed(plan: Plan) -> None:
    releases = two_releases(plan)
    data = atom_feed(plan, releases, "https://example.org/plan/")
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == f"{plan.plan.title} — versions"
    assert feed.feed.id == f"tag:planpress.github.io,2020:plan/{plan.plan.id}"
    assert feed.feed.updated == "2020-09-17T00:00:00Z"
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == "https://example.org/plan/feed.xml"
    newest, oldest = feed.entries
    assert [newest.title, oldest.title] == [r.title for r in reversed(releases)]
    assert newest.id == f"{feed.feed.id}/version/2020-09-17"
    assert newest.link == "https://example.org/plan/2020-09-17/"
    assert newest.updated == "2020-09-17T00:00:00Z"
    assert "Stage: Draft." in newest.summary
    assert plan.meetings[1].title in newest.summary and "17 September 2020" in newest.summary
    assert f"Changes since {releases[0].title}: 0 actions added, 1 action removed" in (
        newest.summary
    )
    assert "first published version" in oldest.summary
    # the same versions give the same bytes, whatever order they come in
    assert atom_feed(plan, list(reversed(releases)), "https://example.org/plan/") == data


def test_feed_links_are_relative_without_a_site_address(plan: Plan) -> None:
    releases = two_releases(plan)
    at_root = feedparser.parse(atom_feed(plan, releases, None))
    assert [e.link for e in at_root.entries] == ["2020-09-17/", "2020-07-16/"]
    in_version = atom_feed(plan, releases, None, folder="2020-09-17")
    assert b'href="../2020-07-16/"' in in_version
    assert b'rel="self" type="application/atom+xml" href="../2020-09-17/feed.xml"' in in_version


def test_hostile_version_title_comes_back_as_text(plan: Plan) -> None:
    data = atom_feed(plan, two_releases(plan, HOSTILE_VERSION_TITLE), None)
    assert b"<script>" not in data
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].title == HOSTILE_VERSION_TITLE


def test_feed_of_a_build_lists_its_own_version_once(plan: Plan) -> None:
    july = next(m for m in plan.meetings if m.publishes)
    assert july.publishes is not None
    version = july.publishes.version
    unrecorded = build_version_for(plan, [], version)
    assert [r.version for r in feed_releases(unrecorded, plan)] == [version]
    recorded = build_version_for(plan, [release(plan, july)], version)
    assert [r.version for r in feed_releases(recorded, plan)] == [version]
    preview = build_version_for(plan, [release(plan, july)], None)
    assert [r.version for r in feed_releases(preview, plan)] == [version]


def test_a_meeting_still_ahead_is_expected_to_consider_its_version(plan: Plan) -> None:
    publishing = [m for m in plan.meetings if m.publishes]
    first, later = publishing[0], publishing[-1]
    assert later.date.first_day > first.date.first_day
    held = with_meeting(plan, plan.meetings.index(later), status="held")
    as_at_first = {
        str(e.get("uid")): e for e in events(meetings_ics(held, as_at=first.date.first_day))
    }
    ahead = as_at_first[f"{later.id}@{plan.plan.id}.planpress"]
    description = str(ahead.get("description"))
    assert f"Expected to consider version {later.publishes.version}" in description
    assert "Publishes version" not in description and "Status: Held" not in description
    afterwards = {
        str(e.get("uid")): e for e in events(meetings_ics(held, as_at=later.date.last_day))
    }
    description = str(afterwards[f"{later.id}@{plan.plan.id}.planpress"].get("description"))
    assert f"Publishes version {later.publishes.version}" in description
