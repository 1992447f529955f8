"""The prospectus as an accessible, printable A4 PDF, rendered by WeasyPrint.

WeasyPrint is used (rather than a browser's print-to-PDF) for what print needs and browsers do
not do: contents with page numbers (`target-counter`), "Page N of M" in running footers, tables
whose header repeats, and a tagged PDF (PDF/UA) with its language and metadata.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from planpress.core.model import Plan, PlanDate
from planpress.core.outfiles import OutputError, writable_target, write_whole
from planpress.core.stages import Stage
from planpress.render import asks as pr
from planpress.render.charts import asks_by_theme
from planpress.render.environment import ENV
from planpress.render.site import Site
from planpress.render.text import date_after_title
from planpress.versions.build import BuildVersion
from planpress.versions.published import planned

TEMPLATE = "pdf/prospectus.html"
STYLESHEET = Path(__file__).parent / "templates" / "pdf" / "prospectus.css"


class PdfError(Exception):
    """The PDF could not be made; the message says what to do (one line)."""


@dataclass
class PdfResult:
    path: Path
    pages: int
    size: int
    seconds: float


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


def render_html(
    plan: Plan, build_version: BuildVersion | None = None, as_at: date | None = None
) -> str:
    """The prospectus as a standalone HTML document (the site's prospectus section's facts)."""
    facts = pr.prospectus_context(plan)
    info = facts["info"]
    site = Site(plan)  # names and money as the site writes them; no links
    return ENV.get_template(TEMPLATE).render(
        plan=plan,
        site=site,
        organisation=site.name("org", plan.plan.organisation),
        subject=f"{info.title} for {plan.plan.title}",
        version=version_context(plan, build_version, as_at),
        contact=plan.plan.contact,
        illustrative=any(a.illustrative for a in pr.asks(plan)) or info.illustrative,
        css=Markup(STYLESHEET.read_text(encoding="utf-8")),  # the project's own file, not data
        asks_chart=asks_by_theme(site),  # the same chart as the site's Prospectus page
        # Above the site's list limit, as on the site, each ask is one line of facts: the
        # pitch and partners are left out, which keeps the engine's layout small at scale.
        compact=facts["count"] > site.list_limit,
        **facts,
    )


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfError(
            f"the PDF engine WeasyPrint cannot start ({reason}): install Pango, e.g. "
            "`apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core` on Debian or "
            "Ubuntu, then run `make install`"
        ) from None
    return weasyprint


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
    return write_html_pdf(target, lambda: render_html(plan, build_version, as_at))


def write_html_pdf(target: Path, make_html: Callable[[], str]) -> PdfResult:
    """Write the HTML document that `make_html` renders to `target` as a tagged PDF (PDF/UA),
    written whole or not at all: the engine every planpress PDF is made with.

    The target is checked before anything is rendered: a folder or a device is refused.
    """
    started = time.perf_counter()
    try:
        writable_target(target)
    except OutputError as exc:
        raise PdfError(str(exc)) from None
    weasyprint = _weasyprint()
    html = make_html()
    document = weasyprint.HTML(string=html, base_url=str(Path(target).parent)).render()
    del html
    gc.collect()  # the parse's garbage, freed before the PDF's streams are built
    try:
        written = write_whole(
            target,
            lambda stream: document.write_pdf(stream, pdf_variant="pdf/ua-1", pdf_tags=True),
        )
    except OutputError as exc:
        raise PdfError(str(exc)) from None
    return PdfResult(
        target, len(document.pages), written.stat().st_size, time.perf_counter() - started
    )
