"""Each action's baseline across versions and its moves since (versions/history.py), from
records only."""

from __future__ import annotations

import json

from history_cases import MEETINGS, PLANS, records

from planpress.render.baselines import baseline_lines, since_baseline, slipped
from planpress.versions.history import History, Step
from planpress.versions.history_fold import advance, history_of
from planpress.versions.published import make_record, version_from_record


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
