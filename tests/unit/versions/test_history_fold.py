"""Each action's history as at a version (versions/history_fold.py): advanced one version at a
time from the record before it, or folded from records that do not carry it."""

from __future__ import annotations

from dataclasses import replace

from history_cases import PLANS, records

from planpress.versions.history import Step
from planpress.versions.history_fold import history_at, history_of


def test_a_decision_is_shown_in_the_version_that_first_names_it() -> None:
    history = history_of(records(carry=True)[-1], records(carry=True))
    entries = history.entries["ACT-01"]
    assert [(e.step.version, e.change.kind, e.decisions) for e in entries] == [
        ("2021-01", "added", ()),
        ("2021-03", "changed", (("board-2021-03", "i"),)),
        ("2021-06", "changed", (("board-2021-06", "ii"),)),
        ("2021-10", "changed", ()),
    ]


def test_records_that_carry_their_history_give_the_same_as_folding_every_record() -> None:
    carried, folded = records(carry=True), records(carry=False)
    assert history_of(carried[-1], carried) == history_of(folded[-1], folded)
    # A record that carries nothing this release can read is folded too.
    unreadable = [replace(release, history_source={"format": 99}) for release in carried]
    assert history_of(unreadable[-1], unreadable) == history_of(folded[-1], folded)


def test_a_build_needs_only_the_record_before_it() -> None:
    """The newest record's plan is read; older records' plans are never checked."""
    releases = records(carry=True)
    step = Step(None, "Preview")
    history_at(step, PLANS[-1], releases[-1], releases)
    assert [("plan" in r.__dict__) for r in releases] == [False, False, False, True]
