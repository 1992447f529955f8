"""The prospectus section of the site: the case, the asks by theme and strand, and next steps."""

from __future__ import annotations

from typing import Any

from planpress.render import charts
from planpress.render.asks import prospectus_context
from planpress.render.environment import render_template
from planpress.render.site import Site


def _context(site: Site) -> dict[str, Any]:
    return {"site": site, **prospectus_context(site.plan)}


def prospectus_case(site: Site) -> str:
    """The case for investment, the fiscal event it is for, and the PDF to download."""
    return render_template("prospectus_case.html", **_context(site))


def prospectus_asks_by_theme(site: Site) -> str:
    """A chart of the asks by theme, totals by theme, then every ask grouped by theme and
    strand."""
    context = _context(site)
    return render_template(
        "prospectus_asks_by_theme.html",
        compact=context["count"] > site.list_limit,
        chart=charts.asks_by_theme(site),
        **context,
    )


def prospectus_next_steps(site: Site) -> str:
    """Board dates, procurement and next steps."""
    return render_template("prospectus_next_steps.html", **_context(site))
