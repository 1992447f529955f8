"""Rendering: the plan as HTML fragments for the site's pages (the core, free of MkDocs).

The adapter (`planpress.adapters.macros`) registers each function of `PAGE_MACROS` as a page macro,
bound to a `Site` for the page being rendered, so a page calls e.g. `{{ status_counts() }}` or
`{{ group_page('a-group-id') }}`. Every macro is pure (data in, text out), escapes every value
from data and returns one block of HTML with no blank line, so Markdown leaves it alone.

- `pages/`: the page macros, a module per page; `registry`: the table of pages that the
  navigation, the pages' sources and `PAGE_MACROS` come from;
- `charts/`: the static SVG charts (bar and line charts, the timeline) and their geometry;
- `pdf/`: the prospectus and the board report as PDFs;
- the modules they share: `site` (the plan seen from one page), `records` (where each kind of
  record is shown), `environment` (the templates), `text`, `index`, `abbreviations`, and the
  facts that a page and a PDF both show (`asks`, `board_report`, `change_words`, `baselines`,
  `cycle`); and `links` (checks a built site's links), `affected` (which pages an edit of the
  data affects, for the preview) and `root` (the pages at a published site's root).
"""

from __future__ import annotations

from planpress.render.environment import ENV, markdown_block, render_template
from planpress.render.index import groups_with_pages
from planpress.render.pages import PAGE_MACROS
from planpress.render.records import RECORD_KINDS, group_page_path
from planpress.render.registry import PAGE_SOURCES, PAGES, SitePage, navigation
from planpress.render.site import Site
from planpress.render.text import format_money, one_line, paragraphs, plain_label, web_url

__all__ = [
    "ENV",
    "PAGES",
    "PAGE_MACROS",
    "PAGE_SOURCES",
    "RECORD_KINDS",
    "Site",
    "SitePage",
    "format_money",
    "group_page_path",
    "groups_with_pages",
    "markdown_block",
    "navigation",
    "one_line",
    "paragraphs",
    "plain_label",
    "render_template",
    "web_url",
]
