"""What changed between two versions of a plan: the core of every "Changes since" page.

`compare(before, after)` returns a `ChangeSet` of plain values, which the site renders and
`ChangeSet.to_json()` publishes for reuse. Action ids are stable across versions, so an action
is the same action whatever else about it changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from planpress.core.model import Action, Plan, PlanDate

# Fields of an action compared between versions, in the order changes are listed.
SIMPLE_FIELDS = ("title", "status", "rag", "owner", "group", "theme", "strand")
DATE_FIELDS = ("start", "due")


@dataclass(frozen=True)
class FieldChange:
    """One field of one record that differs: its values before and after.

    `days` is how far a date moved (positive: later), where both dates are set. Dates are
    compared by the earliest day a start can mean and the latest day a due date can mean, so
    moving a due date from `2020-12` to `2021-03` is 90 days later.
    """

    field: str
    before: Any
    after: Any
    days: int | None = None


@dataclass(frozen=True)
class ActionChange:
    """An action added, removed or changed, with its fields that changed."""

    id: str
    title: str
    group: str
    kind: str  # "added", "removed" or "changed"
    changes: tuple[FieldChange, ...] = ()

    def change(self, name: str) -> FieldChange | None:
        return next((c for c in self.changes if c.field == name), None)


@dataclass(frozen=True)
class AskChange:
    """A prospectus ask added, removed or changed (amount or pitch)."""

    action_id: str
    title: str
    kind: str  # "added", "removed" or "changed"
    before: int | None
    after: int | None
    pitch_changed: bool = False


@dataclass(frozen=True)
class RecommendationChange:
    """A recommendation new in this version, gone from it, or with a new outcome."""

    meeting_id: str
    meeting_title: str
    meeting_date: str
    id: str
    text: str
    kind: str  # "added", "removed" or "changed"
    before: str | None
    after: str | None

    @classmethod
    def of(
        cls, meeting: Any, rec: Any, kind: str, before: str | None, after: str | None
    ) -> RecommendationChange:
        """The change of recommendation `rec` of `meeting`."""
        return cls(
            meeting.id, meeting.title, str(meeting.date), rec.id, rec.text, kind, before, after
        )


@dataclass
class ChangeSet:
    """Every difference between two versions that a reader of the plan cares about."""

    added: list[ActionChange] = field(default_factory=list)
    removed: list[ActionChange] = field(default_factory=list)
    changed: list[ActionChange] = field(default_factory=list)
    asks: list[AskChange] = field(default_factory=list)
    recommendations: list[RecommendationChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.asks or self.recommendations)

    def with_field(self, name: str) -> list[tuple[ActionChange, FieldChange]]:
        """The changed actions whose `name` field changed, with that change."""
        found = []
        for action in self.changed:
            change = action.change(name)
            if change is not None:
                found.append((action, change))
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [_brief(a) for a in self.added],
            "removed": [_brief(a) for a in self.removed],
            "changed": [
                {**_brief(a), "changes": [asdict(c) for c in a.changes]} for a in self.changed
            ],
            "prospectus_asks": [asdict(a) for a in self.asks],
            "recommendations": [asdict(r) for r in self.recommendations],
        }


COUNTED = ("added", "removed", "changed", "asks", "recommendations")


def counts(changes: ChangeSet) -> dict[str, int]:
    """How many changes of each kind: what a feed entry and a record's `since` say."""
    return {name: len(getattr(changes, name)) for name in COUNTED}


def since_json(previous_version: str, changes: ChangeSet) -> dict[str, Any]:
    """A record's `since`: the version before it and what changed, counted."""
    return {"version": previous_version, "counts": counts(changes)}


def counts_since(since: Any, previous_version: str) -> dict[str, int] | None:
    """The counts in a record's `since`, if it names `previous_version` (None: compare)."""
    if not isinstance(since, dict) or since.get("version") != previous_version:
        return None
    found = since.get("counts")
    if not isinstance(found, dict):
        return None
    values = {name: found.get(name) for name in COUNTED}
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values.values()):
        return None
    return {name: int(v) for name, v in values.items() if v is not None}


def _brief(action: ActionChange) -> dict[str, str]:
    return {"id": action.id, "title": action.title, "group": action.group}


def _date_days(name: str, before: PlanDate | None, after: PlanDate | None) -> int | None:
    if before is None or after is None:
        return None
    if name == "start":
        return (after.first_day - before.first_day).days
    return (after.last_day - before.last_day).days


def compare_actions(before: Action, after: Action) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of one action."""
    changes: list[FieldChange] = []
    for name in SIMPLE_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append(FieldChange(name, old, new))
    for name in DATE_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append(
                FieldChange(
                    name,
                    str(old) if old else None,
                    str(new) if new else None,
                    _date_days(name, old, new),
                )
            )
    old_budget, new_budget = before.budget, after.budget
    for name in ("amount", "funded", "source"):
        old = getattr(old_budget, name) if old_budget else None
        new = getattr(new_budget, name) if new_budget else None
        if old != new:
            changes.append(FieldChange(f"budget.{name}", old, new))
    old_ask = before.prospectus.ask if before.prospectus else None
    new_ask = after.prospectus.ask if after.prospectus else None
    if old_ask != new_ask:
        changes.append(FieldChange("prospectus.ask", old_ask, new_ask))
    old_pitch = before.prospectus.pitch if before.prospectus else None
    new_pitch = after.prospectus.pitch if after.prospectus else None
    if old_pitch != new_pitch and before.prospectus and after.prospectus:
        changes.append(FieldChange("prospectus.pitch", old_pitch, new_pitch))
    if sorted(before.partners or []) != sorted(after.partners or []):
        changes.append(FieldChange("partners", before.partners or [], after.partners or []))
    if sorted(before.depends_on or []) != sorted(after.depends_on or []):
        changes.append(FieldChange("depends_on", before.depends_on or [], after.depends_on or []))
    return tuple(changes)


def compare(before: Plan, after: Plan) -> ChangeSet:
    """Everything that changed from `before` to `after`."""
    result = ChangeSet()
    old_actions = {a.id: a for a in before.actions}
    new_actions = {a.id: a for a in after.actions}
    for action in after.actions:
        old = old_actions.get(action.id)
        if old is None:
            result.added.append(ActionChange(action.id, action.title, action.group, "added"))
            if action.prospectus:
                result.asks.append(
                    AskChange(action.id, action.title, "added", None, action.prospectus.ask)
                )
            continue
        changes = compare_actions(old, action)
        if changes:
            result.changed.append(
                ActionChange(action.id, action.title, action.group, "changed", changes)
            )
        ask = _ask_change(old, action)
        if ask is not None:
            result.asks.append(ask)
    for action in before.actions:
        if action.id not in new_actions:
            result.removed.append(ActionChange(action.id, action.title, action.group, "removed"))
            if action.prospectus:
                result.asks.append(
                    AskChange(action.id, action.title, "removed", action.prospectus.ask, None)
                )
    result.recommendations = compare_recommendations(before, after)
    return result


def _ask_change(old: Action, new: Action) -> AskChange | None:
    if old.prospectus is None:
        if new.prospectus is None:
            return None
        return AskChange(new.id, new.title, "added", None, new.prospectus.ask)
    if new.prospectus is None:
        return AskChange(new.id, new.title, "removed", old.prospectus.ask, None)
    pitch_changed = old.prospectus.pitch != new.prospectus.pitch
    if old.prospectus.ask != new.prospectus.ask or pitch_changed:
        return AskChange(
            new.id, new.title, "changed", old.prospectus.ask, new.prospectus.ask, pitch_changed
        )
    return None


def compare_recommendations(before: Plan, after: Plan) -> list[RecommendationChange]:
    """Recommendations added, removed, or whose outcome changed, meeting by meeting."""

    def index(plan: Plan) -> dict[tuple[str, str], tuple[Any, Any]]:
        return {
            (meeting.id, rec.id): (meeting, rec)
            for meeting in plan.meetings
            for rec in meeting.recommendations or []
        }

    old, new = index(before), index(after)
    found: list[RecommendationChange] = []
    for key, (meeting, rec) in new.items():
        previous = old.get(key)
        if previous is None:
            kind, before_outcome = "added", None
        elif previous[1].outcome != rec.outcome:
            kind, before_outcome = "changed", previous[1].outcome
        else:
            continue
        found.append(RecommendationChange.of(meeting, rec, kind, before_outcome, rec.outcome))
    for key, (meeting, rec) in old.items():
        if key not in new:
            found.append(RecommendationChange.of(meeting, rec, "removed", rec.outcome, None))
    return sorted(found, key=lambda r: (r.meeting_date, r.meeting_id, r.id))
