"""The decisions an action names (`decisions:`): each must be a meeting of meetings.yml and, where
it names one, a recommendation of that meeting; none named twice.

A decision is how a reader finds out who agreed a change: the action's history shows it beside
the version that carried the change, linked to the meeting on the governance page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from planpress.core.characters import shown
from planpress.core.problems import Problem
from planpress.core.wording import suggest


class LocatedRecord(Protocol):
    """A record with where it was read from (`collected.Entry`)."""

    record: Any

    def problem(self, sub: tuple[Any, ...], message: str) -> Problem: ...


def check_decisions(
    actions: Iterable[LocatedRecord],
    meetings: Iterable[LocatedRecord],
    *,
    meetings_failed: bool = False,
    broken: Iterable[str] = (),
) -> Iterator[Problem]:
    """Every decision named by an action that names no meeting or recommendation of the plan.

    `meetings_failed`: meetings.yml could not be read, so its ids are unknown and only repeats
    are reported. `broken`: ids of meetings that failed their own checks (reported there), whose
    recommendations are not known either.
    """
    unsure = set(broken)
    recommendations = {
        entry.record.id: [rec.id for rec in entry.record.recommendations or []]
        for entry in meetings
    }
    for entry in actions:
        seen: set[tuple[str, str | None]] = set()
        for index, decision in enumerate(entry.record.decisions or []):
            key = (decision.meeting, decision.recommendation)
            if key in seen:
                yield entry.problem(
                    ("decisions", index),
                    f"decision {_named(decision)} is named twice (name each decision once)",
                )
                continue
            seen.add(key)
            if meetings_failed or decision.meeting in unsure:
                continue
            problem = _problem(decision, recommendations)
            if problem is not None:
                yield entry.problem(("decisions", index, *problem[0]), problem[1])


def _named(decision: Any) -> str:
    if decision.recommendation is None:
        return f"'{shown(decision.meeting)}'"
    return f"'{shown(decision.meeting)}' recommendation '{shown(decision.recommendation)}'"


def _problem(
    decision: Any, recommendations: dict[str, list[str]]
) -> tuple[tuple[str, ...], str] | None:
    known = recommendations.get(decision.meeting)
    if known is None:
        guess = suggest(decision.meeting, sorted(recommendations))
        hint = f"did you mean '{guess}'?" if guess else "meetings are listed in meetings.yml"
        return (
            ("meeting",),
            f"decision meeting '{shown(decision.meeting)}' is not a meeting in meetings.yml "
            f"({hint})",
        )
    if decision.recommendation is None or decision.recommendation in known:
        return None
    if not known:
        listed = "it has none; leave out `recommendation` to name the meeting's decision alone"
    else:
        guess = suggest(decision.recommendation, known)
        listed = (
            f"did you mean '{guess}'? " if guess else ""
        ) + f"its recommendations: {', '.join(known)}"
    return (
        ("recommendation",),
        f"decision recommendation '{shown(decision.recommendation)}' is not a recommendation "
        f"of meeting '{shown(decision.meeting)}' ({listed})",
    )
