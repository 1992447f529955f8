"""A sub-group's or an owner's calendar: an all-day event on each action's due date (marked
when cancelled), the plan's milestones in the months its actions are due, in order of date."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from planpress.core.model import Action, Milestone, Plan, PlanDate
from planpress.exchange.followcalendar import (
    action_event,
    action_summary,
    action_uid,
    due_months,
    milestone_description,
    milestone_event,
    milestone_uid,
    milestones_for,
    subject_calendar,
)
from planpress.exchange.followed import GROUP, ActionWords, Subject, follow_subjects
from planpress.versions.build import BuildVersion

SITE = "https://example.org/plan/"


def subject(plan: Plan, kind: str, subject_id: str) -> Subject:
    return next(s for s in follow_subjects(plan) if s.kind == kind and s.id == subject_id)


def event_of(ics: bytes) -> Calendar:
    (event,) = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + ics + b"END:VCALENDAR\r\n").walk(
        "VEVENT"
    )
    return event


def test_milestones_are_the_ones_in_the_months_the_actions_are_due(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    secretariat = subject(plan, GROUP, "lep-secretariat")
    found = milestones_for(plan, secretariat.actions)
    months = {(a.due.year, a.due.month) for a in secretariat.actions if a.due}
    assert months == {(2020, 7), (2020, 9)}
    assert due_months(secretariat.actions) == months
    assert found == [m for m in plan.milestones if (m.date.year, m.date.month) in months]
    ids = [m.id for m in found]
    assert "executive-board-july-2020" in ids and "eight-week-refinement-ends" in ids
    assert "industrial-strategy-white-paper" not in ids  # November 2017
    cancelled = [a.model_copy(update={"status": "cancelled"}) for a in secretariat.actions]
    assert milestones_for(plan, cancelled) == []
    undated = [a.model_copy(update={"due": None}) for a in secretariat.actions]
    assert milestones_for(plan, undated) == []


def test_an_actions_event_is_on_the_last_day_it_can_be_due(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    action = next(a for a in plan.actions if a.due is not None and a.due.month_only)
    ics = action_event(plan, action, date(2020, 9, 17), "What it is", SITE + "plan/")
    assert ics is not None
    event = event_of(ics)
    assert (
        str(event["UID"]) == action_uid(plan, action) == f"due.{action.id}@{plan.plan.id}.planpress"
    )
    assert event.decoded("DTSTART") == action.due.last_day
    assert event.decoded("DTSTAMP").date() == date(2020, 9, 17)
    assert str(event["SUMMARY"]) == action_summary(action) == f"Due: {action.id} {action.title}"
    assert str(event["URL"]) == SITE + "plan/"
    assert "STATUS" not in event
    cancelled = action.model_copy(update={"status": "cancelled"})
    cancelled_event = event_of(action_event(plan, cancelled, date(2020, 9, 17), "", None) or b"")
    assert str(cancelled_event["STATUS"]) == "CANCELLED" and "URL" not in cancelled_event
    assert action_summary(cancelled) == f"Cancelled: {action.id} {action.title}"
    complete = action.model_copy(update={"status": "complete"})
    assert action_summary(complete).startswith("Due (complete): ")
    undated = action.model_copy(update={"due": None})
    assert action_event(plan, undated, date(2020, 9, 17), "", None) is None


def test_a_milestones_event_spans_its_month_when_the_day_is_not_known(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    milestone = next(m for m in plan.milestones if m.date.month_only)
    event = event_of(milestone_event(plan, milestone, SITE))
    assert str(event["UID"]) == milestone_uid(plan, milestone)
    assert event.decoded("DTSTART") == milestone.date.first_day
    assert event.decoded("DTEND") == date.fromordinal(milestone.date.last_day.toordinal() + 1)
    assert str(event["URL"]) == f"{SITE}timeline/#milestone-{milestone.id}"
    assert "(the day is not given)" in milestone_description(milestone)
    assert "URL" not in event_of(milestone_event(plan, milestone, None))


def test_a_milestone_comes_before_a_due_date_on_the_same_day(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    milestone = plan.milestones[0]
    first = plan.actions[0].model_copy(update={"due": milestone.date})
    later_day = date.fromordinal(milestone.date.last_day.toordinal() + 1)
    later = plan.actions[1].model_copy(update={"due": PlanDate.parse(str(later_day))})
    actions: tuple[Action, ...] = (later, first)
    stamp = date(2020, 1, 1)
    words = {
        a.id: ActionWords(a, a.id, a.title, "", "", stamp, action_event(plan, a, stamp, "", None))
        for a in actions
    }
    asked: list[str] = []

    def event(asked_for: Milestone) -> bytes:
        asked.append(asked_for.id)
        return milestone_event(plan, asked_for, None)

    ics = subject_calendar(plan, Subject(GROUP, "g", "A group", actions), words, event)
    uids = [str(e["UID"]) for e in Calendar.from_ical(ics).walk("VEVENT")]
    in_month = milestones_for(plan, actions)
    assert milestone in in_month and asked == [m.id for m in in_month]
    assert uids.index(milestone_uid(plan, milestone)) < uids.index(action_uid(plan, first))
    assert uids.index(action_uid(plan, first)) < uids.index(action_uid(plan, later))
    assert str(Calendar.from_ical(ics)["X-WR-CALNAME"]).startswith("A group: due dates (")
