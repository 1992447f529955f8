"""The investment prospectus as data: the asks grouped by theme and strand, with totals.

Both the site's prospectus section and the PDF read the plan through these functions, so the
figures in one are the figures in the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planpress.core.model import Action, Meeting, Milestone, Plan, ProspectusInfo, Strand, Theme


@dataclass
class StrandAsks:
    strand: Strand
    actions: list[Action]

    @property
    def total(self) -> int:
        return sum(a.prospectus.ask for a in self.actions if a.prospectus)


@dataclass
class ThemeAsks:
    theme: Theme
    strands: list[StrandAsks] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        return [a for s in self.strands for a in s.actions]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.strands)

    @property
    def funded(self) -> int:
        return sum(secured(a) for a in self.actions)


def secured(action: Action) -> int:
    """Funding already secured for the action (0 when none is recorded)."""
    return (action.budget.funded or 0) if action.budget else 0


def asks(plan: Plan) -> list[Action]:
    """Actions that are investment asks, in the order of the data."""
    return [a for a in plan.actions if a.prospectus is not None]


def asks_by_theme(plan: Plan) -> list[ThemeAsks]:
    """Asks grouped by theme (in plan.yml's order), then by strand; empty groups left out."""
    found = asks(plan)
    result = []
    for theme in plan.plan.themes:
        group = ThemeAsks(theme)
        for strand in plan.plan.strands:
            actions = [a for a in found if a.theme == theme.id and a.strand == strand.id]
            if actions:
                group.strands.append(StrandAsks(strand, actions))
        if group.strands:
            result.append(group)
    return result


def total_ask(plan: Plan) -> int:
    return sum(a.prospectus.ask for a in asks(plan) if a.prospectus)


def total_secured(plan: Plan) -> int:
    return sum(secured(a) for a in asks(plan))


def info(plan: Plan) -> ProspectusInfo:
    """The prospectus block of plan.yml, or the defaults when there is none."""
    return plan.plan.prospectus or ProspectusInfo()


def fiscal_event(plan: Plan) -> Milestone | None:
    event_id = info(plan).fiscal_event
    return next((m for m in plan.milestones if m.id == event_id), None)


def board_meetings(plan: Plan) -> list[Meeting]:
    """Meetings of boards (or all meetings, if no group is a board), by date."""
    boards = {g.id for g in plan.groups if g.kind == "board"}
    meetings = [m for m in plan.meetings if m.body in boards] or list(plan.meetings)
    return sorted(meetings, key=lambda m: m.date.first_day)


def prospectus_context(plan: Plan) -> dict[str, Any]:
    """What the site's prospectus section and the PDF both show: the prospectus block of
    plan.yml, the asks by theme and their totals, the fiscal event, the board's meetings and
    the procurements."""
    return {
        "info": info(plan),
        "themes": asks_by_theme(plan),
        "total": total_ask(plan),
        "secured": total_secured(plan),
        "count": len(asks(plan)),
        "event": fiscal_event(plan),
        "meetings": board_meetings(plan),
        "procurements": plan.procurements,
        "secured_of": secured,
    }
