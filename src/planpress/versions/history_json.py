"""The JSON form of a history, as each published record carries it (its `history`), so that the
next version needs only the record before it: `history_json`, and `history_from_json` to read
it back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planpress.versions.changes import ActionChange, FieldChange
from planpress.versions.history import Baseline, History, HistoryEntry, Step

HISTORY_FORMAT = 1


def history_json(history: History) -> dict[str, Any]:
    """`history` as the record's `history` holds it."""
    steps: dict[Step, int] = {}
    actions: dict[str, Any] = {}
    for action_id in sorted(set(history.entries) | set(history.baselines)):
        item: dict[str, Any] = {
            "entries": [_entry_json(e, steps) for e in history.entries.get(action_id, [])]
        }
        baseline = history.baselines.get(action_id)
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


def history_from_json(data: Any) -> History | None:
    """A record's `history` read back; None if it holds none this release can read."""
    if not isinstance(data, Mapping) or data.get("format") != HISTORY_FORMAT:
        return None
    try:
        steps = [_step_of(s) for s in data["versions"]]
        history = History()
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
