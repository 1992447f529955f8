"""Where the plan stands as at a date: each action's delivery flags, roll-ups of status, RAG
and progress, the overall RAG rating with its reasons, and each indicator's position.

Every function takes the date it works as at (`as_at`); nothing here reads the clock. A
version is as at its meeting's date; a preview as at the date its build was given.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from planpress.core.model import Action, Indicator, Plan, PlanDate

DONE = ("complete", "cancelled")
NOT_STARTED = ("proposed", "planned")
SOON_MONTHS = 3

FLAGS: dict[str, str] = {
    "overdue": "Overdue",
    "start-missed": "Start missed",
    "due-soon": f"Due within {SOON_MONTHS} months",
    "rag-missing": "No RAG rating",
}
"""Each delivery flag and its label, in the order they are shown."""

FLAG_MEANINGS: dict[str, str] = {
    "overdue": "its due date has passed and it is not complete or cancelled",
    "start-missed": "its start date has passed and it is still proposed or planned",
    "due-soon": f"it is due within the next {SOON_MONTHS} months and not complete or cancelled",
    "rag-missing": "it is in progress and has no RAG rating",
}

STATUSES = ("proposed", "planned", "in-progress", "complete", "paused", "cancelled")
RAGS = ("red", "amber", "green")


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where the month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def action_flags(action: Action, as_at: date) -> tuple[str, ...]:
    """The delivery flags of an action as at a date, in the order of `FLAGS`.

    A month-only date has passed once its whole month has: an action due `2020-09` is not
    overdue on 17 September 2020.
    """
    flags = []
    done = action.status in DONE
    if not done and action.due is not None and action.due.last_day < as_at:
        flags.append("overdue")
    if action.status in NOT_STARTED and action.start is not None and action.start.last_day < as_at:
        flags.append("start-missed")
    if (
        not done
        and action.due is not None
        and as_at <= action.due.last_day <= add_months(as_at, SOON_MONTHS)
    ):
        flags.append("due-soon")
    if action.status == "in-progress" and action.rag is None:
        flags.append("rag-missing")
    return tuple(flags)


def progress_of(action: Action) -> int | None:
    """Its progress: as given, 100 for a complete action that gives none; None otherwise
    (cancelled actions count for nothing)."""
    if action.status == "cancelled":
        return None
    if action.progress is not None:
        return action.progress
    return 100 if action.status == "complete" else None


@dataclass
class Rollup:
    """Actions counted together (a theme, a strand, a group, an owner, or the whole plan)."""

    key: str
    actions: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    rags: Counter[str] = field(default_factory=Counter)  # "none" for actions without a RAG
    flags: Counter[str] = field(default_factory=Counter)
    budget: int = 0
    funded: int = 0
    progress: float | None = None  # 0 to 100
    progress_basis: str | None = None  # "budget" or "count": how progress was weighted
    progress_actions: int = 0  # actions whose progress counts

    @property
    def active(self) -> int:
        """Actions not complete or cancelled."""
        return self.actions - self.statuses["complete"] - self.statuses["cancelled"]


def rollup(key: str, actions: Iterable[Action], as_at: date) -> Rollup:
    """Counts, money and progress of some actions as at a date.

    Progress is weighted by budget where every action with a progress has a budget, and by
    count otherwise.
    """
    result = Rollup(key)
    weighed: list[tuple[int, int | None]] = []
    for action in actions:
        result.actions += 1
        result.statuses[action.status] += 1
        result.rags[action.rag or "none"] += 1
        result.flags.update(action_flags(action, as_at))
        if action.budget is not None:
            result.budget += action.budget.amount or 0
            result.funded += action.budget.funded or 0
        progress = progress_of(action)
        if progress is not None:
            amount = action.budget.amount if action.budget is not None else None
            weighed.append((progress, amount or None))
    if weighed:
        result.progress_actions = len(weighed)
        if all(amount for _, amount in weighed):
            total = sum(amount or 0 for _, amount in weighed)
            result.progress = sum(p * (a or 0) for p, a in weighed) / total
            result.progress_basis = "budget"
        else:
            result.progress = sum(p for p, _ in weighed) / len(weighed)
            result.progress_basis = "count"
    return result


def rollups_by(
    plan: Plan, key: Callable[[Action], str | None], keys: Iterable[str], as_at: date
) -> list[Rollup]:
    """One roll-up per key, in the order of `keys` (keys with no actions left out)."""
    grouped: dict[str, list[Action]] = {}
    for action in plan.actions:
        value = key(action)
        if value is not None:
            grouped.setdefault(value, []).append(action)
    return [rollup(k, grouped[k], as_at) for k in keys if k in grouped]


@dataclass(frozen=True)
class Overall:
    """The plan's overall RAG rating as at a date, and the reasons for it."""

    rag: str
    reasons: tuple[str, ...]


OVERALL_RULE = (
    "Red when a quarter or more of the actions still under way are rated red; amber when any "
    "action is rated red or amber or is overdue; green otherwise."
)


def overall(totals: Rollup) -> Overall:
    """The overall rating of a plan's roll-up, by `OVERALL_RULE`."""
    red, amber, overdue = totals.rags["red"], totals.rags["amber"], totals.flags["overdue"]
    active = totals.active
    reasons = []
    if red:
        reasons.append(f"{red} action{'s' if red != 1 else ''} rated red")
    if amber:
        reasons.append(f"{amber} action{'s' if amber != 1 else ''} rated amber")
    if overdue:
        reasons.append(f"{overdue} action{'s' if overdue != 1 else ''} overdue")
    if active and red * 4 >= active:
        rag = "red"
    elif red or amber or overdue:
        rag = "amber"
    else:
        rag = "green"
        reasons.append("no action is rated red or amber, and none is overdue")
    return Overall(rag, tuple(reasons))


# ---------------------------------------------------------------- indicators


@dataclass(frozen=True)
class Position:
    """An indicator as at a date: its latest value and how far it has come towards target."""

    value: float | int
    date: PlanDate
    source: str | None
    towards_target: float | None  # percent of the way from baseline to target
    expected: float | None  # where a straight line from baseline to target is at the date
    on_track: bool | None  # at or beyond the straight line (in the indicator's direction)


def _day_number(value: PlanDate) -> int:
    return value.first_day.toordinal()


def indicator_values(indicator: Indicator, as_at: date) -> list[tuple[PlanDate, float | int]]:
    """The baseline and every value measured by the date, in date order."""
    points = [(indicator.baseline.date, indicator.baseline.value)]
    for point in indicator.values or []:
        if point.date.first_day <= as_at:
            points.append((point.date, point.value))
    return sorted(points, key=lambda p: p[0].first_day)


def position(indicator: Indicator, as_at: date) -> Position:
    """Where the indicator stands as at a date (values dated later are not yet known)."""
    latest_date, latest = indicator_values(indicator, as_at)[-1]
    source = indicator.baseline.source
    for point in indicator.values or []:
        if point.date == latest_date:
            source = point.source
    target = indicator.target
    towards = expected = None
    on_track = None
    if target is not None and target.value != indicator.baseline.value:
        base = indicator.baseline.value
        towards = (latest - base) / (target.value - base) * 100
        start, end = _day_number(indicator.baseline.date), _day_number(target.date)
        at = _day_number(latest_date)
        share = 1.0 if end <= start else min(max((at - start) / (end - start), 0.0), 1.0)
        expected = base + (target.value - base) * share
        better = latest >= expected if indicator.direction == "up" else latest <= expected
        on_track = better
    return Position(latest, latest_date, source, towards, expected, on_track)
