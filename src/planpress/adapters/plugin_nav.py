"""The site's navigation when mkdocs.yml gives none: planpress's pages from the registry of
pages (`render.registry`), the site's own pages after its Reference pages, and a page for each
sub-group after the plan's overview."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from planpress.adapters.macros import title_markup
from planpress.core.model import Plan
from planpress.render import PAGE_SOURCES, group_page_path, groups_with_pages, navigation

PACKAGE = Path(__file__).resolve().parent.parent
PAGES_DIR = PACKAGE / "pages"

# The navigation when mkdocs.yml gives none, from the registry of pages (render.registry). The
# site's own pages follow, under Reference.
DEFAULT_NAV: list[Any] = navigation()


def package_pages() -> list[str]:
    """The pages planpress gives every site, as paths under docs/."""
    return sorted(p.relative_to(PAGES_DIR).as_posix() for p in PAGES_DIR.rglob("*.md"))


def default_nav(docs_dir: Path, own: list[Any]) -> list[Any]:
    """planpress's navigation, with the site's own pages after its Reference pages."""
    nav = copy.deepcopy(DEFAULT_NAV)
    listed = set(package_pages())
    if not own and docs_dir.is_dir():
        own = sorted(
            uri
            for uri in (p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
            if uri not in listed
            and Path(uri).name.lower() != "readme.md"
            and not any(part.startswith((".", "_")) for part in uri.split("/"))
        )
    reference = next(entry for entry in nav if "Reference" in entry)
    reference["Reference"].extend(own)
    return nav


def add_group_entries(nav: list[Any], plan: Plan) -> None:
    """List each sub-group's page in the navigation, after the plan's overview page."""
    entries = [
        {title_markup(group.name): group_page_path(group.id)} for group in groups_with_pages(plan)
    ]
    if not entries:
        return
    section = _section_holding(nav, PAGE_SOURCES["plan"])
    if section is None:
        nav.append({"Sub-groups": entries})
    else:
        known = {str(v) for item in section if isinstance(item, dict) for v in item.values()}
        section.extend(e for e in entries if next(iter(e.values())) not in known)


def _section_holding(nav: list[Any], path: str) -> list[Any] | None:
    for item in nav:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    if path in value or any(
                        isinstance(v, dict) and path in v.values() for v in value
                    ):
                        return value
                    found = _section_holding(value, path)
                    if found is not None:
                        return found
    return None
