"""The iCalendar file (RFC 5545) of a sub-group's or an owner's due dates: an all-day event on
each action's due date, and the plan's milestones that fall in a month in which one of those
actions is due (cancelled actions aside), in order of date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from planpress.core.model import Action, Milestone, Plan
from planpress.exchange.calendar import all_day_event, calendar_bytes, new_calendar
from planpress.exchange.followed import ActionWords, Subject, milestone_page, plain_words


def action_uid(plan: Plan, action: Action) -> str:
    """The UID of an action's due date: from the plan's and the action's ids alone.

    A `.` is in no id, so no UID of one kind can be another's, nor a meeting's."""
    return f"due.{action.id}@{plan.plan.id}.planpress"


def milestone_uid(plan: Plan, milestone: Milestone) -> str:
    """The UID of a milestone's event: from the plan's and the milestone's ids alone."""
    return f"milestone.{milestone.id}@{plan.plan.id}.planpress"


def action_summary(action: Action) -> str:
    """The event's summary: what is due, marked when complete or cancelled."""
    prefix = {"complete": "Due (complete)", "cancelled": "Cancelled"}.get(action.status, "Due")
    return f"{prefix}: {action.id} {action.title}"


def milestone_description(milestone: Milestone) -> str:
    """The milestone in plain text: what happens, when, and its kind."""
    when = milestone.date.human()
    if milestone.date.month_only:
        when += " (the day is not given)"
    lines = [f"A milestone of the plan: {milestone.title}", f"When: {when}"]
    if milestone.kind:
        lines.append(f"Kind: {plain_words(milestone.kind)}")
    return "\n".join(lines)


def due_months(actions: Iterable[Action]) -> set[tuple[int, int]]:
    """The months (year, month) in which `actions` fall due, cancelled actions aside."""
    return {
        (action.due.year, action.due.month)
        for action in actions
        if action.due is not None and action.status != "cancelled"
    }


def milestones_for(plan: Plan, actions: Iterable[Action]) -> list[Milestone]:
    """The plan's milestones that fall in a month in which one of `actions` is due."""
    months = due_months(actions)
    return [m for m in plan.milestones if (m.date.year, m.date.month) in months]


def action_event(
    plan: Plan, action: Action, stamped: date, description: str, url: str | None
) -> bytes | None:
    """The event of an action's due date (None if it has none), stamped as of its last change."""
    if action.due is None:
        return None
    return all_day_event(
        uid=action_uid(plan, action),
        stamped=stamped,
        first=action.due.last_day,
        last=action.due.last_day,
        summary=action_summary(action),
        description=description,
        status="CANCELLED" if action.status == "cancelled" else None,
        url=url,
    )


def milestone_event(plan: Plan, milestone: Milestone, here: str | None) -> bytes:
    """The event of a milestone, on its day or over its month (`here`: the version's address)."""
    return all_day_event(
        uid=milestone_uid(plan, milestone),
        stamped=milestone.date.first_day,
        first=milestone.date.first_day,
        last=milestone.date.last_day,
        summary=milestone.title,
        description=milestone_description(milestone),
        url=here + milestone_page(milestone) if here else None,
    )


def subject_calendar(
    plan: Plan,
    subject: Subject,
    actions: Mapping[str, ActionWords],
    event_of: Callable[[Milestone], bytes],
) -> bytes:
    """The iCalendar file of `subject`'s due dates and the milestones in their months, in
    order of date (a milestone before a due date on the same day). `actions` holds each
    action's event, `event_of` gives each milestone's."""
    short = plan.plan.short_title or plan.plan.title
    calendar = new_calendar(plan, f"{subject.name}: due dates ({short})")
    dated: list[tuple[date, int, bytes]] = [
        (milestone.date.first_day, 0, event_of(milestone))
        for milestone in milestones_for(plan, subject.actions)
    ]
    for action in subject.actions:
        event = actions[action.id].event
        if action.due is not None and event is not None:
            dated.append((action.due.last_day, 1, event))
    dated.sort(key=lambda item: (item[0], item[1]))  # stable: else in the plan's order
    return calendar_bytes(calendar, (event for _, _, event in dated))
