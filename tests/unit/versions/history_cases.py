"""What the tests of actions' histories share: four meetings that publish versions, the plan of
each version, and their records."""

from __future__ import annotations

import json
from typing import Any

from planpress.core.model import Plan
from planpress.versions.history import Step
from planpress.versions.history_fold import history_at
from planpress.versions.history_json import history_json
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
            history = history_json(history_at(step, data, previous, releases))
        record = make_record(
            data, found, data_commit=None, site_commit=None, published_at="x", history=history
        )
        written.append(json.dumps(record))
        releases.append(version_from_record(json.loads(written[-1])))
    return [version_from_record(json.loads(text)) for text in written]  # as read afresh
