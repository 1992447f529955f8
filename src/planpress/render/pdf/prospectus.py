"""The prospectus as an accessible, printable A4 PDF: the facts of the site's Prospectus page
(`render.asks`) and its chart, in a standalone document (`engine` writes it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from planpress.core.model import Plan, PlanDate
from planpress.core.stages import Stage
from planpress.render import asks
from planpress.render.charts import asks_by_theme
from planpress.render.environment import ENV, TEMPLATES_DIR
from planpress.render.pdf.engine import PdfResult, write_html_pdf
from planpress.render.site import Site
from planpress.render.text import date_after_title
from planpress.versions.build import BuildVersion
from planpress.versions.published import planned

TEMPLATE = "pdf/prospectus.html"
STYLESHEET = TEMPLATES_DIR / "pdf" / "prospectus.css"


def version_context(
    plan: Plan, build_version: BuildVersion | None, as_at: date | None = None
) -> dict[str, Any]:
    """Which version the PDF is of: the build's, else the newest meeting that publishes one;
    and the date it is as at (given, else the build's, else that meeting's)."""
    meeting = build_version.meeting if build_version and build_version.published else None
    published = meeting is not None
    day = as_at or (build_version.as_at if build_version is not None else None)
    if meeting is None:
        publishing = [m for m in plan.meetings if m.publishes]
        # a meeting still ahead only names the version it is expected to consider
        held = [m for m in publishing if day is None or not planned(m, day)] or publishing
        meeting = max(held, key=lambda m: m.date.first_day) if held else None
    publishes = meeting.publishes if meeting else None
    stage = publishes.stage if publishes else "draft"
    suffix = date_after_title(meeting) if meeting is not None else ""
    data_commit = None
    if build_version and build_version.published:
        release = next(
            (r for r in build_version.releases if r.version == build_version.version), None
        )
        data_commit = release.data_commit if release else None
    if as_at is None and build_version is not None:
        as_at = build_version.as_at
    if as_at is None and meeting is not None:
        as_at = meeting.date.first_day
    return {
        "title": publishes.title if publishes else "Working copy",
        "stage": stage,
        "draft": Stage(stage).is_draft,
        "meeting": meeting,
        "meeting_date_suffix": suffix,
        "published": published,
        "data_commit": data_commit,
        "as_at_label": PlanDate(as_at.year, as_at.month, as_at.day).human() if as_at else "",
    }


def render_prospectus_html(
    plan: Plan, build_version: BuildVersion | None = None, as_at: date | None = None
) -> str:
    """The prospectus as a standalone HTML document (the site's prospectus section's facts)."""
    facts = asks.prospectus_context(plan)
    info = facts["info"]
    site = Site(plan)  # names and money as the site writes them; no links
    return ENV.get_template(TEMPLATE).render(
        plan=plan,
        site=site,
        organisation=site.name("org", plan.plan.organisation),
        subject=f"{info.title} for {plan.plan.title}",
        version=version_context(plan, build_version, as_at),
        contact=plan.plan.contact,
        illustrative=any(a.illustrative for a in asks.asks(plan)) or info.illustrative,
        css=Markup(STYLESHEET.read_text(encoding="utf-8")),  # the project's own file, not data
        asks_chart=asks_by_theme(site),  # the same chart as the site's Prospectus page
        # Above the site's list limit, as on the site, each ask is one line of facts: the
        # pitch and partners are left out, which keeps the engine's layout small at scale.
        compact=facts["count"] > site.list_limit,
        **facts,
    )


def write_pdf(
    plan: Plan,
    target: Path,
    build_version: BuildVersion | None = None,
    as_at: date | None = None,
) -> PdfResult:
    """Write the prospectus PDF to `target` (written whole, or not at all).

    A target that is a folder or not an ordinary file (a device such as /dev/full) is refused
    before anything is rendered, and never replaced.
    """
    return write_html_pdf(target, lambda: render_prospectus_html(plan, build_version, as_at))
