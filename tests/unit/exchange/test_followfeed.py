"""A sub-group's or an owner's Atom feed: its entries soonest due first, each updated as of the
version that last changed its action, its ids from the plan's and the action's ids alone."""

from __future__ import annotations

from datetime import date

import feedparser

from planpress.core.model import Action, Plan
from planpress.exchange.followed import GROUP, ActionWords, Subject
from planpress.exchange.followfeed import (
    action_entry_id,
    action_title,
    build_day,
    subject_feed,
    subject_feed_id,
    updated_days,
)
from planpress.versions.build import BuildVersion, build_version_for
from planpress.versions.published import PublishedVersion

SITE = "https://example.org/plan/"


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


def test_the_day_a_build_stands_at(example: tuple[Plan, BuildVersion]) -> None:
    plan, preview = example
    first = release(plan, "board-2020-07-16")
    published = build_version_for(plan, [first], "2020-09-17")
    assert build_day(published) == date(2020, 9, 17)  # its meeting's
    assert build_day(preview) == preview.as_at
    early = build_version_for(plan, [first], None, as_at=date(2020, 1, 1))
    assert build_day(early) == date(2020, 7, 16)  # no earlier than the newest published


def test_each_action_is_updated_as_of_the_version_that_last_changed_it(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    first = release(plan, "board-2020-07-16")
    moved = next(a for a in plan.actions if a.due is not None)
    actions = [a.model_copy(update={"due": None}) if a.id == moved.id else a for a in plan.actions]
    later = plan.model_copy(update={"actions": actions})
    days = updated_days(later, build_version_for(later, [first], "2020-09-17"))
    assert days[moved.id] == date(2020, 9, 17)
    assert {d for i, d in days.items() if i != moved.id} == {date(2020, 7, 16)}
    as_first = updated_days(plan, build_version_for(plan, [first], "2020-07-16"))
    assert set(as_first.values()) == {date(2020, 7, 16)}


def test_an_entrys_title_says_when_it_is_due_and_whether_it_is_done(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    action = next(a for a in plan.actions if a.due is not None and a.status == "planned")
    assert action_title(action) == f"{action.id} {action.title} — due {action.due.human()}"
    undated = action.model_copy(update={"due": None})
    assert action_title(undated) == f"{action.id} {action.title} — no due date set"
    for status in ("complete", "cancelled"):
        done = action.model_copy(update={"status": status})
        assert action_title(done).endswith(f" ({status})")
    subject = Subject(GROUP, "a b", "A", ())
    assert action_entry_id(plan, action).endswith(f"/action/{action.id}")
    assert subject_feed_id(plan, subject).endswith("/follow/group/a%20b")


def words(action: Action, updated: date) -> ActionWords:
    return ActionWords(
        action, f"id-{action.id}", action.title, "words", f"card-{action.id}", updated, None
    )


def test_entries_are_soonest_due_first_and_undated_last(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    dated = sorted((a for a in plan.actions if a.due is not None), key=lambda a: a.due.last_day)
    undated = plan.actions[0].model_copy(update={"id": "NOD-01", "due": None})
    given = [
        words(undated, date(2020, 1, 2)),
        *(words(a, date(2020, 1, 1)) for a in reversed(dated)),
    ]
    subject = Subject(GROUP, "g", "A group", ())
    feed = feedparser.parse(subject_feed(plan, subject, given, SITE, SITE, date(2019, 1, 1)))
    assert not feed.bozo
    ids = [e.id for e in feed.entries]
    assert ids[-1] == "id-NOD-01"
    due = {f"id-{a.id}": a.due.last_day for a in dated}
    assert sorted(ids[:-1]) == sorted(due)
    assert [due[i] for i in ids[:-1]] == sorted(due.values())
    assert [e.link for e in feed.entries][-1] == "card-NOD-01"
    assert feed.feed.updated == "2020-01-02T00:00:00Z"  # the latest entry's
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == f"{SITE}follow/group-g.xml"
    assert feed.feed.link == f"{SITE}plan/g/"
    relative = feedparser.parse(subject_feed(plan, subject, [], None, "../", date(2019, 1, 1)))
    assert relative.feed.updated == "2019-01-01T00:00:00Z"  # no entry: the build's day
    assert next(link for link in relative.feed.links if link.rel == "self").href == "group-g.xml"
    assert relative.feed.link == "../plan/g/"
