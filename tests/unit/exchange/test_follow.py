"""The feed and the calendar of each sub-group and each owner, read back with the parsers that
read the site's feed and calendar (feedparser, icalendar), from the example plan and from plans
changed without validation, as hostile data might arrive."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from icalendar import Calendar, Event
from support import EXAMPLE_DATA

from planpress.core.model import Action, Plan
from planpress.core.plancache import require_plan
from planpress.exchange.calendar import (
    all_day_event,
    calendar_bytes,
    fold,
    ics_text,
    new_calendar,
    stamp,
)
from planpress.exchange.feed import ATOM
from planpress.exchange.follow import (
    follow_calendar,
    follow_feed,
    follow_files,
    write_follow_files,
)
from planpress.exchange.followcalendar import action_summary, action_uid, milestones_for
from planpress.exchange.followed import (
    FOLDER,
    GROUP,
    OWNER,
    Subject,
    action_description,
    action_page,
    follow_subjects,
)
from planpress.exchange.followfeed import action_title
from planpress.exchange.opendata import write_open_data
from planpress.render import PAGE_MACROS, Site
from planpress.versions.build import BuildVersion, build_version_for
from planpress.versions.published import PublishedVersion

SITE = "https://example.org/plan/"
HOSTILE_TITLE = 'Hire; train, <script>alert("x")</script> & ]]> \\ done'
HOSTILE_SUMMARY = (
    "First line, with a comma; and a semicolon\nsecond <b>line</b> & ]]>\n\n"
    + ("Très long texte — " * 300)
    + "end."
)
HOSTILE_NAME = "Skills & <Employment>, ]]>; \\ sub-group"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return require_plan(EXAMPLE_DATA)[0]


@pytest.fixture(scope="module")
def preview(plan: Plan) -> BuildVersion:
    return build_version_for(plan, [], None)


def feed_of(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def with_action(plan: Plan, action_id: str, **changes: object) -> Plan:
    """`plan` with one action changed, without validation."""
    actions = [a.model_copy(update=changes) if a.id == action_id else a for a in plan.actions]
    return plan.model_copy(update={"actions": actions})


def subject(plan: Plan, kind: str, subject_id: str) -> Subject:
    return next(s for s in follow_subjects(plan) if s.kind == kind and s.id == subject_id)


def description(plan: Plan, found: Action) -> str:
    group = next(g.name for g in plan.groups if g.id == found.group)
    owner = next(o.name for o in plan.organisations if o.id == found.owner)
    return action_description(found, group, owner)


def action(plan: Plan, action_id: str) -> Action:
    return next(a for a in plan.actions if a.id == action_id)


def test_every_group_and_owner_with_actions_has_a_feed_and_a_calendar(
    plan: Plan, preview: BuildVersion
) -> None:
    subjects = follow_subjects(plan)
    groups = [s.id for s in subjects if s.kind == GROUP]
    owners = [s.id for s in subjects if s.kind == OWNER]
    assert groups == [g.id for g in plan.groups if any(a.group == g.id for a in plan.actions)]
    assert owners == [
        o.id for o in plan.organisations if any(a.owner == o.id for a in plan.actions)
    ]
    # an organisation or group that owns nothing gets no files
    assert "fsb" not in owners and "lep-executive-board" not in groups
    files = follow_files(plan, preview, SITE)
    assert [f.name for f in files] == [
        name for s in subjects for name in (f"follow/{s.kind}-{s.id}.xml", f"{s.stem}.ics")
    ]
    assert not any("fsb" in f.name or "lep-executive-board" in f.name for f in files)
    for s in subjects:
        assert sorted(a.id for a in s.actions) == sorted(
            a.id for a in plan.actions if getattr(a, s.kind) == s.id
        )


def test_every_feed_parses_with_an_entry_per_action(plan: Plan, preview: BuildVersion) -> None:
    for s in follow_subjects(plan):
        feed = feed_of(follow_feed(plan, s, preview, SITE))
        assert feed.version == "atom10"
        assert feed.feed.title == f"{plan.plan.title} — {s.name}: due dates"
        assert feed.feed.id.endswith(f"/follow/{s.kind}/{s.id}")
        self_link = next(link for link in feed.feed.links if link.rel == "self")
        assert self_link.href == f"{SITE}follow/{s.kind}-{s.id}.xml"
        assert feed.feed.link == SITE + s.page
        assert sorted(e.id.rsplit("/", 1)[1] for e in feed.entries) == sorted(
            a.id for a in s.actions
        )
        by_id = {a.id: a for a in s.actions}
        dues = [by_id[e.id.rsplit("/", 1)[1]].due for e in feed.entries]
        dated = [d.last_day for d in dues if d is not None]
        assert dated == sorted(dated) and dues[: len(dated)] == [d for d in dues if d]
        for entry in feed.entries:
            found = by_id[entry.id.rsplit("/", 1)[1]]
            assert entry.title == action_title(found)
            assert entry.summary == description(plan, found)
            assert entry.link == SITE + action_page(found, {g.id for g in plan.groups})
            assert entry.updated == "2020-09-17T00:00:00Z"  # the preview's day


def test_every_calendar_parses_with_due_dates_and_milestones_in_their_period(
    plan: Plan, preview: BuildVersion
) -> None:
    for s in follow_subjects(plan):
        ics = follow_calendar(plan, s, preview, SITE)
        calendar = Calendar.from_ical(ics)
        assert str(calendar["X-WR-CALNAME"]).startswith(f"{s.name}: due dates")
        found = events(ics)
        uids = [str(e["UID"]) for e in found]
        assert len(set(uids)) == len(uids)
        due = [a for a in s.actions if a.due is not None]
        milestones = milestones_for(plan, s.actions)
        assert sorted(uids) == sorted(
            [f"due.{a.id}@{plan.plan.id}.planpress" for a in due]
            + [f"milestone.{m.id}@{plan.plan.id}.planpress" for m in milestones]
        )
        starts = [e.decoded("DTSTART") for e in found]
        assert starts == sorted(starts)
        for event in found:
            start = event.decoded("DTSTART")
            assert isinstance(start, date) and not isinstance(start, datetime)
            assert str(event["URL"]).startswith(SITE)
            assert str(event["TRANSP"]) == "TRANSPARENT"
        for line in ics.split(b"\r\n"):
            assert len(line) <= 75


def test_a_month_is_due_on_its_last_day_and_a_day_on_that_day(
    plan: Plan, preview: BuildVersion
) -> None:
    skills = subject(plan, GROUP, "skills-employment")
    by_uid = {str(e["UID"]): e for e in events(follow_calendar(plan, skills, preview))}
    for found in skills.actions:
        if found.due is None:
            continue
        event = by_uid[action_uid(plan, found)]
        assert event.decoded("DTSTART") == found.due.last_day
        assert event.decoded("DTEND") == date.fromordinal(found.due.last_day.toordinal() + 1)
        assert f"due {found.due.human()}" in action_title(found)
        assert f"Due: {found.due.human()}" in str(event["DESCRIPTION"])
        assert "URL" not in event  # no site address: no URL
    month = next(a for a in skills.actions if a.due is not None and a.due.month_only)
    assert by_uid[action_uid(plan, month)].decoded("DTSTART").day > 27
    day = action(plan, "SKL-05")
    assert by_uid[action_uid(plan, day)].decoded("DTSTART") == date(2022, 3, 31)


def test_complete_and_cancelled_actions_say_so(plan: Plan, preview: BuildVersion) -> None:
    cancelled = with_action(plan, "SEC-02", status="cancelled")
    secretariat = subject(cancelled, GROUP, "lep-secretariat")
    found = {
        str(e["UID"]): e for e in events(follow_calendar(cancelled, secretariat, preview, SITE))
    }
    complete = found[f"due.SEC-01@{plan.plan.id}.planpress"]
    assert str(complete["SUMMARY"]).startswith("Due (complete): SEC-01 ")
    assert "STATUS" not in complete
    assert "Status: Complete" in str(complete["DESCRIPTION"])
    gone = found[f"due.SEC-02@{plan.plan.id}.planpress"]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert str(gone["SUMMARY"]).startswith("Cancelled: SEC-02 ")
    titles = {
        e.id.rsplit("/", 1)[1]: e.title
        for e in feed_of(follow_feed(cancelled, secretariat, preview)).entries
    }
    assert titles["SEC-01"].endswith("— due 16 July 2020 (complete)")
    assert titles["SEC-02"].endswith("— due 10 September 2020 (cancelled)")
    assert titles["SEC-04"].endswith("— no due date set")
    # an action without a due date is in the feed and not in the calendar
    assert f"due.SEC-04@{plan.plan.id}.planpress" not in found


def test_hostile_text_round_trips_exactly(plan: Plan, preview: BuildVersion) -> None:
    hostile = with_action(plan, "SKL-01", title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY)
    groups = [g.model_copy(update={"name": HOSTILE_NAME}) for g in hostile.groups]
    hostile = hostile.model_copy(update={"groups": groups})
    target = action(hostile, "SKL-01")
    skills = subject(hostile, GROUP, target.group)
    data = follow_feed(hostile, skills, preview, SITE)
    assert b"<script>" not in data and b"<Employment>" not in data
    feed = feed_of(data)
    assert feed.feed.title == f"{plan.plan.title} — {HOSTILE_NAME}: due dates"
    entry = next(e for e in feed.entries if e.id.endswith("/SKL-01"))
    assert entry.title == f"SKL-01 {HOSTILE_TITLE} — due {target.due.human()}"
    assert entry.summary == description(hostile, target)
    # and as XML holds it, read by ElementTree
    tree = ET.fromstring(data)
    summaries = [e.findtext(f"{{{ATOM}}}summary") for e in tree.iter(f"{{{ATOM}}}entry")]
    assert description(hostile, target) in summaries
    assert HOSTILE_SUMMARY in entry.summary and f"Sub-group: {HOSTILE_NAME}" in entry.summary
    ics = follow_calendar(hostile, skills, preview, SITE)
    assert b"\nsecond" not in ics  # a line break in data cannot start a property of its own
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    calendar = Calendar.from_ical(ics)
    assert str(calendar["X-WR-CALNAME"]).startswith(f"{HOSTILE_NAME}: due dates")
    event = next(e for e in events(ics) if str(e["UID"]) == action_uid(hostile, target))
    assert str(event["SUMMARY"]) == action_summary(target) == f"Due: SKL-01 {HOSTILE_TITLE}"
    assert str(event["DESCRIPTION"]) == description(hostile, target)


def test_controls_that_xml_and_icalendar_cannot_hold_are_left_out(
    plan: Plan, preview: BuildVersion
) -> None:
    hostile = with_action(plan, "SKL-01", title="Bell\x07 and\r\nbreak")
    skills = subject(hostile, GROUP, "skills-employment")
    entry = next(
        e for e in feed_of(follow_feed(hostile, skills, preview)).entries if "SKL-01" in e.id
    )
    assert entry.title.startswith("SKL-01 Bell and")
    event = next(
        e for e in events(follow_calendar(hostile, skills, preview)) if "SKL-01" in str(e["UID"])
    )
    assert str(event["SUMMARY"]) == "Due: SKL-01 Bell and\nbreak"


def test_ids_that_are_not_slugs_are_quoted_and_stay_in_the_folder(
    plan: Plan, preview: BuildVersion, tmp_path: Path
) -> None:
    odd = "../a b/c"
    old = "skills-employment"
    groups = [g.model_copy(update={"id": odd}) if g.id == old else g for g in plan.groups]
    actions = [a.model_copy(update={"group": odd}) if a.group == old else a for a in plan.actions]
    hostile = plan.model_copy(update={"groups": groups, "actions": actions})
    written = write_follow_files(tmp_path, hostile, preview, SITE)
    assert all(p.parent == tmp_path / FOLDER for p in written)
    assert tmp_path / FOLDER / "group-..%2Fa%20b%2Fc.xml" in written
    feed = feed_of((tmp_path / FOLDER / "group-..%2Fa%20b%2Fc.xml").read_bytes())
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == f"{SITE}follow/group-..%252Fa%2520b%252Fc.xml"
    assert all(e.link.startswith(f"{SITE}plan/..%2Fa%20b%2Fc/#") for e in feed.entries)


def test_the_same_plan_gives_the_same_bytes_and_ids_stay_when_actions_change(
    plan: Plan, preview: BuildVersion
) -> None:
    first = follow_files(plan, preview, SITE)
    again = follow_files(require_plan(EXAMPLE_DATA)[0], preview, SITE)
    assert [(f.name, f.content) for f in first] == [(f.name, f.content) for f in again]
    moved = with_action(plan, "SKL-01", title="Renamed", due=action(plan, "SKL-05").due)
    skills = subject(moved, GROUP, "skills-employment")
    before = events(follow_calendar(plan, subject(plan, GROUP, "skills-employment"), preview))
    after = events(follow_calendar(moved, skills, preview))
    assert {str(e["UID"]) for e in after} == {str(e["UID"]) for e in before}
    changed = next(e for e in after if str(e["UID"]) == action_uid(moved, action(moved, "SKL-01")))
    assert str(changed["SUMMARY"]) == "Due: SKL-01 Renamed"
    assert changed.decoded("DTSTART") == date(2022, 3, 31)
    ids = [e.id for e in feed_of(follow_feed(moved, skills, preview)).entries]
    assert sorted(ids) == sorted(e.id for e in feed_of(follow_feed(plan, skills, preview)).entries)
    # the same action has the same UID in its group's calendar and its owner's
    owner = subject(moved, OWNER, action(moved, "SKL-01").owner)
    assert action_uid(moved, action(moved, "SKL-01")) in {
        str(e["UID"]) for e in events(follow_calendar(moved, owner, preview))
    }


def release(plan: Plan, meeting_id: str) -> PublishedVersion:
    meeting = next(m for m in plan.meetings if m.id == meeting_id)
    assert meeting.publishes is not None
    return PublishedVersion(
        version=meeting.publishes.version,
        title=meeting.publishes.title,
        stage=meeting.publishes.stage,
        meeting_id=meeting.id,
        meeting_date=str(meeting.date),
        meeting_title=meeting.title,
        body=meeting.body,
        data_commit=None,
        plan_source=plan,
    )


def test_an_entry_is_updated_as_of_the_version_that_last_changed_its_action(
    plan: Plan,
) -> None:
    first = release(plan, "board-2020-07-16")
    later = with_action(plan, "SKL-01", due=action(plan, "SKL-05").due)
    version = build_version_for(later, [first], "2020-09-17")
    skills = subject(later, GROUP, "skills-employment")
    feed = feed_of(follow_feed(later, skills, version, SITE))
    updated = {e.id.rsplit("/", 1)[1]: e.updated for e in feed.entries}
    assert updated["SKL-01"] == "2020-09-17T00:00:00Z"
    assert {updated[a.id] for a in skills.actions if a.id != "SKL-01"} == {"2020-07-16T00:00:00Z"}
    assert feed.feed.updated == "2020-09-17T00:00:00Z"
    # links go to the version's own folder
    assert all(e.link.startswith(f"{SITE}2020-09-17/plan/") for e in feed.entries)
    stamps = {
        str(e["UID"]): e.decoded("DTSTAMP").date()
        for e in events(follow_calendar(later, skills, version, SITE))
    }
    assert stamps[action_uid(later, action(later, "SKL-01"))] == date(2020, 9, 17)
    assert stamps[action_uid(later, action(later, "SKL-02"))] == date(2020, 7, 16)
    # the version as first published: every action as of that version
    as_first = build_version_for(plan, [first], "2020-07-16")
    entries = feed_of(follow_feed(plan, skills, as_first)).entries
    assert {e.updated for e in entries} == {"2020-07-16T00:00:00Z"}


def test_links_are_relative_to_the_follow_folder_without_a_site_address(
    plan: Plan, preview: BuildVersion
) -> None:
    owner = subject(plan, OWNER, "growth-hub")
    feed = feed_of(follow_feed(plan, owner, preview))
    assert feed.feed.link == "../partners/#org-growth-hub"
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == "owner-growth-hub.xml"
    assert {e.link for e in feed.entries} == {f"../plan/{a.group}/#{a.id}" for a in owner.actions}


def test_write_follow_files_writes_each_file_whole(
    plan: Plan, preview: BuildVersion, tmp_path: Path
) -> None:
    write_open_data(tmp_path / "without", plan, preview, workbook=False)
    assert not (tmp_path / "without" / FOLDER).exists()  # open data alone has no follow/
    written = write_follow_files(tmp_path / "with", plan, preview)
    files = follow_files(plan, preview)
    for data_file in files:
        path = tmp_path / "with" / data_file.name
        assert path in written and path.read_bytes() == data_file.content
    assert sorted(p.name for p in (tmp_path / "with" / FOLDER).iterdir()) == sorted(
        f.name.split("/")[1] for f in files
    )  # no temporary file left


def test_the_open_data_page_lists_each_feed_and_calendar(plan: Plan, preview: BuildVersion) -> None:
    html = PAGE_MACROS["open_data"](Site(plan, page_url="data/", build_version=preview))
    section = html.split('id="open-data-follow"')[1].split("<h2")[0]
    assert "Follow a sub-group or an owner" in html
    rows = re.findall(
        r'<tr>\n<th scope="row">(.*?)</th>\n<td class="pp-num">(\d+)</td>\n'
        r'<td><a href="([^"]+)">Feed<span class="pp-visually-hidden"> of .*?</span></a></td>\n'
        r'<td><a href="([^"]+)">Calendar<span class="pp-visually-hidden"> of .*?</span></a></td>',
        section,
    )
    subjects = follow_subjects(plan)
    assert [(int(count), feed, calendar) for _, count, feed, calendar in rows] == [
        (len(s.actions), f"../{s.feed_name}", f"../{s.calendar_name}") for s in subjects
    ]
    assert '<a href="../plan/skills-employment/">' in rows[1][0]
    assert '<a href="../partners/#org-growth-hub">' in section
    assert section.count("<caption>") == 2
    assert section.count('scope="col"') == 8 and section.count('scope="row"') == len(subjects)
    assert "<caption>Sub-groups with actions (6)</caption>" in section
    flat = PAGE_MACROS["open_data"](Site(plan, page_url="data.html", build_version=preview))
    assert 'href="follow/group-skills-employment.ics"' in flat


def test_a_published_page_names_an_address_to_subscribe_to(plan: Plan) -> None:
    version = build_version_for(plan, [], "2020-07-16")
    site = Site(plan, page_url="data/", build_version=version)
    html = PAGE_MACROS["open_data"](site, SITE)
    assert f"<code>{SITE}latest/follow/group-lep-secretariat.ics</code>" in html


def test_hostile_names_are_escaped_on_the_page(plan: Plan, preview: BuildVersion) -> None:
    groups = [g.model_copy(update={"name": HOSTILE_NAME}) for g in plan.groups]
    hostile = plan.model_copy(update={"groups": groups})
    html = PAGE_MACROS["open_data"](Site(hostile, page_url="data/", build_version=preview))
    section = html.split('id="open-data-follow"')[1].split("<h2")[0]
    assert "<Employment>" not in section
    assert "Skills &amp; &lt;Employment&gt;, ]]&gt;; \\ sub-group" in section


def test_a_plan_without_actions_has_no_follow_files_and_the_page_says_so(
    plan: Plan,
) -> None:
    empty = plan.model_copy(update={"actions": []})
    preview = build_version_for(empty, [], None)
    assert follow_subjects(empty) == [] and follow_files(empty, preview) == []
    html = PAGE_MACROS["open_data"](Site(empty, page_url="data/", build_version=preview))
    assert "No sub-group or organisation owns an action yet" in html


# ---------------------------------------------------------------- events written directly

SAMPLES = [
    "",
    "Short",
    HOSTILE_TITLE,
    HOSTILE_SUMMARY,
    "x" * 73 + "\\," + "é" * 40 + "^" * 80,
    "中文😀—" * 60,
    "a;b,c\\d\r\ne\rf\x07g\th",
]


def library_event(**fields: Any) -> bytes:
    """The event as the icalendar library writes it, property by property."""
    event = Event()
    event.add("uid", fields["uid"])
    event.add("dtstamp", stamp(fields["stamped"]))
    event.add("dtstart", fields["first"])
    event.add("dtend", fields["last"] + timedelta(days=1))
    event.add("summary", ics_text(fields["summary"]))
    event.add("description", ics_text(fields["description"]))
    if fields.get("status"):
        event.add("status", fields["status"])
    event.add("transp", "TRANSPARENT")
    if fields.get("url"):
        event.add("url", fields["url"])
    return event.to_ical()


def test_an_event_written_directly_is_the_librarys_byte_for_byte() -> None:
    rng = random.Random(7)
    letters = [*"ab ,;\\^:<>&]\n", "é", "—", "😀", "中", "\r\n"]
    texts = SAMPLES + [
        "".join(rng.choice(letters) for _ in range(rng.randrange(300))) for _ in range(300)
    ]
    for index, text in enumerate(texts):
        fields: dict[str, Any] = {
            "uid": "due.SKL-01@test-plan.planpress",
            "stamped": date(2020, 9, 17),
            "first": date(2021, 3, 1),
            "last": date(2021, 3, 31),
            "summary": text,
            "description": texts[-index - 1] + text,
            "status": "CANCELLED" if index % 2 else None,
            "url": f"{SITE}plan/skills/#SKL-{index:02d}" + "x" * (index % 90),
        }
        assert all_day_event(**fields) == library_event(**fields), text
        found = Calendar.from_ical(
            b"BEGIN:VCALENDAR\r\n" + all_day_event(**fields) + b"END:VCALENDAR\r\n"
        ).walk("VEVENT")[0]
        assert str(found["SUMMARY"]) == ics_text(text)


def test_folded_lines_hold_at_most_75_octets_and_unfold_to_the_line() -> None:
    for text in [*SAMPLES, "é" * 200, "\\" * 200, "😀" * 100]:
        line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "\\n")
        folded = fold(line)
        assert all(len(piece) <= 75 for piece in folded.split(b"\r\n"))
        assert folded.replace(b"\r\n ", b"").decode("utf-8") == line


def test_a_backslash_n_in_text_comes_back_as_it_was() -> None:
    """The library reads `\\N` in text it writes as a line break; written directly, it stays."""
    text = "C:\\New folder; a\\Nb"
    event = all_day_event(
        uid="u", stamped=date(2021, 1, 1), first=date(2021, 1, 1), last=date(2021, 1, 1),
        summary=text, description=text,
    )  # fmt: skip
    found = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + event + b"END:VCALENDAR\r\n")
    assert str(found.walk("VEVENT")[0]["SUMMARY"]) == text


def test_a_calendar_of_events_written_directly_is_the_librarys(plan: Plan) -> None:
    fields: dict[str, Any] = {
        "uid": "milestone.x@test-plan.planpress",
        "stamped": date(2020, 7, 16),
        "first": date(2020, 7, 1),
        "last": date(2020, 7, 31),
        "summary": HOSTILE_TITLE,
        "description": HOSTILE_SUMMARY,
    }
    library = new_calendar(plan, HOSTILE_NAME)
    library.add_component(Calendar.from_ical(library_event(**fields)))
    library.add_component(Calendar.from_ical(library_event(**fields)))
    direct = calendar_bytes(new_calendar(plan, HOSTILE_NAME), [all_day_event(**fields)] * 2)
    assert direct == library.to_ical()
