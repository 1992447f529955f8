"""Rendering: the plan as HTML fragments for the site's pages (the core, free of MkDocs).

The adapter (`planpress.adapters.macros`) registers each function of `PAGE_MACROS` as a page macro,
bound to a `Site` for the page being rendered, so a page calls e.g. `{{ status_counts() }}` or
`{{ group_page('a-group-id') }}`. Every macro is pure (data in, text out), escapes every value
from data and returns one block of HTML with no blank line, so Markdown leaves it alone.
"""

from __future__ import annotations

from collections.abc import Callable

from planpress.render import governance, listings, overview
from planpress.render.changes import changes
from planpress.render.environment import ENV, markdown_block, render_template
from planpress.render.index import groups_with_pages
from planpress.render.opendata_page import open_data
from planpress.render.progress import progress_page
from planpress.render.prospectus import prospectus_asks as prospectus_ask_sections
from planpress.render.prospectus import prospectus_case, prospectus_next_steps
from planpress.render.records import PAGE_SOURCES, RECORD_KINDS, group_page_path
from planpress.render.reference import data_reference
from planpress.render.report import board_report
from planpress.render.settings_page import settings_reference
from planpress.render.site import Site
from planpress.render.text import format_money, one_line, paragraphs, plain_label, web_url
from planpress.render.timeline import timeline, timeline_table

__all__ = [
    "ENV",
    "PAGE_MACROS",
    "PAGE_SOURCES",
    "RECORD_KINDS",
    "Site",
    "format_money",
    "group_page_path",
    "groups_with_pages",
    "markdown_block",
    "one_line",
    "paragraphs",
    "plain_label",
    "render_template",
    "web_url",
]

PAGE_MACROS: dict[str, Callable[..., str]] = {
    # Home
    "plan_intro": overview.plan_intro,
    "board_cycle": overview.board_cycle,
    "key_figures": overview.key_figures,
    "illustrative_notice": overview.illustrative_notice,
    "contact": overview.contact,
    # Strategy
    "documents": overview.documents,
    "strands": overview.strands,
    "themes": overview.themes,
    # Implementation plan, and each group's generated page
    "status_counts": overview.status_counts,
    "theme_counts": overview.theme_counts,
    "strand_counts": overview.strand_counts,
    "group_links": overview.group_links,
    "prospectus_asks": overview.prospectus_asks,
    "actions_by_theme": listings.actions_by_theme,
    "actions_by_group": listings.actions_by_group,
    "actions_by_owner": listings.actions_by_owner,
    "group_page": listings.group_page,
    # Timeline
    "timeline": timeline,
    "timeline_table": timeline_table,
    # Governance, procurement, partners, glossary, reference, open data
    "governance_groups": governance.governance_groups,
    "meetings": governance.meetings,
    "procurements": governance.procurements,
    "partners": governance.partners,
    "glossary": governance.glossary,
    "data_reference": data_reference,
    "settings_reference": settings_reference,
    "open_data": open_data,
    # Where the plan stands as at the build's date
    "progress": progress_page,
    # What changed since the version before
    "changes": changes,
    "board_report": board_report,
    # The investment prospectus
    "prospectus_case": prospectus_case,
    "prospectus_asks_by_theme": prospectus_ask_sections,
    "prospectus_next_steps": prospectus_next_steps,
}
"""Macro name -> `f(site, *args) -> str`, an HTML block for a page."""
