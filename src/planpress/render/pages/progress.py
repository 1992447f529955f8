"""The Progress page: where the plan stands as at this version's date.

The overall position (counts by status and RAG, the delivery flags and the overall rating),
roll-ups by theme, strand, group and owner, the outcome indicators with their trajectory
towards target, and how the position has moved since the version before, as at its own date.
Every figure is worked out by `planpress.core.delivery` as at the build's date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from planpress.core.delivery import (
    FLAG_MEANINGS,
    FLAGS,
    OVERALL_RULE,
    RAGS,
    STATUSES,
    Overall,
    Rollup,
    overall,
    rollup,
    rollups_by,
)
from planpress.core.model import Action, PlanDate
from planpress.render import charts
from planpress.render.baselines import slipped
from planpress.render.board_report import IndicatorRow, attention, indicator_row
from planpress.render.environment import render_template
from planpress.render.site import Site
from planpress.versions.published import PublishedVersion


@dataclass(frozen=True)
class RollupRow:
    """A roll-up as a row of a table: what it is of, linked where it has a page."""

    label: Markup
    rollup: Rollup


@dataclass(frozen=True)
class RollupTable:
    anchor: str
    heading: str
    what: str  # the column heading naming what each row is of
    rows: tuple[RollupRow, ...]


@dataclass(frozen=True)
class Movement:
    """One count as at the previous version's date and now."""

    label: str
    then: int
    now: int

    @property
    def change(self) -> str:
        moved = self.now - self.then
        return f"+{moved}" if moved > 0 else ("0" if moved == 0 else f"−{-moved}")


@dataclass(frozen=True)
class Since:
    """The position as at the version before, beside this one's."""

    previous: PublishedVersion
    as_at_label: str
    overall: Overall
    rows: tuple[Movement, ...]


@dataclass(frozen=True)
class IndicatorSection:
    row: IndicatorRow
    chart: charts.Chart


def _table(
    site: Site,
    anchor: str,
    heading: str,
    what: str,
    kind: str,
    ids: Iterable[str],
    key: Callable[[Action], str | None],
    as_at: date,
) -> RollupTable | None:
    found = rollups_by(site.plan, key, ids, as_at)
    if not found:
        return None
    rows = tuple(RollupRow(site.link(kind, r.key), r) for r in found)
    return RollupTable(anchor, heading, what, rows)


def rollup_tables(site: Site, as_at: date) -> list[RollupTable]:
    """The roll-ups by theme, strand, group and owner (each in the data's order)."""
    plan = site.plan
    info = plan.plan
    tables = [
        _table(
            site,
            "progress-by-theme",
            "By theme",
            "Theme",
            "theme",
            (t.id for t in info.themes),
            lambda a: a.theme,
            as_at,
        ),
        _table(
            site,
            "progress-by-strand",
            "By strand",
            "Strand",
            "strand",
            (s.id for s in info.strands),
            lambda a: a.strand,
            as_at,
        ),
        _table(
            site,
            "progress-by-group",
            "By group",
            "Group",
            "group",
            (g.id for g in plan.groups),
            lambda a: a.group,
            as_at,
        ),
        _table(
            site,
            "progress-by-owner",
            "By owner",
            "Owner",
            "org",
            (o.id for o in plan.organisations),
            lambda a: a.owner,
            as_at,
        ),
    ]
    return [t for t in tables if t is not None]


def _counts(totals: Rollup) -> list[tuple[str, int]]:
    counts = [(f"Status: {s.replace('-', ' ')}", totals.statuses[s]) for s in STATUSES]
    counts += [(f"RAG: {r}", totals.rags[r]) for r in RAGS]
    counts.append(("RAG: not rated", totals.rags["none"]))
    counts += [(FLAGS[f], totals.flags[f]) for f in FLAGS]
    return counts


def since_previous(site: Site, totals: Rollup) -> Since | None:
    """The position as at the version before this one (as at its meeting's date), if any."""
    build_version = site.build_version
    previous = build_version.previous if build_version is not None else None
    if previous is None:
        return None
    then_date = PlanDate.parse(previous.meeting_date).first_day
    then = rollup("plan", previous.plan.actions, then_date)
    rows = [Movement("Actions", then.actions, totals.actions)]
    rows += [
        Movement(label, before, now)
        for (label, before), (_, now) in zip(_counts(then), _counts(totals), strict=True)
    ]
    return Since(
        previous, PlanDate.parse(previous.meeting_date).human(), overall(then), tuple(rows)
    )


def progress(site: Site) -> str:
    """The Progress page for this build, as at its date."""
    build_version = site.build_version
    as_at = site.as_at
    if as_at is None:  # a Site made without a build, as the PDFs make theirs
        return render_template("progress.html", site=site, totals=None)
    totals = rollup("plan", site.plan.actions, as_at)
    figures = [
        chart
        for chart in (
            charts.status_by_group(site, as_at),
            charts.rag_by_group(site, as_at),
            charts.budget_by_theme(site),
        )
        if chart is not None
    ]
    indicators = [
        IndicatorSection(indicator_row(i, as_at), charts.indicator_chart(site, i, as_at))
        for i in site.plan.indicators
    ]
    tables = rollup_tables(site, as_at)
    bases = {row.rollup.progress_basis for table in tables for row in table.rows}
    # a large plan's lists are cut to its list limit, as the overview pages' lists are
    overdue = attention(site, site.plan, as_at)
    moved = slipped(site.plan.actions, site.baseline)
    return render_template(
        "progress.html",
        site=site,
        build_version=build_version,
        as_at_label=PlanDate(as_at.year, as_at.month, as_at.day).human(),
        totals=totals,
        overall=overall(totals),
        rule=OVERALL_RULE,
        statuses=STATUSES,
        rags=RAGS,
        flags=FLAGS,
        flag_meanings=FLAG_MEANINGS,
        figures=figures,
        tables=tables,
        weighted_by_budget="budget" in bases,
        weighted_by_count="count" in bases,
        indicators=indicators,
        since=since_previous(site, totals),
        attention=overdue[: site.list_limit],
        attention_count=len(overdue),
        slipped=moved[: site.list_limit],
        slipped_count=len(moved),
    )
