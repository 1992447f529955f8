"""Lookups over a whole plan, made once per plan and shared by the `Site` of every page."""

from __future__ import annotations

from typing import Any

from planpress.core.model import LIST_ACTIONS_UP_TO, Action, Group, Plan
from planpress.render.abbreviations import Abbreviations


def groups_with_pages(plan: Plan) -> list[Group]:
    """Groups that own at least one action, in the order of groups.yml."""
    owning = {action.group for action in plan.actions}
    return [group for group in plan.groups if group.id in owning]


class PlanIndex:
    """Lookups over a whole plan, built once and shared by the Site of every page."""

    _last: tuple[Plan, PlanIndex] | None = None

    def __init__(self, plan: Plan):
        self.organisations = {o.id: o for o in plan.organisations}
        self.groups = {g.id: g for g in plan.groups}
        self.actions = {a.id: a for a in plan.actions}
        self.meetings = {m.id: m for m in plan.meetings}
        self.strands = {s.id: s for s in plan.plan.strands}
        self.themes = {t.id: t for t in plan.plan.themes}
        self.documents = {d.id: d for d in plan.plan.documents or []}
        self.milestones = {m.id: m for m in plan.milestones}
        self.procurements = {p.id: p for p in plan.procurements}
        self.group_pages = {g.id for g in groups_with_pages(plan)}
        self.actions_by_group: dict[str, list[Action]] = {}
        self.dependents: dict[str, list[Action]] = {}
        for action in plan.actions:
            self.actions_by_group.setdefault(action.group, []).append(action)
            for other in dict.fromkeys(action.depends_on or []):
                self.dependents.setdefault(other, []).append(action)
        self.abbreviations = Abbreviations(plan.glossary)
        limit = plan.plan.list_actions_up_to or LIST_ACTIONS_UP_TO
        self.list_limit = limit
        self.lists_every_action = len(plan.actions) <= limit

    def records(self, collection: str) -> dict[str, Any]:
        """The records of one collection (`organisations`, `actions`, ...) by id."""
        found: dict[str, Any] = getattr(self, collection)
        return found

    @classmethod
    def of(cls, plan: Plan) -> PlanIndex:
        """The index of `plan`, reused while the same plan object is rendered."""
        last = cls._last
        if last is not None and last[0] is plan:
            return last[1]
        index = cls(plan)
        cls._last = (plan, index)
        return index
