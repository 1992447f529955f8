"""Which pages an edit of the data affects (render/affected.py), on the worked example."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from support import ROOT

from planpress.core.load import load_plan
from planpress.render.affected import affected_by


@pytest.fixture(scope="module")
def example() -> tuple[Any, dict]:
    result = load_plan(ROOT / "data")
    assert result.ok
    return result.plan, result.locations


def with_action(plan: Any, action_id: str, **changes: Any) -> Any:
    actions = [a.model_copy(update=changes) if a.id == action_id else a for a in plan.actions]
    return plan.model_copy(update={"actions": actions})


def action(plan: Any, action_id: str) -> Any:
    return next(a for a in plan.actions if a.id == action_id)


def test_the_same_plan_affects_nothing(example: tuple[Any, dict]) -> None:
    plan, locations = example
    assert affected_by(plan, locations, plan, dict(locations)).nothing


def test_an_action_affects_its_group_and_the_groups_of_its_dependencies(
    example: tuple[Any, dict],
) -> None:
    plan, locations = example
    needs = action(plan, "CGI-03").depends_on
    edited = with_action(plan, "CGI-03", depends_on=[*needs, "BUS-02"])
    affected = affected_by(plan, locations, edited, locations)
    assert not affected.everything
    assert affected.actions == {"CGI-03"}
    assert affected.groups == {"clean-growth-innovation", "business-trade"}


def test_an_action_affects_the_groups_of_the_actions_that_depend_on_it(
    example: tuple[Any, dict],
) -> None:
    plan, locations = example
    before = with_action(plan, "CGI-03", depends_on=["BUS-02"])
    after = with_action(before, "BUS-02", title="Retitled")
    affected = affected_by(before, locations, after, locations)
    depending = {a.group for a in before.actions if "BUS-02" in (a.depends_on or ())}
    assert "clean-growth-innovation" in depending
    assert affected.groups == {"business-trade", *depending}


def test_a_moved_action_affects_both_groups(example: tuple[Any, dict]) -> None:
    plan, locations = example
    moved = with_action(plan, "BUS-01", group="skills-employment")
    affected = affected_by(plan, locations, moved, locations)
    assert {"business-trade", "skills-employment"} <= affected.groups


def test_an_action_written_on_another_line_is_affected(example: tuple[Any, dict]) -> None:
    plan, locations = example
    moved = dict(locations)
    where = moved[("action", "BUS-03")]
    moved[("action", "BUS-03")] = replace(where, line=where.line + 1)
    affected = affected_by(plan, locations, plan, moved)
    assert affected.actions == {"BUS-03"} and "business-trade" in affected.groups


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("organisations", lambda p: p.organisations[1:]),
        ("glossary", lambda p: {**p.glossary, "NEW": "A new term"}),
        ("meetings", lambda p: p.meetings[:-1]),
        ("plan", lambda p: p.plan.model_copy(update={"title": "Another title"})),
    ],
)
def test_the_rest_of_the_plan_affects_every_page(
    example: tuple[Any, dict], field: str, change: Any
) -> None:
    plan, locations = example
    edited = plan.model_copy(update={field: change(plan)})
    affected = affected_by(plan, locations, edited, locations)
    assert affected.everything and field in affected.reason


def test_a_group_gaining_its_first_action_affects_every_page(example: tuple[Any, dict]) -> None:
    plan, locations = example
    owning = {a.group for a in plan.actions}
    empty = next(g.id for g in plan.groups if g.id not in owning)
    edited = with_action(plan, "BUS-01", group=empty)
    assert affected_by(plan, locations, edited, locations).everything


def test_actions_in_another_order_affect_every_page(example: tuple[Any, dict]) -> None:
    plan, locations = example
    edited = plan.model_copy(update={"actions": list(reversed(plan.actions))})
    assert affected_by(plan, locations, edited, locations).everything
