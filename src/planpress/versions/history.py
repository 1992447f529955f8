"""Each action's history across published versions, and its baseline: what they hold.

An action's history is one entry per version that added, changed or removed it, each with the
meeting that published that version and the decisions the action newly named in it. Its
baseline is its dates and budget in the first approved (or final) version that held it; every
later change of those is a move from the baseline ("due March 2023 at approval; now September
2023; moved twice").

Both are computed from published records only, never from the working data (`history_fold`),
and each record carries them as at its version (`history_json`, the record's `history`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planpress.core.model import Action, PlanDate
from planpress.core.stages import Stage
from planpress.versions.changes import ActionChange, FieldChange

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
    _views: dict[str, BaselineView | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )  # made once per action: every table of every page asks for them

    def baseline_view(self, action: Action) -> BaselineView | None:
        """The action's baseline and its moves since (None: no approved version held it)."""
        if action.id not in self._views:
            self._views[action.id] = self._baseline_view(action)
        return self._views[action.id]

    def _baseline_view(self, action: Action) -> BaselineView | None:
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


def _after_baseline(entries: list[HistoryEntry], baseline: Baseline) -> list[HistoryEntry]:
    for index, entry in enumerate(entries):
        if entry.step == baseline.step:
            return entries[index + 1 :]
    return []
