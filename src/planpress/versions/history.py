"""Each action's history across published versions, and its baseline.

An action's history is one entry per version that added, changed or removed it, each with the
meeting that published that version and the decisions the action newly named in it. Its
baseline is its dates and budget in the first approved (or final) version that held it; every
later change of those is a move from the baseline ("due March 2023 at approval; now September
2023; moved twice").

Both are computed from published records only, never from the working data, and each record
carries them as at its version (`History.to_json`, the record's `history`), so that the next
version needs only the record before it: publishing does not slow as versions accumulate.
Records written before records carried their history are folded in once, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planpress.core.model import Action, Meeting, Plan, PlanDate
from planpress.core.stages import Stage
from planpress.versions.changes import ActionChange, FieldChange, compare
from planpress.versions.published import PublishedVersion, previous_version

HISTORY_FORMAT = 1
BASELINED = ("start", "due", "budget.amount")
"""The fields a baseline holds: a change of one after the baseline is a move."""

Decision = tuple[str, str | None]  # (meeting id, recommendation id or None)


@dataclass(frozen=True)
class Step:
    """A version as a step of the history: its name and title, and the meeting that published
    it (None for a preview of unpublished work)."""

    version: str | None
    title: str
    stage: str | None = None
    meeting_id: str | None = None
    meeting_date: str | None = None
    meeting_title: str | None = None

    @property
    def approved(self) -> bool:
        stage = Stage.of(self.stage)
        return bool(stage and stage.is_approved)


@dataclass(frozen=True)
class HistoryEntry:
    """What happened to one action in one version: added, changed (how) or removed, the
    meeting that published the version, and the decisions the action named for the first time
    in it."""

    step: Step
    change: ActionChange
    decisions: tuple[Decision, ...] = ()

    @property
    def version(self) -> str | None:
        return self.step.version

    @property
    def version_title(self) -> str:
        return self.step.title


@dataclass(frozen=True)
class Baseline:
    """An action's dates and budget in the first approved version that held it."""

    step: Step
    start: str | None
    due: str | None
    amount: int | None

    def value(self, name: str) -> str | int | None:
        return {"start": self.start, "due": self.due, "budget.amount": self.amount}[name]


@dataclass(frozen=True)
class Move:
    """A change of a baselined field after the baseline, and the version that carried it."""

    entry: HistoryEntry
    change: FieldChange


@dataclass(frozen=True)
class BaselineView:
    """An action's baseline, its current values, and every move in between."""

    baseline: Baseline
    moves: tuple[Move, ...]
    start: str | None
    due: str | None
    amount: int | None

    @property
    def rebaselined(self) -> bool:
        return bool(self.moves)

    def moves_of(self, name: str) -> list[Move]:
        return [m for m in self.moves if m.change.field == name]

    @property
    def slip_days(self) -> int | None:
        """How far the due date has moved since the baseline (positive: later)."""
        if self.baseline.due is None or self.due is None:
            return None
        return (PlanDate.parse(self.due).last_day - PlanDate.parse(self.baseline.due).last_day).days


@dataclass
class History:
    """Every action's entries and baseline, as at one version (or preview)."""

    entries: dict[str, list[HistoryEntry]] = field(default_factory=dict)
    baselines: dict[str, Baseline] = field(default_factory=dict)

    def baseline_view(self, action: Action) -> BaselineView | None:
        """The action's baseline and its moves since (None: no approved version held it)."""
        baseline = self.baselines.get(action.id)
        if baseline is None:
            return None
        entries = self.entries.get(action.id, [])
        after = _after_baseline(entries, baseline)
        moves = tuple(
            Move(entry, change)
            for entry in after
            if entry.change.kind == "changed"
            for change in entry.change.changes
            if change.field in BASELINED
        )
        return BaselineView(
            baseline,
            moves,
            str(action.start) if action.start else None,
            str(action.due) if action.due else None,
            action.budget.amount if action.budget else None,
        )

    # ------------------------------------------------------------ the record's form

    def to_json(self) -> dict[str, Any]:
        steps: dict[Step, int] = {}
        actions: dict[str, Any] = {}
        for action_id in sorted(set(self.entries) | set(self.baselines)):
            item: dict[str, Any] = {
                "entries": [_entry_json(e, steps) for e in self.entries.get(action_id, [])]
            }
            baseline = self.baselines.get(action_id)
            if baseline is not None:
                item["baseline"] = {
                    "step": _step_index(baseline.step, steps),
                    "start": baseline.start,
                    "due": baseline.due,
                    "amount": baseline.amount,
                }
            actions[action_id] = item
        return {
            "format": HISTORY_FORMAT,
            "versions": [_step_json(s) for s in steps],
            "actions": actions,
        }

    @classmethod
    def from_json(cls, data: Any) -> History | None:
        """A record's `history` read back; None if it holds none this release can read."""
        if not isinstance(data, Mapping) or data.get("format") != HISTORY_FORMAT:
            return None
        try:
            steps = [_step_of(s) for s in data["versions"]]
            history = cls()
            for action_id, item in data["actions"].items():
                history.entries[str(action_id)] = [
                    _entry_of(e, steps, str(action_id)) for e in item["entries"]
                ]
                baseline = item.get("baseline")
                if baseline is not None:
                    history.baselines[str(action_id)] = Baseline(
                        steps[baseline["step"]],
                        _text_or_none(baseline.get("start")),
                        _text_or_none(baseline.get("due")),
                        _int_or_none(baseline.get("amount")),
                    )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        return history


def _after_baseline(entries: list[HistoryEntry], baseline: Baseline) -> list[HistoryEntry]:
    for index, entry in enumerate(entries):
        if entry.step == baseline.step:
            return entries[index + 1 :]
    return []


def advance(history: History, before: Plan | None, step: Step, plan: Plan) -> History:
    """The history as at `step`, the version of `plan`, from the history as at the version
    before it (`before`'s plan; None: the first). The given history is not changed."""
    entries = dict(history.entries)
    baselines = dict(history.baselines)
    old_actions = {a.id: a for a in before.actions} if before is not None else {}
    if before is None:
        changes: Iterable[ActionChange] = (
            ActionChange(a.id, a.title, a.group, "added") for a in plan.actions
        )
    else:
        found = compare(before, plan)
        changes = [*found.added, *found.changed, *found.removed]
    changed: set[str] = set()
    new_actions = {a.id: a for a in plan.actions}
    for change in changes:
        action = new_actions.get(change.id)
        named = _new_decisions(old_actions.get(change.id), action) if action else ()
        entries[change.id] = [*entries.get(change.id, []), HistoryEntry(step, change, named)]
        changed.add(change.id)
    for action in plan.actions:
        if action.id in changed:
            continue
        named = _new_decisions(old_actions.get(action.id), action)
        if named:  # a decision named with no other change: the entry records the decision
            change = ActionChange(action.id, action.title, action.group, "changed")
            entries[action.id] = [*entries.get(action.id, []), HistoryEntry(step, change, named)]
    if step.approved:
        for action in plan.actions:
            if action.id not in baselines:
                baselines[action.id] = Baseline(
                    step,
                    str(action.start) if action.start else None,
                    str(action.due) if action.due else None,
                    action.budget.amount if action.budget else None,
                )
    return History(entries, baselines)


def _new_decisions(old: Action | None, new: Action) -> tuple[Decision, ...]:
    had = {(d.meeting, d.recommendation) for d in (old.decisions or [])} if old else set()
    return tuple(
        (d.meeting, d.recommendation)
        for d in new.decisions or []
        if (d.meeting, d.recommendation) not in had
    )


# ---------------------------------------------------------------- JSON forms


def _step_index(step: Step, steps: dict[Step, int]) -> int:
    if step not in steps:
        steps[step] = len(steps)
    return steps[step]


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "version": step.version,
        "title": step.title,
        "stage": step.stage,
        "meeting": step.meeting_id,
        "meeting_date": step.meeting_date,
        "meeting_title": step.meeting_title,
    }


def _step_of(data: Mapping[str, Any]) -> Step:
    return Step(
        _text_or_none(data.get("version")),
        str(data["title"]),
        _text_or_none(data.get("stage")),
        _text_or_none(data.get("meeting")),
        _text_or_none(data.get("meeting_date")),
        _text_or_none(data.get("meeting_title")),
    )


def _entry_json(entry: HistoryEntry, steps: dict[Step, int]) -> dict[str, Any]:
    change = entry.change
    item: dict[str, Any] = {
        "step": _step_index(entry.step, steps),
        "kind": change.kind,
        "title": change.title,
        "group": change.group,
    }
    if change.changes:
        item["changes"] = [[c.field, c.before, c.after, c.days] for c in change.changes]
    if entry.decisions:
        item["decisions"] = [list(d) for d in entry.decisions]
    return item


def _entry_of(data: Mapping[str, Any], steps: Sequence[Step], action_id: str) -> HistoryEntry:
    kind = str(data["kind"])
    if kind not in ("added", "changed", "removed"):
        raise ValueError(kind)
    changes = tuple(
        FieldChange(str(name), before, after, _int_or_none(days))
        for name, before, after, days in data.get("changes", [])
    )
    change = ActionChange(action_id, str(data["title"]), str(data["group"]), kind, changes)
    decisions = tuple(
        (str(meeting), _text_or_none(recommendation))
        for meeting, recommendation in data.get("decisions", [])
    )
    return HistoryEntry(steps[data["step"]], change, decisions)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ---------------------------------------------------------------- from published records


def step_of_meeting(meeting: Meeting) -> Step:
    """The version `meeting` publishes, as a step of the actions' history."""
    assert meeting.publishes is not None
    return Step(
        meeting.publishes.version,
        meeting.publishes.title,
        meeting.publishes.stage,
        meeting.id,
        str(meeting.date),
        meeting.title,
    )


def step_of(release: PublishedVersion) -> Step:
    return Step(
        release.version,
        release.title,
        release.stage,
        release.meeting_id,
        release.meeting_date,
        release.meeting_title,
    )


def history_of(release: PublishedVersion, releases: Sequence[PublishedVersion]) -> History:
    """The history as at the published `release`: the one its record carries, or folded from the
    newest earlier record that carries one (records written before they carried it)."""
    unfolded: list[PublishedVersion] = []
    current: PublishedVersion | None = release
    history: History | None = None
    while current is not None:
        history = History.from_json(current.history_source)
        if history is not None:
            break
        unfolded.append(current)
        current = previous_version(list(releases), current.meeting_date, current.version)
    before = current.plan if history is not None and current is not None else None
    history = history or History()
    for older in reversed(unfolded):
        history = advance(history, before, step_of(older), older.plan)
        before = older.plan
    return history


def history_at(
    step: Step, plan: Plan, previous: PublishedVersion | None, releases: Sequence[PublishedVersion]
) -> History:
    """The history as at `step`, the version (or preview) of `plan`, whose version before it is
    `previous`."""
    if previous is None:
        return advance(History(), None, step, plan)
    return advance(history_of(previous, releases), previous.plan, step, plan)
