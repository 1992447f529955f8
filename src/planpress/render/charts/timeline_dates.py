"""Dates on the timeline: the span of a plan's or a group's dates, and dates in words (the
months and quarters they are counted in are `geometry`'s)."""

from __future__ import annotations

import calendar
from datetime import date

from planpress.core.model import Action, Milestone, PlanDate
from planpress.render.charts.geometry import add_months, quarter_start


def span_of(actions: list[Action], milestones: list[Milestone]) -> tuple[date, date] | None:
    """First day of the first quarter, and first day after the last quarter, that anything spans."""
    dates: list[PlanDate] = [m.date for m in milestones]
    for action in actions:
        dates.extend(d for d in (action.start, action.due) if d is not None)
    if not dates:
        return None
    first = min(d.first_day for d in dates)
    last = max(d.last_day for d in dates)
    return quarter_start(first), add_months(quarter_start(last), 3)


def describe_dates(action: Action) -> str:
    if action.start and action.due:
        return f"{action.start.human()} to {action.due.human()}"
    if action.start:
        return f"starts {action.start.human()}, no due date"
    if action.due:
        return f"due {action.due.human()}, no start date"
    return "no dates set"


def group_span(actions: list[Action]) -> tuple[date, date] | None:
    """The first day and the last day that any of the actions spans (None: none has a date)."""
    days = [d for a in actions for d in (a.start, a.due) if d is not None]
    if not days:
        return None
    return min(d.first_day for d in days), max(d.last_day for d in days)


def month_words(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def span_words(start: date, end: date) -> tuple[str, str]:
    last_month = add_months(end, -1)
    return (
        f"{calendar.month_name[start.month]} {start.year}",
        f"{calendar.month_name[last_month.month]} {last_month.year}",
    )
