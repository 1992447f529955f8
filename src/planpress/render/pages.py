"""Page macros for the home, strategy, plan, governance, procurement, partners and glossary pages.

Each function takes a `Site` (the plan, seen from the page being rendered) and returns a
block of HTML through a template in `templates/`. They are pure: data in, text out.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from planpress.core.model import Action, Meeting, Plan, Rag, Status
from planpress.render.asks import asks_by_theme
from planpress.render.changes import action_history
from planpress.render.site import Site, count_by, date_key, groups_with_pages, render_template

STATUSES: tuple[str, ...] = typing.get_args(Status)
RAGS: tuple[str, ...] = typing.get_args(Rag)
HORIZONS = ("short", "medium", "long")
GROUP_KIND_ORDER = ("board", "meeting", "secretariat", "sub-group", "other")


# ---------------------------------------------------------------- home


def plan_intro(site: Site) -> str:
    """The plan's title and summary, who publishes it and how to reach them."""
    info = site.plan.plan
    return render_template("plan_intro.html", site=site, info=info)


def current_and_next_meeting(plan: Plan) -> tuple[Meeting | None, Meeting | None]:
    """The latest meeting that published a version, and the next meeting after it."""
    meetings = sorted(
        (m for m in plan.meetings if m.status != "cancelled"), key=lambda m: m.date.first_day
    )
    publishing = [m for m in meetings if m.publishes is not None]
    settled = [m for m in publishing if m.status != "scheduled"] or publishing
    current = settled[-1] if settled else None
    if current is None:
        upcoming = [m for m in meetings if m.status == "scheduled"]
        return None, (upcoming[0] if upcoming else None)
    later = [m for m in meetings if m.date.first_day > current.date.last_day]
    return current, (later[0] if later else None)


def contact(site: Site) -> str:
    """How readers reach the partnership: the contact in plan.yml, else its publisher."""
    return render_template("contact.html", site=site, info=site.plan.plan)


def board_cycle(site: Site) -> str:
    """Where the plan stands: the version last published by a meeting, and the next meeting."""
    current, upcoming = current_and_next_meeting(site.plan)
    earlier = [
        m
        for m in sorted(site.plan.meetings, key=lambda m: m.date.first_day)
        if m.publishes is not None
        and current is not None
        and m is not current
        and m.date.first_day <= current.date.first_day
    ]
    return render_template(
        "board_cycle.html", site=site, current=current, upcoming=upcoming, earlier=earlier
    )


def key_figures(site: Site) -> str:
    """The plan in numbers: actions, sub-groups, partners, prospectus asks and their total."""
    plan = site.plan
    asks = [a for a in plan.actions if a.prospectus is not None]
    partners = [o for o in plan.organisations if o.id != plan.plan.organisation]
    figures = [
        (len(plan.actions), "action", "actions", site.page_href("plan")),
        (
            sum(1 for g in plan.groups if g.kind == "sub-group"),
            "sub-group",
            "sub-groups",
            site.page_href("governance"),
        ),
        (
            len(partners),
            "partner organisation",
            "partner organisations",
            site.page_href("partners"),
        ),
        (
            len(asks),
            "investment ask in the prospectus",
            "investment asks in the prospectus",
            site.page_href("plan", "prospectus-asks"),
        ),
    ]
    total_asked = sum(a.prospectus.ask for a in asks if a.prospectus is not None)
    return render_template(
        "key_figures.html", site=site, figures=figures, total_asked=site.money(total_asked)
    )


# (attribute of Plan or PlanInfo, singular, plural) of the records counted in the notice.
_RECORD_KINDS = (
    ("organisations", "organisation", "organisations"),
    ("groups", "group", "groups"),
    ("meetings", "meeting", "meetings"),
    ("milestones", "milestone", "milestones"),
    ("procurements", "procurement", "procurements"),
    ("strands", "strand", "strands"),
    ("themes", "theme", "themes"),
    ("documents", "document", "documents"),
)


def illustrative_counts(plan: Plan) -> tuple[int, list[tuple[int, str]]]:
    """Illustrative actions, and (count, words) for every other kind of illustrative record."""
    info = plan.plan
    nested: dict[str, list[Any]] = {
        "papers": [p for m in plan.meetings for p in m.papers or []],
        "recommendations": [r for m in plan.meetings for r in m.recommendations or []],
        "budgets": [a.budget for a in plan.actions if a.budget is not None],
        "prospectus asks": [a.prospectus for a in plan.actions if a.prospectus is not None],
    }
    others: list[tuple[int, str]] = []
    for attribute, singular, plural in _RECORD_KINDS:
        records = getattr(plan, attribute, None)
        if records is None:
            records = getattr(info, attribute) or []
        count = sum(1 for r in records if r.illustrative)
        if count:
            others.append((count, singular if count == 1 else plural))
    for plural, records in nested.items():
        count = sum(1 for r in records if r.illustrative)
        if count:
            others.append((count, plural[:-1] if count == 1 else plural))
    actions = sum(1 for a in plan.actions if a.illustrative)
    return actions, others


def illustrative_notice(site: Site) -> str:
    """A plain notice of how much of the content is illustrative, and what that means."""
    actions, others = illustrative_counts(site.plan)
    return render_template(
        "illustrative_notice.html",
        site=site,
        whole_plan=site.plan.plan.illustrative,
        actions=actions,
        total_actions=len(site.plan.actions),
        others=others,
    )


# ---------------------------------------------------------------- strategy


def documents(site: Site) -> str:
    """The strategies and papers behind the plan, newest first."""
    docs = sorted(site.plan.plan.documents or [], key=lambda d: d.published.first_day, reverse=True)
    return render_template("documents.html", site=site, documents=docs)


def strands(site: Site) -> str:
    """The strands the plan brings together, with how many actions each has."""
    counts = count_by(site.plan.actions, "strand")
    return render_template("strands.html", site=site, strands=site.plan.plan.strands, counts=counts)


def themes(site: Site) -> str:
    """The themes, grouped by horizon (short, medium, long term)."""
    counts = count_by(site.plan.actions, "theme")
    by_horizon = [
        (horizon, [t for t in site.plan.plan.themes if t.horizon == horizon])
        for horizon in HORIZONS
    ]
    by_horizon = [(h, ts) for h, ts in by_horizon if ts]
    return render_template("themes.html", site=site, by_horizon=by_horizon, counts=counts)


# ---------------------------------------------------------------- plan overview


def status_counts(site: Site) -> str:
    """How many actions have each status (and each RAG rating)."""
    statuses = count_by(site.plan.actions, "status")
    rags = count_by(site.plan.actions, "rag")
    return render_template(
        "status_counts.html",
        site=site,
        statuses=[(s, statuses.get(s, 0)) for s in STATUSES],
        rags=[(r, rags.get(r, 0)) for r in RAGS] + [(None, rags.get(None, 0))],
        total=len(site.plan.actions),
    )


def theme_counts(site: Site) -> str:
    """How many actions each theme has."""
    counts = count_by(site.plan.actions, "theme")
    rows = [(t, counts.get(t.id, 0)) for t in site.plan.plan.themes]
    return render_template("theme_counts.html", site=site, rows=rows, total=len(site.plan.actions))


def strand_counts(site: Site) -> str:
    """How many actions each strand has."""
    counts = count_by(site.plan.actions, "strand")
    rows = [(s, counts.get(s.id, 0)) for s in site.plan.plan.strands]
    return render_template("strand_counts.html", site=site, rows=rows, total=len(site.plan.actions))


def group_links(site: Site) -> str:
    """A table of the sub-group pages, with each group's actions and budget."""
    rows = []
    for group in groups_with_pages(site.plan):
        actions = site.actions_of_group(group.id)
        budget = sum(a.budget.amount or 0 for a in actions if a.budget is not None)
        rows.append((group, len(actions), budget))
    return render_template("group_links.html", site=site, rows=rows)


def prospectus_asks(site: Site) -> str:
    """The actions that are investment asks in the prospectus, and the total asked."""
    asks = [a for a in site.plan.actions if a.prospectus is not None]
    total = sum(a.prospectus.ask for a in asks if a.prospectus is not None)
    # More asks than the page lists one by one: totals by theme, linked to the prospectus.
    by_theme = asks_by_theme(site.plan) if len(asks) > site.list_limit else None
    return render_template(
        "prospectus_asks.html", site=site, asks=asks, total=total, by_theme=by_theme
    )


def _grouped_tables(site: Site, sections: list[tuple[str, str | None, list[Action]]]) -> str:
    return render_template("action_tables.html", site=site, sections=sections)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _status_summary(
    site: Site,
    link: Callable[[str], str],
    key: str,
    records: list[Any],
    caption: str,
    heading: str,
    by: str,
) -> str:
    """A large plan's actions counted by status for each record (theme, group or owner), each
    named by `link(record.id)`."""
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
        link=link,
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
            site, site.theme_link, "theme", themes, "Actions by theme and status", "Theme", "theme"
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
            site,
            site.group_page_link,
            "group",
            groups,
            "Actions by group and status",
            "Group",
            "group",
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
            site.org_link,
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
    group = site.groups.get(group_id)
    if group is None:
        raise ValueError(f"group_page: there is no group {group_id!r} in groups.yml")
    return render_template(
        "group_page.html",
        site=site,
        group=group,
        actions=site.actions_of_group(group_id),
        history=lambda action_id: action_history(site, action_id),
    )


# ---------------------------------------------------------------- governance and the rest


def governance_groups(site: Site) -> str:
    """Every group: the board first, then meetings, secretariat, sub-groups and others."""
    groups = sorted(
        site.plan.groups,
        key=lambda g: GROUP_KIND_ORDER.index(g.kind) if g.kind in GROUP_KIND_ORDER else 99,
    )
    return render_template("governance_groups.html", site=site, groups=groups)


def meetings(site: Site) -> str:
    """Every meeting in date order: papers, recommendations word for word, the version published."""
    ordered = sorted(site.plan.meetings, key=lambda m: m.date.first_day)
    return render_template("meetings.html", site=site, meetings=ordered)


def procurements(site: Site) -> str:
    """The procurements table, with notes and sources."""
    listed = site.plan.procurements
    annotated = [p for p in listed if p.note or p.source]
    return render_template("procurements.html", site=site, procurements=listed, annotated=annotated)


def partners(site: Site) -> str:
    """Every organisation: what it owns, joins, belongs to and supplies."""
    plan = site.plan
    index: dict[str, dict[str, list]] = {
        "owns": {},
        "joins": {},
        "member_of": {},
        "parts": {},
        "supplies": {},
    }

    def add(kind: str, org_id: str | None, record: object) -> None:
        if org_id is not None:
            found = index[kind].setdefault(org_id, [])
            if not found or found[-1] is not record:
                found.append(record)

    by_group = None if site.lists_every_action else _actions_per_group_by_org(plan)
    if by_group is None:  # one pass over each kind of record, not one per organisation
        for action in plan.actions:
            add("owns", action.owner, action)
            for partner in action.partners or []:
                add("joins", partner, action)
    for group in plan.groups:
        for member in group.members or []:
            add("member_of", member, group)
    for organisation in plan.organisations:
        add("parts", organisation.part_of, organisation)
    for procurement in plan.procurements:
        add("supplies", procurement.supplier, procurement)
    return render_template(
        "partners.html",
        site=site,
        organisations=plan.organisations,
        index=index,
        by_group=by_group,
    )


def _actions_per_group_by_org(plan: Plan) -> dict[str, dict[str, dict[str, int]]]:
    """For a large plan, in place of a list of every action: how many actions each
    organisation owns and joins in each group (`{"owns": {org: {group: n}}, "joins": ...}`)."""
    counts: dict[str, dict[str, dict[str, int]]] = {"owns": {}, "joins": {}}

    def count(kind: str, org_id: str, group_id: str) -> None:
        groups = counts[kind].setdefault(org_id, {})
        groups[group_id] = groups.get(group_id, 0) + 1

    for action in plan.actions:
        count("owns", action.owner, action.group)
        for partner in dict.fromkeys(action.partners or []):
            count("joins", partner, action.group)
    return counts


def glossary(site: Site) -> str:
    """Every glossary term and its definition, in alphabetical order."""
    terms = sorted(site.plan.glossary.items(), key=lambda item: item[0].casefold())
    return render_template("glossary.html", site=site, terms=terms, abbreviate=False)


def actions_in_date_order(actions: list[Action]) -> list[Action]:
    """Actions ordered by start (or due, if no start); undated ones last."""
    return sorted(actions, key=lambda a: (date_key(a.start or a.due), a.id))
