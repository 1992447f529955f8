"""What the tests of seals share: digests, a version's plan and a record to seal."""

from __future__ import annotations

from typing import Any

from planpress.core.model import Plan

A = "a" * 64
B = "b" * 64
PLAN = Plan.model_construct()  # a version's plan, which seals do not read


def record(**more: Any) -> dict[str, Any]:
    return {
        "planpress_record": 1,
        "version": "2020-09-17",
        "title": "Second version",
        "stage": "draft",
        "published_at": "2020-09-18T10:00:00+00:00",
        "plan": {"plan": {"title": "Plan for Stoke-on-Trent – 2020"}},
        **more,
    }
