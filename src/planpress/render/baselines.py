"""Baselines in words: on the action's card, in the tables' "Since baseline" column, and in the
Progress page's and board report's slippage tables (`versions.history_fold` computes them).

"Due March 2023 at approval (Approved plan, 17 September 2020); now September 2023; moved
twice (June 2021, October 2021)."
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from planpress.core.model import Action, PlanDate
from planpress.versions.history import BASELINED, BaselineView, HistoryEntry, Move

FIELD_WORDS = {"start": "Starts", "due": "Due", "budget.amount": "Budget"}
TIMES = {1: "once", 2: "twice"}
REBASELINED = "Re-baselined"
AS_BASELINED = "As baselined"
NOT_BASELINED = "Not yet baselined"
SORT_OFFSET = 1_000_000


def times(count: int) -> str:
    return TIMES.get(count, f"{count} times")


def when(entry: HistoryEntry) -> str:
    """When a change was carried: the month of the meeting that published its version."""
    day = entry.step.meeting_date
    if not day:
        return "in this preview"
    try:
        parsed = PlanDate.parse(day)
    except ValueError:
        return day
    return f"{parsed.first_day:%B} {parsed.year}"


def _date_words(value: Any) -> str:
    if not isinstance(value, str):
        return "not set"
    try:
        return PlanDate.parse(value).human()
    except ValueError:
        return value


def baseline_lines(view: BaselineView, money: Callable[[int | None], str]) -> list[str]:
    """The version that set the baseline, then a sentence per baselined field that is set or
    has moved, in plain text."""
    step = view.baseline.step
    lines = [f"Approved in {step.title} ({when_day(step.meeting_date)})."]
    for name in BASELINED:
        moves = view.moves_of(name)
        then, now = view.baseline.value(name), _current(view, name)
        if then is None and now is None and not moves:
            continue

        def shown(value: str | int | None, name: str = name) -> str:
            if name == "budget.amount":
                return money(value) if isinstance(value, int) else "not set"
            return _date_words(value)

        words = f"{FIELD_WORDS[name]} {shown(then)} at approval"
        if moves:
            now_words = shown(now)
            verb = "changed" if name == "budget.amount" else "moved"
            months = ", ".join(when(m.entry) for m in moves)
            words += f"; now {now_words}; {verb} {times(len(moves))} ({months})"
        else:
            words += "; unchanged"
        lines.append(words + ".")
    return lines


def when_day(day: str | None) -> str:
    if not day:
        return "not yet published"
    try:
        return PlanDate.parse(day).human()
    except ValueError:
        return day


def _current(view: BaselineView, name: str) -> str | int | None:
    return {"start": view.start, "due": view.due, "budget.amount": view.amount}[name]


@dataclass(frozen=True)
class SinceBaseline:
    """An action's "Since baseline" cell: its words, its sort key and its filter value."""

    words: str
    sort: int  # the cell's data-sort: not yet baselined, as baselined, then by days moved
    state: str  # "rebaselined", "kept" or "none"

    @property
    def label(self) -> str:
        return {"rebaselined": REBASELINED, "kept": AS_BASELINED}.get(self.state, NOT_BASELINED)


def since_baseline(view: BaselineView | None) -> SinceBaseline:
    """ "Moved twice, 183 days later", "As baselined" or "Not yet baselined"."""
    if view is None:
        return SinceBaseline(NOT_BASELINED, 0, "none")
    if not view.rebaselined:
        return SinceBaseline(AS_BASELINED, 1, "kept")
    count = len(view.moves)
    words = f"{'Changed' if not _dates_moved(view.moves) else 'Moved'} {times(count)}"
    days = view.slip_days
    if days:
        words += f", due {slip_words(days)}"
    # Sorted after the others, by how far the due date moved (tables.js compares as text with
    # numbers in it, so the key stays positive).
    return SinceBaseline(words, SORT_OFFSET + (days or 0), "rebaselined")


def _dates_moved(moves: Sequence[Move]) -> bool:
    return any(m.change.field in ("start", "due") for m in moves)


def slip_words(days: int) -> str:
    """`183 days later`, `1 day earlier`."""
    amount = abs(days)
    return f"{amount:,} day{'' if amount == 1 else 's'} {'later' if days > 0 else 'earlier'}"


@dataclass(frozen=True)
class Slipped:
    """A row of a slippage table: an action whose due date has moved since its baseline."""

    action: Action
    view: BaselineView
    days: int

    @property
    def due_then(self) -> str:
        return _date_words(self.view.baseline.due)

    @property
    def due_now(self) -> str:
        return _date_words(self.view.due)

    @property
    def moved(self) -> str:
        """`twice (June 2021, October 2021)`: how often the due date moved, and when."""
        moves = self.view.moves_of("due")
        return f"{times(len(moves))} ({', '.join(when(m.entry) for m in moves)})"

    @property
    def slip(self) -> str:
        return slip_words(self.days) if self.days else "none (moved back)"


def slipped(
    actions: Sequence[Action], view_of: Callable[[Action], BaselineView | None]
) -> list[Slipped]:
    """The actions whose due date has moved since their baseline, furthest slipped first."""
    found = []
    for action in actions:
        view = view_of(action)
        if view is None or not view.moves_of("due"):
            continue
        found.append(Slipped(action, view, view.slip_days or 0))
    return sorted(found, key=lambda s: (-s.days, s.action.id))
