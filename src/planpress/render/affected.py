"""Which pages an edit of the data affects: what lets a preview re-render only those.

A sub-group's page shows its group, its actions (each with where it is written), the titles
of the actions they depend on and of those that depend on them, and the rest of the plan
only through records other than actions. So when only actions change, the sub-group pages
to render again are those of:

- every action added, removed, edited or moved (its group before and after);
- every action that depends, before or after, on one of those (its "Depends on" list);
- every action that one of those depends on, before or after (its "Needed by" list).

Any other change (plan.yml, organisations, groups, meetings, milestones, procurements,
indicators, the glossary, or where any such record is written), or a sub-group gaining its
first action or losing its last (the navigation changes), affects every page. The other
pages (overviews, timeline, progress, prospectus and the rest) show the plan as a whole and
are always rendered again; a preview keeps those whose HTML comes out the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planpress.core.model import Action, Plan
from planpress.render.index import groups_with_pages

_WHOLE_PLAN_FIELDS = tuple(name for name in Plan.model_fields if name != "actions")


@dataclass(frozen=True)
class Affected:
    """What an edit affects: every page, or the sub-group pages of `groups` (and the pages
    that show the plan as a whole), or nothing at all."""

    everything: bool = False
    groups: frozenset[str] = field(default_factory=frozenset)
    actions: frozenset[str] = field(default_factory=frozenset)
    reason: str = ""

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.actions


def affected_by(
    old: Plan,
    old_locations: Mapping[tuple[str, str], Any],
    new: Plan,
    new_locations: Mapping[tuple[str, str], Any],
) -> Affected:
    """What changed from `old` to `new` (each with its record locations) affects."""
    for name in _WHOLE_PLAN_FIELDS:
        if getattr(old, name) != getattr(new, name):
            return Affected(everything=True, reason=f"{name} changed")
    if _other_locations(old_locations) != _other_locations(new_locations):
        return Affected(everything=True, reason="a record other than an action moved")
    if [g.id for g in groups_with_pages(old)] != [g.id for g in groups_with_pages(new)]:
        return Affected(everything=True, reason="the sub-groups with pages changed")
    before = {a.id: a for a in old.actions}
    after = {a.id: a for a in new.actions}
    changed = {
        action_id
        for action_id in before.keys() | after.keys()
        if before.get(action_id) != after.get(action_id)
        or old_locations.get(("action", action_id)) != new_locations.get(("action", action_id))
    }
    if not changed and [a.id for a in old.actions] == [a.id for a in new.actions]:
        return Affected()
    if not changed:  # the same actions in another order: the tables of every page
        return Affected(everything=True, reason="the actions' order changed")
    groups: set[str] = set()
    for actions in (before, after):
        for action in actions.values():
            if action.id in changed or changed.intersection(action.depends_on or ()):
                groups.add(action.group)
        for action_id in changed:
            edited = actions.get(action_id)
            if edited is not None:
                groups.update(_group_of(actions, d) for d in edited.depends_on or ())
    groups.discard("")
    return Affected(groups=frozenset(groups), actions=frozenset(changed))


def _group_of(actions: Mapping[str, Action], action_id: str) -> str:
    action = actions.get(action_id)
    return action.group if action is not None else ""


def _other_locations(locations: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
    return {key: value for key, value in locations.items() if key[0] != "action"}
