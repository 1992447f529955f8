"""The registry of pages (render/registry.py): the navigation, the pages' sources and the page
macros all come from it, and it lists every page planpress gives a site."""

from __future__ import annotations

import re

from render_cases import ROOT

from planpress.render import PAGE_MACROS, PAGE_SOURCES, PAGES, navigation
from planpress.render.pages import page_macro

PAGES_DIR = ROOT / "src" / "planpress" / "pages"


def test_the_navigation_lists_every_page_in_its_section() -> None:
    assert navigation() == [
        {"Home": "index.md"},
        {"Strategy": "strategy.md"},
        {"Implementation plan": ["plan/index.md"]},
        {"Timeline": "timeline.md"},
        {"Progress": "progress.md"},
        {"What changed": "changes.md"},
        {"Board report": "report.md"},
        {"Prospectus": "prospectus.md"},
        {"Governance": ["governance.md", {"Procurement": "procurement.md"}]},
        {"Partners": "partners.md"},
        {
            "Reference": [
                {"Glossary": "glossary.md"},
                {"Data reference": "reference.md"},
                {"Open data": "data.md"},
                {"How to contribute": "contributing.md"},
                {"Accessibility statement": "accessibility.md"},
            ]
        },
    ]
    assert navigation() is not navigation()  # a new list for each caller to extend


def test_every_page_of_the_package_is_registered_once() -> None:
    on_disk = sorted(p.relative_to(PAGES_DIR).as_posix() for p in PAGES_DIR.rglob("*.md"))
    assert sorted(page.source for page in PAGES) == on_disk
    assert len(PAGE_SOURCES) == len(PAGES)
    assert PAGE_SOURCES["plan"] == "plan/index.md" and PAGE_SOURCES["home"] == "index.md"


def test_each_macro_is_named_by_its_function_and_written_on_its_page() -> None:
    references = [reference for page in PAGES for reference in page.macros]
    assert len(PAGE_MACROS) == len(references)  # no name twice
    for name, function in PAGE_MACROS.items():
        assert function.__name__ == name
        assert function.__module__.startswith("planpress.render.pages.")
    for page in PAGES:
        text = (PAGES_DIR / page.source).read_text(encoding="utf-8")
        called = set(re.findall(r"\{\{\s*(\w+)\(", text))
        named = {reference.partition(".")[2] for reference in page.macros}
        assert named - {"group_page"} <= called, page.source  # group_page: generated pages


def test_a_reference_names_its_module_and_function() -> None:
    name, function = page_macro("timeline.timeline_table")
    assert name == "timeline_table" and function is PAGE_MACROS["timeline_table"]
