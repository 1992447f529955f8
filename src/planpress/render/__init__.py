"""Rendering: the plan as HTML fragments for the site's pages (the core, free of MkDocs).

The adapter (`planpress.adapters.macros`) registers each function of `PAGE_MACROS` as a page macro,
bound to a `Site` for the page being rendered, so a page calls e.g. `{{ status_counts() }}` or
`{{ group_page('a-group-id') }}`. Every macro is pure (data in, text out), escapes every value
from data and returns one block of HTML with no blank line, so Markdown leaves it alone.
"""

from __future__ import annotations

from collections.abc import Callable

from planpress.render import pages as pages
from planpress.render.changes import changes
from planpress.render.prospectus import prospectus_asks as prospectus_ask_sections
from planpress.render.prospectus import prospectus_case, prospectus_next_steps
from planpress.render.reference import data_reference, settings_reference
from planpress.render.site import (
    ENV,
    PAGE_SOURCES,
    Site,
    finish,
    format_money,
    group_page_path,
    groups_with_pages,
    one_line,
    paragraphs,
    plain_label,
    render_template,
    web_url,
)
from planpress.render.timeline import timeline, timeline_table

__all__ = [
    "ENV",
    "PAGE_MACROS",
    "PAGE_SOURCES",
    "Site",
    "finish",
    "format_money",
    "group_page_path",
    "groups_with_pages",
    "one_line",
    "paragraphs",
    "plain_label",
    "render_template",
    "web_url",
]

PAGE_MACROS: dict[str, Callable[..., str]] = {
    # Home
    "plan_intro": pages.plan_intro,
    "board_cycle": pages.board_cycle,
    "key_figures": pages.key_figures,
    "illustrative_notice": pages.illustrative_notice,
    "contact": pages.contact,
    # Strategy
    "documents": pages.documents,
    "strands": pages.strands,
    "themes": pages.themes,
    # Implementation plan, and each group's generated page
    "status_counts": pages.status_counts,
    "theme_counts": pages.theme_counts,
    "strand_counts": pages.strand_counts,
    "group_links": pages.group_links,
    "prospectus_asks": pages.prospectus_asks,
    "actions_by_theme": pages.actions_by_theme,
    "actions_by_group": pages.actions_by_group,
    "actions_by_owner": pages.actions_by_owner,
    "group_page": pages.group_page,
    # Timeline
    "timeline": timeline,
    "timeline_table": timeline_table,
    # Governance, procurement, partners, glossary, reference
    "governance_groups": pages.governance_groups,
    "meetings": pages.meetings,
    "procurements": pages.procurements,
    "partners": pages.partners,
    "glossary": pages.glossary,
    "data_reference": data_reference,
    "settings_reference": settings_reference,
    # What changed since the version before
    "changes": changes,
    # The investment prospectus
    "prospectus_case": prospectus_case,
    "prospectus_asks_by_theme": prospectus_ask_sections,
    "prospectus_next_steps": prospectus_next_steps,
}
"""Macro name -> `f(site, *args) -> str`, an HTML block for a page."""
