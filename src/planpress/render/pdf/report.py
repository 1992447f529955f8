"""The board report as a tagged PDF: the same facts and template as the Board report page
(`pages.report`), in a standalone document for `planpress report` and a published version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from planpress.render.board_report import BoardReport
from planpress.render.environment import ENV, TEMPLATES_DIR
from planpress.render.pdf.engine import PdfResult, write_html_pdf
from planpress.render.site import Site

PDF_TEMPLATE = "pdf/report.html"
STYLESHEET = TEMPLATES_DIR / "pdf" / "report.css"


def render_report_html(site: Site, report: BoardReport) -> str:
    """The report as a standalone HTML document, for the PDF engine."""
    plan = site.plan  # `site`: names and money as the site writes them (the PDF links none)
    organisation = site.name("org", plan.plan.organisation)
    context: dict[str, Any] = {
        "plan": plan,
        "site": site,
        "report": report,
        "build_version": None,
        "linked": False,
        "organisation": organisation,
        "subject": f"Board report to {report.meeting.title} on {plan.plan.title}, "
        f"as at {report.as_at_label}",
        "css": Markup(STYLESHEET.read_text(encoding="utf-8")),  # the project's own file
    }
    return ENV.get_template(PDF_TEMPLATE).render(**context)


def write_report_pdf(site: Site, report: BoardReport, target: Path) -> PdfResult:
    """Write the report as a tagged PDF to `target` (written whole, or not at all)."""
    return write_html_pdf(target, lambda: render_report_html(site, report))
