"""The registry of the site's pages: the one table that the navigation, the pages' sources and
the page macros all come from.

Each `SitePage` says what a page holds (`key`, what macros and `Site.page_href` link it by), its
Markdown source under docs/, its title and place in the navigation, and the macros written on
it, as `module.function` in `render.pages` (the function's name is the macro's name). The page
macros are resolved from here by `render.pages`, which holds them: the modules that link to a
page (`records`, `site`) read this table without importing the macros.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SitePage:
    """One of planpress's pages: what it holds, its source, where the navigation lists it and
    the macros written on it."""

    key: str  # what links name it by: `site.page_href("partners")`
    source: str  # its Markdown file under docs/, e.g. `plan/index.md`
    title: str  # in the navigation
    section: str | None = None  # the navigation's section listing it (None: the top level)
    macros: tuple[str, ...] = ()  # `module.function` of render.pages, each a page macro

    @property
    def heads_section(self) -> bool:
        """Whether the page is its section's own page, listed first and untitled in it."""
        return self.section == self.title


PLAN = "Implementation plan"
GOVERNANCE = "Governance"
REFERENCE = "Reference"

PAGES: tuple[SitePage, ...] = (
    SitePage(
        "home",
        "index.md",
        "Home",
        macros=(
            "overview.plan_intro",
            "overview.board_cycle",
            "overview.key_figures",
            "overview.illustrative_notice",
        ),
    ),
    SitePage(
        "strategy",
        "strategy.md",
        "Strategy",
        macros=("overview.documents", "overview.strands", "overview.themes"),
    ),
    # The plan's overview heads its section; each sub-group's page (`group_page`) follows it.
    SitePage(
        "plan",
        "plan/index.md",
        PLAN,
        PLAN,
        macros=(
            "overview.status_counts",
            "overview.theme_counts",
            "overview.strand_counts",
            "overview.group_links",
            "overview.prospectus_asks",
            "listings.actions_by_theme",
            "listings.actions_by_group",
            "listings.actions_by_owner",
            "listings.group_page",
        ),
    ),
    SitePage(
        "timeline",
        "timeline.md",
        "Timeline",
        macros=("timeline.timeline", "timeline.timeline_table"),
    ),
    SitePage("progress", "progress.md", "Progress", macros=("progress.progress",)),
    SitePage("changes", "changes.md", "What changed", macros=("changes.changes",)),
    SitePage("report", "report.md", "Board report", macros=("report.board_report",)),
    SitePage(
        "prospectus",
        "prospectus.md",
        "Prospectus",
        macros=(
            "prospectus.prospectus_case",
            "prospectus.prospectus_asks_by_theme",
            "prospectus.prospectus_next_steps",
        ),
    ),
    SitePage(
        "governance",
        "governance.md",
        GOVERNANCE,
        GOVERNANCE,
        macros=("governance.governance_groups", "governance.meetings"),
    ),
    SitePage(
        "procurement",
        "procurement.md",
        "Procurement",
        GOVERNANCE,
        macros=("governance.procurements",),
    ),
    SitePage("partners", "partners.md", "Partners", macros=("governance.partners",)),
    SitePage("glossary", "glossary.md", "Glossary", REFERENCE, macros=("governance.glossary",)),
    SitePage(
        "reference",
        "reference.md",
        "Data reference",
        REFERENCE,
        macros=("data_reference.data_reference", "settings_reference.settings_reference"),
    ),
    SitePage("data", "data.md", "Open data", REFERENCE, macros=("open_data.open_data",)),
    SitePage("contributing", "contributing.md", "How to contribute", REFERENCE),
    SitePage(
        "accessibility",
        "accessibility.md",
        "Accessibility statement",
        REFERENCE,
        macros=("overview.contact",),
    ),
)

PAGE_SOURCES: dict[str, str] = {page.key: page.source for page in PAGES}
"""The Markdown pages (under docs/) that the macros link to, by what they hold."""


def navigation(pages: tuple[SitePage, ...] = PAGES) -> list[Any]:
    """The navigation of `pages`, as mkdocs.yml's `nav` writes it: a page at the top level as
    `{title: source}`, a section as `{section: [its own page's source, {title: source}, ...]}`.
    A new list each time, for its caller to extend."""
    nav: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for page in pages:
        if page.section is None:
            nav.append({page.title: page.source})
            continue
        entries = sections.get(page.section)
        if entries is None:
            entries = sections[page.section] = []
            nav.append({page.section: entries})
        entries.append(page.source if page.heads_section else {page.title: page.source})
    return nav
