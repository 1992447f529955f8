"""The prospectus section of the site: the case, the asks by theme and strand, and next steps."""

from __future__ import annotations

from planpress.render import asks as pr
from planpress.render.site import Site, render_template


def _context(site: Site) -> dict:
    plan = site.plan
    return {
        "site": site,
        "info": pr.info(plan),
        "themes": pr.asks_by_theme(plan),
        "total": pr.total_ask(plan),
        "secured": pr.total_secured(plan),
        "count": len(pr.asks(plan)),
        "event": pr.fiscal_event(plan),
        "meetings": pr.board_meetings(plan),
        "secured_of": pr.secured,
    }


def prospectus_case(site: Site) -> str:
    """The case for investment, the fiscal event it is for, and the PDF to download."""
    return render_template("prospectus_case.html", **_context(site))


def prospectus_asks(site: Site) -> str:
    """Totals by theme, then every ask grouped by theme and strand."""
    context = _context(site)
    return render_template(
        "prospectus_sections.html", compact=context["count"] > site.list_limit, **context
    )


def prospectus_next_steps(site: Site) -> str:
    """Board dates, procurement and next steps."""
    return render_template(
        "prospectus_next_steps.html", procurements=site.plan.procurements, **_context(site)
    )
