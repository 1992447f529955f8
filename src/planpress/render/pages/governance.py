"""Page macros of who runs the plan and with whom: groups, meetings, procurements, partners,
and the glossary.

Each function takes a `Site` (the plan, seen from the page being rendered) and returns a
block of HTML through a template in `templates/`. They are pure: data in, text out.
"""

from __future__ import annotations

from typing import Any

from planpress.core.model import Plan
from planpress.render.environment import render_template
from planpress.render.site import Site

GROUP_KIND_ORDER = ("board", "meeting", "secretariat", "sub-group", "other")


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
    index: dict[str, dict[str, list[Any]]] = {
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
