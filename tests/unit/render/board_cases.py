"""Plans of one board and its meetings, each meeting publishing a version or not, that the
tests of the board cycle and of the board report share."""

from __future__ import annotations

from typing import Any

from planpress.core.model import Plan


def meeting(id: str, day: str, version: str | None = None, **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"id": id, "date": day, "body": "board", "title": f"Board {day}"}
    if version:
        found["publishes"] = {"version": version, "title": f"Plan {version}", "stage": "draft"}
    return {**found, **more}


def plan(*meetings: dict[str, Any]) -> Plan:
    return Plan.model_validate(
        {
            "plan": {
                "id": "test-plan",
                "title": "Test Plan",
                "organisation": "test-lep",
                "summary": "A small plan for tests.",
                "strands": [{"id": "growth", "name": "Growth"}],
                "themes": [{"id": "recovery", "name": "Recovery", "horizon": "short"}],
            },
            "organisations": [{"id": "test-lep", "name": "Test LEP", "kind": "lep"}],
            "groups": [{"id": "board", "name": "Test Board", "kind": "board"}],
            "actions": [
                {
                    "id": "SKL-01",
                    "title": "First action",
                    "strand": "growth",
                    "theme": "recovery",
                    "group": "board",
                    "owner": "test-lep",
                    "status": "planned",
                }
            ],
            "meetings": list(meetings),
        }
    )


NOVEMBER = meeting("board-2026-11-19", "2026-11-19", "2026-11-19", status="held")
# recorded as held, though the versions below are as at dates before it
MARCH = meeting("board-2027-03-11", "2027-03-11", "2027-03-11", status="held")
DATA = plan(NOVEMBER, MARCH)
