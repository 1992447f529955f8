"""Each action's history and baseline across versions (versions/history.py), from records only."""

from __future__ import annotations

import json
from typing import Any

from planpress.core.model import Plan
from planpress.render.baselines import baseline_lines, since_baseline, slipped
from planpress.versions.history import History, Step, advance, history_at, history_of
from planpress.versions.published import PublishedVersion, make_record, version_from_record


def meeting(id: str, day: str, version: str, stage: str, **more: Any) -> dict[str, Any]:
    return {
        "id": id,
        "date": day,
        "body": "board",
        "title": f"Board, {day}",
        "publishes": {"version": version, "title": f"Plan {version}", "stage": stage},
        **more,
    }


MEETINGS = [
    meeting("board-2021-01", "2021-01-14", "2021-01", "draft"),
    meeting(
        "board-2021-03",
        "2021-03-18",
        "2021-03",
        "approved",
        recommendations=[{"id": "i", "text": "Approve the plan."}],
    ),
    meeting(
        "board-2021-06",
        "2021-06-17",
        "2021-06",
        "approved",
        recommendations=[{"id": "ii", "text": "Agree the new date."}],
    ),
    meeting("board-2021-10", "2021-10-21", "2021-10", "approved"),
]


def plan(due: str, amount: int = 100_000, **action: Any) -> Plan:
    return Plan.model_validate(
        {
            "plan": {
                "id": "test-plan",
                "title": "Test Plan",
                "organisation": "lep",
                "summary": "A plan.",
                "strands": [{"id": "growth", "name": "Growth"}],
                "themes": [{"id": "recovery", "name": "Recovery", "horizon": "short"}],
            },
            "organisations": [{"id": "lep", "name": "The LEP", "kind": "lep"}],
            "groups": [{"id": "board", "name": "Board", "kind": "board"}],
            "meetings": MEETINGS,
            "actions": [
                {
                    "id": "ACT-01",
                    "title": "Build the centre",
                    "strand": "growth",
                    "theme": "recovery",
                    "group": "board",
                    "owner": "lep",
                    "status": "in-progress",
                    "start": "2021-01",
                    "due": due,
                    "budget": {"amount": amount},
                    **action,
                },
                {
                    "id": "ACT-02",
                    "title": "Keep to time",
                    "strand": "growth",
                    "theme": "recovery",
                    "group": "board",
                    "owner": "lep",
                    "status": "planned",
                    "due": "2022-12",
                },
            ],
        }
    )


PLANS = [
    plan("2022-12"),  # January, a draft: no baseline yet
    plan("2023-03", decisions=[{"meeting": "board-2021-03", "recommendation": "i"}]),
    plan(
        "2023-06",
        decisions=[
            {"meeting": "board-2021-03", "recommendation": "i"},
            {"meeting": "board-2021-06", "recommendation": "ii"},
        ],
    ),
    plan("2023-09", amount=150_000),
]


def records(carry: bool) -> list[PublishedVersion]:
    """The four versions as their records, each carrying its history when `carry`."""
    releases: list[PublishedVersion] = []
    written = []
    for data, raw in zip(PLANS, MEETINGS, strict=True):
        found = next(m for m in data.meetings if m.id == raw["id"])
        history = None
        if carry:
            publishes = raw["publishes"]
            step = Step(publishes["version"], publishes["title"], publishes["stage"],
                        found.id, str(found.date), found.title)  # fmt: skip
            previous = releases[-1] if releases else None
            history = history_at(step, data, previous, releases).to_json()
        record = make_record(
            data, found, data_commit=None, site_commit=None, published_at="x", history=history
        )
        written.append(json.dumps(record))
        releases.append(version_from_record(json.loads(written[-1])))
    return [version_from_record(json.loads(text)) for text in written]  # as read afresh


def test_the_baseline_is_the_first_approved_version_and_every_move_after_it_is_listed() -> None:
    history = history_of(records(carry=True)[-1], records(carry=True))
    action = PLANS[-1].actions[0]
    view = history.baseline_view(action)
    assert view is not None
    assert view.baseline.step.version == "2021-03"  # not the draft of January
    assert (view.baseline.due, view.baseline.amount) == ("2023-03", 100_000)
    assert [(m.change.field, m.entry.step.meeting_id) for m in view.moves] == [
        ("due", "board-2021-06"),
        ("due", "board-2021-10"),
        ("budget.amount", "board-2021-10"),
    ]
    assert view.slip_days == 183  # 31 March to 30 September 2023
    assert since_baseline(view).state == "rebaselined"
    lines = baseline_lines(view, lambda amount: f"£{amount:,}")
    assert lines == [
        "Approved in Plan 2021-03 (18 March 2021).",
        "Starts January 2021 at approval; unchanged.",
        "Due March 2023 at approval; now September 2023; moved twice (June 2021, October 2021).",
        "Budget £100,000 at approval; now £150,000; changed once (October 2021).",
    ]
    kept = history.baseline_view(PLANS[-1].actions[1])
    assert kept is not None and not kept.rebaselined
    assert since_baseline(kept).state == "kept"
    rows = slipped(PLANS[-1].actions, history.baseline_view)
    assert [(r.action.id, r.moved, r.slip) for r in rows] == [
        ("ACT-01", "twice (June 2021, October 2021)", "183 days later")
    ]


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
    assert History.from_json({"format": 99}) is None
    assert History.from_json({"format": 1, "versions": [], "actions": {"A": 1}}) is None


def test_the_history_survives_its_json_form() -> None:
    releases = records(carry=True)
    history = history_of(releases[-1], releases)
    again = History.from_json(json.loads(json.dumps(history.to_json())))
    assert again == history


def test_a_build_needs_only_the_record_before_it() -> None:
    """The newest record's plan is read; older records' plans are never checked."""
    releases = records(carry=True)
    step = Step(None, "Preview")
    history_at(step, PLANS[-1], releases[-1], releases)
    assert [("plan" in r.__dict__) for r in releases] == [False, False, False, True]


def test_no_approved_version_means_no_baseline() -> None:
    history = advance(History(), None, Step("v", "V", "draft", "m", "2021-01-14"), PLANS[0])
    assert history.baselines == {}
    assert since_baseline(history.baseline_view(PLANS[0].actions[0])).state == "none"


def test_a_feed_of_records_that_count_their_changes_compares_no_plans() -> None:
    from planpress.exchange.feed import entry_summary
    from planpress.versions.changes import compare, since_json

    written = []
    for index, (data, raw) in enumerate(zip(PLANS, MEETINGS, strict=True)):
        found = next(m for m in data.meetings if m.id == raw["id"])
        before = MEETINGS[index - 1]["publishes"]["version"]
        since = since_json(before, compare(PLANS[index - 1], data)) if index else None
        record = make_record(
            data, found, data_commit=None, site_commit=None, published_at="x", since=since
        )
        written.append(json.dumps(record))
    counted = [version_from_record(json.loads(text)) for text in written]
    bare = []
    for text in written:
        record = json.loads(text)
        record.pop("since", None)
        bare.append(version_from_record(record))
    said = [entry_summary(r, counted) for r in counted]
    assert not any("plan" in r.__dict__ for r in counted)  # no plan was read
    assert said == [entry_summary(r, bare) for r in bare]
    assert "0 actions added, 0 actions removed, 1 action changed" in said[1]
