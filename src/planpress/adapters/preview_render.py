"""The preview's partial build: the pages an edit of the data affects, rendered again in place
(the sub-group pages of the edited actions last); a page whose HTML comes out the same is not
written. An edit that changes the navigation or every page asks for the whole site again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from planpress.adapters.plugin import PlanpressPlugin
    from planpress.core.load import SourceLocation
    from planpress.core.model import Plan

log = logging.getLogger("mkdocs.planpress.preview")


class WholeSite(Exception):
    """The edit needs the whole site built again: the message says why."""


@dataclass
class Built:
    """What the last build was made of."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    plan: Plan
    locations: dict[tuple[str, str], SourceLocation]


def planpress_plugin(config: MkDocsConfig) -> PlanpressPlugin:
    """planpress's plugin, as the configuration loaded it."""
    return cast("PlanpressPlugin", config.plugins["planpress"])


def render_again(
    built: Built,
    data_dir: Path | None,
    lock: threading.Lock,
    index: Callable[[Built], None],
) -> str | None:
    """Render again the pages an edit of the data affects; what was done, in words (None
    when the data has problems, which are listed, and the site is left as it was).

    Raises WholeSite when the edit needs the whole site built again. `index` is given the
    build once its pages are written (the search index is made from it).
    """
    from planpress.adapters import macros
    from planpress.adapters.mkdocs_private import build_page, populate_page
    from planpress.core.plancache import PlanError, require_plan
    from planpress.render.affected import affected_by
    from planpress.render.records import group_page_path

    assert data_dir is not None
    try:
        plan, locations = require_plan(data_dir)
    except PlanError as exc:
        for problem in exc.problems:
            log.error("%s", problem)
        log.error("planpress: fix the problems above; the preview shows the site as it was")
        return None
    affected = affected_by(built.plan, built.locations, plan, locations)
    if affected.nothing:
        built.plan, built.locations = plan, locations
        return "the data changed nothing on the pages"
    if affected.everything:
        raise WholeSite(affected.reason)
    config = built.config
    env: Any = config.plugins["macros"]  # mkdocs-macros' MacrosPlugin (see adapters/macros.py)
    before = dict(config.extra.get("planpress_build_version") or {})
    macros.use_plan(env, plan, locations)
    if config.extra.get("planpress_build_version") != before:
        raise WholeSite("the version shown on every page changed")
    planpress_plugin(config).use_plan(plan, locations, config)
    all_groups = {group_page_path(g.id) for g in plan.groups}
    edited = {group_page_path(g) for g in affected.groups}
    pages = [f.page for f in built.files.documentation_pages() if f.page is not None]
    overviews = [
        p
        for p in pages
        if not (p.file.generated_by and p.file.src_uri in all_groups) and _uses_macros(p)
    ]
    sub_groups = [p for p in pages if p.file.generated_by and p.file.src_uri in edited]
    doc_files = built.files.documentation_pages()
    written = 0
    with lock:
        for page in overviews + sub_groups:
            content, title = page.content, page.title
            populate_page(page, config, built.files)
            if page.title != title:
                raise WholeSite(f"the title of {page.file.src_uri} changed")
            if page.content == content:
                continue
            build_page(page, config, doc_files, built.nav, built.env)
            written += 1
            log.debug("planpress: rendered %s again", page.file.src_uri)
        macros.on_post_build(env)  # the open data files
    built.plan, built.locations = plan, locations
    index(built)
    actions = len(affected.actions)
    return (
        f"{actions} action{'s' if actions != 1 else ''} changed: rendered "
        f"{len(overviews) + len(sub_groups)} of {len(pages)} pages again, {written} changed"
    )


def _uses_macros(page: Page) -> bool:
    """Whether the page's Markdown calls the macros (only then can the data change it)."""
    if page.meta.get("render_macros") is False:
        return False
    source = page.file.content_string
    return "{{" in source or "{%" in source
