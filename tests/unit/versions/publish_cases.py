"""What the tests of publishing's decisions share: meetings, a plan, published versions and the
facts a publish has read, without git or mike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from planpress.core.model import Plan
from planpress.versions.publish_terms import Facts, PublishError, Request
from planpress.versions.published import PublishedVersion

RELEASES = Path("/site/releases")
NOW = datetime(2020, 9, 18, 10, 0, tzinfo=UTC)


def meeting(
    id: str, day: str, version: str | None = None, stage: str = "draft", **more: Any
) -> dict:
    found: dict[str, Any] = {"id": id, "date": day, "body": "board", "title": f"Meeting {id}"}
    if version:
        found["publishes"] = {"version": version, "title": f"Version {version}", "stage": stage}
        if "url" in more:
            found["publishes"]["url"] = more.pop("url")
    return {**found, **more}


def plan(*meetings: dict) -> Plan:
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
            "meetings": list(meetings),
        }
    )


JULY = meeting("board-2020-07-16", "2020-07-16", "2020-07-16", "embryonic")
SEPTEMBER = meeting("board-2020-09-17", "2020-09-17", "2020-09-17", "draft")
NOVEMBER = meeting("board-2020-11-19", "2020-11-19")
DATA = plan(JULY, SEPTEMBER, NOVEMBER)


def release(version: str, day: str, stage: str = "draft", path: bool = True) -> PublishedVersion:
    return PublishedVersion(
        version=version,
        title=f"Version {version}",
        stage=stage,
        meeting_id=f"board-{day}",
        meeting_date=day,
        meeting_title="Board",
        body="board",
        data_commit="d" * 40,
        plan_source=DATA,
        path=RELEASES / f"{version}.json" if path else None,
    )


def request(meeting_id: str = "board-2020-09-17", **options: Any) -> Request:
    return Request(meeting_id=meeting_id, project=Path("/site"), **options)


def facts(meeting_id: str = "board-2020-09-17", data: Plan = DATA, **fields: Any) -> Facts:
    ask = fields.pop("request", None) or request(meeting_id)
    return Facts(
        request=ask,
        work_branch="main",
        data_commit="a" * 40,
        site_commit="b" * 40,
        now=fields.pop("now", NOW),
        releases_dir=RELEASES,
        plan=data,
        **fields,
    )


def refusal(call: Any, *args: Any) -> PublishError:
    with pytest.raises(PublishError) as caught:
        call(*args)
    return caught.value
