"""Page macros that list the actions: by theme, group and owner, and each group's own page.

A large plan (more actions than `list_actions_up_to`) has its actions counted by status in
place of the tables of every action; each group's page always lists its own in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planpress.core.model import Action
from planpress.render.change_words import action_history
from planpress.render.environment import render_template
from planpress.render.index import groups_with_pages
from planpress.render.pages.overview import STATUSES
from planpress.render.site import Site


def _grouped_tables(site: Site, sections: Sequence[tuple[str, str | None, list[Action]]]) -> str:
    return render_template("action_tables.html", site=site, sections=sections)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _status_summary(
    site: Site,
    kind: str,
    key: str,
    records: list[Any],
    caption: str,
    heading: str,
    by: str,
) -> str:
    """A large plan's actions counted by status for each record (theme, group or owner), each
    named by its link (`site.link(kind, record.id)`)."""
    counts: dict[str, dict[str, int]] = {}
    for action in site.plan.actions:
        of_record = counts.setdefault(getattr(action, key), {})
        of_record[action.status] = of_record.get(action.status, 0) + 1
    rows = []
    for record in records:
        found = counts.get(record.id)
        if found:
            rows.append((record, found, sum(found.values())))
    used = {status for found in counts.values() for status in found}
    return render_template(
        "action_summary.html",
        site=site,
        kind=kind,
        rows=rows,
        statuses=[s for s in STATUSES if s in used],
        caption=caption,
        heading=heading,
        by=by,
        total=len(site.plan.actions),
        limit=site.list_limit,
    )


def actions_by_theme(site: Site) -> str:
    """A compact table of actions for each theme (for a large plan, counts by status)."""
    themes = site.plan.plan.themes
    if not site.lists_every_action:
        return _status_summary(
            site, "theme", "theme", themes, "Actions by theme and status", "Theme", "theme"
        )
    sections = []
    for theme in themes:
        actions = [a for a in site.plan.actions if a.theme == theme.id]
        if actions:
            caption = f"Theme: {theme.name} ({_plural(len(actions), 'action', 'actions')})"
            sections.append((caption, None, actions))
    return _grouped_tables(site, sections)


def actions_by_group(site: Site) -> str:
    """A compact table of actions for each sub-group, with a link to its page."""
    groups = groups_with_pages(site.plan)
    if not site.lists_every_action:
        return _status_summary(
            site, "group-page", "group", groups, "Actions by group and status", "Group", "group"
        )
    sections = []
    for group in groups:
        actions = site.actions_of_group(group.id)
        caption = f"{group.name} ({_plural(len(actions), 'action', 'actions')})"
        sections.append((caption, group.id, actions))
    return _grouped_tables(site, sections)


def actions_by_owner(site: Site) -> str:
    """A compact table of actions for each organisation that owns any."""
    organisations = site.plan.organisations
    if not site.lists_every_action:
        return _status_summary(
            site,
            "org",
            "owner",
            organisations,
            "Actions by owner and status",
            "Owner",
            "the organisation that owns them",
        )
    sections = []
    for org in organisations:
        actions = [a for a in site.plan.actions if a.owner == org.id]
        if actions:
            caption = f"Owned by {org.name} ({_plural(len(actions), 'action', 'actions')})"
            sections.append((caption, None, actions))
    return _grouped_tables(site, sections)


def group_page(site: Site, group_id: str) -> str:
    """A sub-group's page: who it is, a summary table of its actions, then a card per action."""
    group = site.record("group", group_id)
    if group is None:
        raise ValueError(f"group_page: there is no group {group_id!r} in groups.yml")
    return render_template(
        "group_page.html",
        site=site,
        group=group,
        actions=site.actions_of_group(group_id),
        history=lambda action_id: action_history(site, action_id),
    )
