"""Page macros that sum the plan up: the home page, the strategy, and the plan's counts.

Each function takes a `Site` (the plan, seen from the page being rendered) and returns a
block of HTML through a template in `templates/`. They are pure: data in, text out.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from planpress.core.model import Plan, Rag, Status
from planpress.render.asks import asks_by_theme
from planpress.render.environment import render_template
from planpress.render.index import groups_with_pages
from planpress.render.site import Site
from planpress.render.text import count_by, plain_label

STATUSES: tuple[str, ...] = typing.get_args(Status)
RAGS: tuple[str, ...] = typing.get_args(Rag)
HORIZONS = ("short", "medium", "long")


# ---------------------------------------------------------------- home


def plan_intro(site: Site) -> str:
    """The plan's title and summary, who publishes it and how to reach them."""
    info = site.plan.plan
    return render_template("plan_intro.html", site=site, info=info)


def contact(site: Site) -> str:
    """How readers reach the partnership: the contact in plan.yml, else its publisher."""
    return render_template("contact.html", site=site, info=site.plan.plan)


def board_cycle(site: Site) -> str:
    """Where the plan stands, as at the build's date: the current version's meeting, the next
    meeting and the earlier versions (`Site.board_cycle`)."""
    return render_template("board_cycle.html", site=site)


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
_COUNTED = (
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
    for attribute, singular, plural in _COUNTED:
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
    """A notice of how much of the content is illustrative, and what that means; nothing when
    no record is illustrative."""
    actions, others = illustrative_counts(site.plan)
    if not (site.plan.plan.illustrative or actions or others):
        return ""  # everything is recorded as fact: nothing to warn of
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


# ---------------------------------------------------------------- the plan's overview


@dataclass
class CountTable:
    """How many actions each value has: `rows` of (cells, count), the first cell naming the
    value (a badge or a link) and any others describing it, one per heading after the first."""

    caption: str
    headings: tuple[str, ...]
    rows: list[tuple[tuple[Any, ...], int]]
    total: int


def _count_tables(site: Site, *tables: CountTable) -> str:
    return render_template("count_tables.html", site=site, tables=tables)


def status_counts(site: Site) -> str:
    """How many actions have each status (and each RAG rating)."""
    statuses = count_by(site.plan.actions, "status")
    rags = count_by(site.plan.actions, "rag")
    total = len(site.plan.actions)
    by_rag = [((site.badge("rag", r),), rags.get(r, 0)) for r in RAGS]
    return _count_tables(
        site,
        CountTable(
            "Actions by status",
            ("Status",),
            [((site.badge("status", s),), statuses.get(s, 0)) for s in STATUSES],
            total,
        ),
        CountTable(
            "Actions by RAG rating",
            ("RAG rating",),
            [*by_rag, (("Not rated",), rags.get(None, 0))],
            total,
        ),
    )


def theme_counts(site: Site) -> str:
    """How many actions each theme has."""
    counts = count_by(site.plan.actions, "theme")
    rows = [
        ((site.link("theme", t.id), plain_label(t.horizon)), counts.get(t.id, 0))
        for t in site.plan.plan.themes
    ]
    table = CountTable("Actions by theme", ("Theme", "Horizon"), rows, len(site.plan.actions))
    return _count_tables(site, table)


def strand_counts(site: Site) -> str:
    """How many actions each strand has."""
    counts = count_by(site.plan.actions, "strand")
    rows = [((site.link("strand", s.id),), counts.get(s.id, 0)) for s in site.plan.plan.strands]
    return _count_tables(
        site, CountTable("Actions by strand", ("Strand",), rows, len(site.plan.actions))
    )


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
