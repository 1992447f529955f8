"""What the follow files are about: each sub-group and owner that owns actions, in the order of
their files, where the site shows each record they link to, and an action in plain words."""

from __future__ import annotations

from planpress.core.model import Plan
from planpress.exchange.followed import (
    FOLDER,
    GROUP,
    OWNER,
    Subject,
    action_description,
    action_page,
    capital,
    follow_subjects,
    milestone_page,
    plain_words,
)
from planpress.render import Site
from planpress.versions.build import BuildVersion


def test_pages_linked_are_where_the_site_shows_each_record(
    example: tuple[Plan, BuildVersion],
) -> None:
    """The follow files name the site's pages without importing render: the same places."""
    plan, _ = example
    site = Site(plan, page_url="")
    for found in plan.actions:
        assert action_page(found, {g.id for g in plan.groups}) == site.href("action", found.id)
    for milestone in plan.milestones:
        assert milestone_page(milestone) == site.href("milestone", milestone.id)
    for s in follow_subjects(plan):
        assert s.page == site.href("group-page" if s.kind == GROUP else "org", s.id)


def test_subjects_are_groups_then_owners_in_the_order_of_their_files(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    subjects = follow_subjects(plan)
    kinds = [s.kind for s in subjects]
    assert kinds == sorted(kinds, key=[GROUP, OWNER].index)  # every group before any owner
    groups = [g.id for g in plan.groups]
    owners = [o.id for o in plan.organisations]
    group_ids = [s.id for s in subjects if s.kind == GROUP]
    owner_ids = [s.id for s in subjects if s.kind == OWNER]
    assert group_ids == sorted(group_ids, key=groups.index)
    assert owner_ids == sorted(owner_ids, key=owners.index)
    for s in subjects:
        assert s.actions == tuple(a for a in plan.actions if getattr(a, s.kind) == s.id)
    empty = plan.model_copy(update={"actions": []})
    assert follow_subjects(empty) == []


def test_a_subjects_files_and_words() -> None:
    group = Subject(GROUP, "a b/c", "Skills & Employment", ())
    assert group.stem == f"{FOLDER}/group-a%20b%2Fc"
    assert (group.feed_name, group.calendar_name) == (f"{group.stem}.xml", f"{group.stem}.ics")
    assert group.page == "plan/a%20b%2Fc/"
    assert group.whose == "the actions of Skills & Employment"
    owner = Subject(OWNER, "growth-hub", "Growth Hub", ())
    assert owner.page == "partners/#org-growth-hub"
    assert owner.whose == "the actions that Growth Hub owns"
    assert capital(owner.whose) == "The actions that Growth Hub owns"
    assert capital("") == ""


def test_an_action_in_plain_words(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    action = next(a for a in plan.actions if a.due and a.start and a.summary)
    text = action_description(action, "The group", "The owner")
    lines = text.split("\n")
    assert lines[:2] == [f"{action.id} {action.title}", f"Due: {action.due.human()}"]
    assert f"Start: {action.start.human()}" in lines
    assert f"Status: {plain_words(action.status)}" in lines
    assert lines[-4:] == ["Sub-group: The group", "Owner: The owner", "", action.summary]
    bare = action.model_copy(update={"due": None, "start": None, "summary": None})
    assert action_description(bare, "G", "O").split("\n")[1:] == [
        "Due: not set",
        f"Status: {plain_words(action.status)}",
        "Sub-group: G",
        "Owner: O",
    ]
    assert plain_words("in-progress") == "In progress"
    assert action_page(action, set()) == "plan/"  # a group the plan does not have
