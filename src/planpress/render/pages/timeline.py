"""The timeline page's macros: the chart (geometry in `charts.timeline_chart`, drawn twice:
wide, and narrow for a phone) and the same facts as a table, everything in date order, with
each action's delivery flags as at the build's date."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from planpress.core.delivery import FLAGS
from planpress.core.model import Action, Group, Milestone, PlanDate
from planpress.render.charts.timeline_chart import build_chart
from planpress.render.charts.timeline_dates import group_span, month_words
from planpress.render.charts.timeline_frame import NARROW, WIDE
from planpress.render.environment import render_template
from planpress.render.index import groups_with_pages
from planpress.render.site import Site
from planpress.render.text import date_key


def timeline(site: Site) -> str:
    """The timeline as a static, accessible SVG chart (role="img", a title and a description),
    in a wide layout and a narrow one for small screens (the stylesheet shows one of them)."""
    chart = build_chart(site, WIDE)
    narrow = build_chart(site, NARROW) if chart is not None else None
    plan = site.plan
    dated = [a for a in plan.actions if a.start or a.due]
    return render_template(
        "timeline.html",
        site=site,
        chart=chart,
        charts=[c for c in (chart, narrow) if c is not None],
        as_at_label=site.as_at_label,
        actions=len(plan.actions),
        dated=len(dated),
        groups=len(groups_with_pages(plan)),
        milestones=len(plan.milestones),
        table_href=site.page_href("timeline", "timeline-table"),
        by_group=not site.lists_every_action,
        limit=site.list_limit,
    )


@dataclass
class TableRow:
    when: PlanDate | None
    action: Action | None = None
    milestone: Milestone | None = None
    group: Group | None = None  # a large plan: a group's span in place of its actions
    span: tuple[date, date] | None = None
    count: int = 0
    flags: dict[str, int] = field(default_factory=dict)  # a group: how many of each flag


def timeline_rows(site: Site) -> list[TableRow]:
    """Actions (by start, else due) and milestones, in date order; undated actions last."""
    if site.lists_every_action:
        rows = [TableRow(a.start or a.due, action=a) for a in site.plan.actions]
    else:
        rows = []
        for group in groups_with_pages(site.plan):
            actions = site.actions_of_group(group.id)
            span = group_span(actions)
            when = PlanDate.parse(span[0]) if span else None
            counts: Counter[str] = Counter()
            for action in actions:
                counts.update(site.flags(action))
            flags = {f: counts[f] for f in FLAGS if counts[f]}
            rows.append(TableRow(when, group=group, span=span, count=len(actions), flags=flags))
    rows += [TableRow(m.date, milestone=m) for m in site.plan.milestones]
    return sorted(
        rows,
        key=lambda r: (
            date_key(r.when),
            0 if r.milestone else 1,
            r.milestone.id
            if r.milestone
            else r.action.id
            if r.action
            else r.group.id
            if r.group
            else "",
        ),
    )


def timeline_table(site: Site) -> str:
    """The timeline as a table: every action (or, for a large plan, group) and milestone, and
    (when the build is as at a date) each action's delivery flags or each group's counts."""
    return render_template(
        "timeline_table.html",
        site=site,
        rows=timeline_rows(site),
        by_group=not site.lists_every_action,
        month=month_words,
        delivery=site.as_at is not None,
        as_at_label=site.as_at_label,
    )
