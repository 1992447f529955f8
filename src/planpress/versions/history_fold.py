"""Each action's history as at a version, computed from published records only, never from the
working data: advanced one version at a time (`advance`) from the history the record before it
carries (`history_of`, `history_at`). Records written before records carried their history are
folded in once, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planpress.core.model import Action, Meeting, Plan
from planpress.versions.changes import ActionChange, compare
from planpress.versions.history import Baseline, Decision, History, HistoryEntry, Step
from planpress.versions.history_json import history_from_json
from planpress.versions.published import PublishedVersion, previous_version


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
        history = history_from_json(current.history_source)
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
