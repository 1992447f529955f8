"""The What changed page: what changed since the version before, in tables by kind of change."""

from __future__ import annotations

from planpress.render.change_words import describe_change
from planpress.render.environment import render_template
from planpress.render.site import Site

# The tables of the changes page: heading, anchor, and the action fields each one covers.
SECTIONS = (
    ("Status and RAG rating", "status", ("status", "rag")),
    ("Dates moved", "dates", ("start", "due")),
    ("Budget and funding", "budget", ("budget.amount", "budget.funded", "budget.source")),
    ("Owner, sub-group and theme", "ownership", ("owner", "group", "theme", "strand")),
    ("Other changes", "other", ("title", "partners", "depends_on")),
)


def changes(site: Site) -> str:
    """What changed since the version before this one (or since the last published version)."""
    build_version = site.build_version
    found = build_version.changes if build_version else None
    sections = []
    if found is not None:
        for heading, anchor, fields in SECTIONS:
            rows = [
                (action, describe_change(site, change))
                for name in fields
                for action, change in found.with_field(name)
            ]
            sections.append((heading, anchor, rows))
    return render_template(
        "changes.html", site=site, build_version=build_version, changes=found, sections=sections
    )
