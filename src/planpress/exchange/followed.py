"""What the feeds and calendars of `follow` are about: each sub-group and owner that owns actions
(`Subject`), where the site shows each record they link to, and each action as every file that
holds it shows it (`ActionWords`).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from planpress.core.model import Action, Milestone, Plan

FOLDER = "follow"
"""The folder, in each version's folder, that holds the files."""

GROUP = "group"
OWNER = "owner"

# Where the site shows each record, under the version's address (as `render.records` places
# them; a test holds the two the same).
ACTION_PAGE = "plan/{group}/#{action}"
GROUP_PAGE = "plan/{group}/"
OWNER_PAGE = "partners/#org-{owner}"
MILESTONE_PAGE = "timeline/#milestone-{milestone}"
PLAN_PAGE = "plan/"


@dataclass(frozen=True)
class Subject:
    """A sub-group or an owner that owns at least one action, and its actions."""

    kind: str  # GROUP (the group that owns the actions) or OWNER (the organisation)
    id: str
    name: str
    actions: tuple[Action, ...]

    @property
    def stem(self) -> str:
        """Its files' path in the version's folder, without the extension."""
        return f"{FOLDER}/{self.kind}-{quote(self.id, safe='')}"

    @property
    def feed_name(self) -> str:
        return f"{self.stem}.xml"

    @property
    def calendar_name(self) -> str:
        return f"{self.stem}.ics"

    @property
    def page(self) -> str:
        """Where the site shows the group (its page) or the owner (on the partners page)."""
        if self.kind == GROUP:
            return GROUP_PAGE.format(group=quote(self.id, safe=""))
        return OWNER_PAGE.format(owner=quote(self.id, safe=""))

    @property
    def whose(self) -> str:
        """`the actions of X` or `the actions that X owns`."""
        if self.kind == GROUP:
            return f"the actions of {self.name}"
        return f"the actions that {self.name} owns"


def follow_subjects(plan: Plan) -> list[Subject]:
    """The groups that own actions, in the order of groups.yml, then the organisations that
    own actions, in the order of organisations.yml; each with its actions in the plan's order.

    A group or organisation that owns no action has no files."""
    by_group: dict[str, list[Action]] = {}
    by_owner: dict[str, list[Action]] = {}
    for action in plan.actions:
        by_group.setdefault(action.group, []).append(action)
        by_owner.setdefault(action.owner, []).append(action)
    subjects = [
        Subject(GROUP, group.id, group.name, tuple(by_group[group.id]))
        for group in plan.groups
        if group.id in by_group
    ]
    subjects += [
        Subject(OWNER, organisation.id, organisation.name, tuple(by_owner[organisation.id]))
        for organisation in plan.organisations
        if organisation.id in by_owner
    ]
    return subjects


def plain_words(value: str) -> str:
    """`in-progress` -> `In progress`."""
    return value.replace("-", " ").capitalize()


def action_description(action: Action, group: str, owner: str) -> str:
    """The action in plain text: its dates, status, sub-group and owner (by the names given),
    and its summary."""
    lines = [
        f"{action.id} {action.title}",
        f"Due: {action.due.human()}" if action.due else "Due: not set",
    ]
    if action.start:
        lines.append(f"Start: {action.start.human()}")
    lines += [f"Status: {plain_words(action.status)}", f"Sub-group: {group}", f"Owner: {owner}"]
    if action.summary:
        lines += ["", action.summary]
    return "\n".join(lines)


def action_page(action: Action, groups: Container[str]) -> str:
    """The action's card on its sub-group's page (the plan's page when its group is not
    among `groups`, the plan's group ids)."""
    if action.group not in groups:
        return PLAN_PAGE
    return ACTION_PAGE.format(group=quote(action.group, safe=""), action=quote(action.id, safe=""))


def milestone_page(milestone: Milestone) -> str:
    """The milestone's entry on the timeline page."""
    return MILESTONE_PAGE.format(milestone=quote(milestone.id, safe=""))


@dataclass(frozen=True)
class ActionWords:
    """An action as every file that holds it shows it."""

    action: Action
    entry_id: str
    title: str
    description: str
    href: str  # its card: absolute with the site's address, else relative to the files
    updated: date
    event: bytes | None  # its due date's event; None: no due date


def capital(words: str) -> str:
    """`the actions of X` -> `The actions of X`."""
    return words[:1].upper() + words[1:]
