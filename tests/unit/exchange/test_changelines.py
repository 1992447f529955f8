"""What an import changed, in lines, for the records other than actions and recommendations."""

from __future__ import annotations

from planpress.core.model import Plan
from planpress.exchange.changelines import describe
from planpress.versions.build import BuildVersion


def test_records_added_removed_and_changed_in_lines(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    first, second, *rest = plan.organisations
    renamed = first.model_copy(update={"name": "Renamed"})
    added = second.model_copy(update={"id": "new-org"})
    glossary = dict(plan.glossary)
    term = next(iter(glossary))
    del glossary[term]
    glossary["NEW"] = "A new term"
    glossary["NEWER"] = "Another"
    actions = [a.model_copy(update={"title": "Changed"}) for a in plan.actions]
    after = plan.model_copy(
        update={
            "organisations": [renamed, *rest, added],
            "glossary": glossary,
            "actions": actions,
            "milestones": plan.milestones[1:],
        }
    )
    assert describe(plan, after) == [
        "Added organisation: new-org",
        f"Removed organisation: {second.id}",
        f"Changed organisation: {first.id}",
        f"Removed milestone: {plan.milestones[0].id}",
        "Added glossary terms: NEW, NEWER",
        f"Removed glossary term: {term}",
    ]
    assert describe(plan, plan) == []
