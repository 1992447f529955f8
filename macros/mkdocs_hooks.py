"""MkDocs hooks (adapter): one generated page per sub-group that owns actions, and the glossary.

A page per sub-group keeps every page small however large the plan grows, and needs no Markdown
file per group: the pages and their navigation entries come from `data/groups.yml`. Every
glossary term is marked as an abbreviation in each page's HTML, in one pass per page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from macros import data_dir_for, repo_edit_base, title_markup
from macros.load import PlanError, load_plan_cached, require_plan
from macros.render import group_page_path, groups_with_pages
from macros.render_site import Abbreviations, PlanIndex

PLAN_INDEX = "plan/index.md"

# The glossary's marks for the build in progress: made in `on_files`, once per build.
_build_marks: list[Abbreviations] = []


def _plan(config: Any):
    try:
        return require_plan(data_dir_for(config))[0]
    except PlanError as exc:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(exc)) from None


def on_config(config: Any) -> Any:
    """List each sub-group's page in the navigation, after the plan's overview page."""
    plan = _plan(config)
    entries = [
        {title_markup(group.name): group_page_path(group.id)} for group in groups_with_pages(plan)
    ]
    if not entries or config.get("nav") is None:
        return config
    section = _section_holding(config["nav"], PLAN_INDEX)
    if section is None:
        config["nav"].append({"Sub-groups": entries})
    else:
        known = {str(v) for item in section if isinstance(item, dict) for v in item.values()}
        section.extend(e for e in entries if next(iter(e.values())) not in known)
    return config


def _section_holding(nav: list, path: str) -> list | None:
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


def on_files(files: Files, config: Any) -> Files:
    """Add a generated Markdown page per sub-group; the page is one macro call."""
    plan = _plan(config)
    _build_marks[:] = [PlanIndex.of(plan).abbreviations]
    for group in groups_with_pages(plan):
        path = group_page_path(group.id)
        if files.get_file_from_path(path) is None:  # a hand-written page wins
            files.append(
                File.generated(config, path, content=f"{{{{ group_page('{group.id}') }}}}\n")
            )
    return files


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Mark every glossary term in the page's text as an abbreviation with its definition.

    One regular expression made once per plan and one pass over the page, however long the
    glossary (the Markdown abbr extension's definitions cost time per term on every page).
    Terms are not marked inside code, tags, attributes, entities, or an existing abbreviation.
    """
    marks = _build_marks[0] if _build_marks else PlanIndex.of(_plan(config)).abbreviations
    return marks.apply(html)


def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    """ "Edit this page" on a page built from data opens the data file behind it.

    Generated sub-group pages open the file of the group's first action; a page may name its
    file in its front matter (`edit_data: data/organisations.yml`).
    """
    if page.file.generated_by and page.file.src_uri.startswith("plan/"):
        page.edit_url = _data_edit_url(config, page.file.src_uri[len("plan/") : -len(".md")])
    elif page.meta.get("edit_data") and repo_edit_base(config):
        page.edit_url = repo_edit_base(config) + str(page.meta["edit_data"]).lstrip("/")
    return context


def _data_edit_url(config: Any, group_id: str) -> str | None:
    """The repository's edit link for the file holding the group's first action, if any."""
    base = repo_edit_base(config)
    if base is None:
        return None
    result = load_plan_cached(data_dir_for(config))
    actions = result.plan.actions if result.plan else []
    first = next((a for a in actions if a.group == group_id), None)
    location = result.locations.get(("action", first.id)) if first else None
    if location is None:
        return None
    project = Path(config["config_file_path"]).resolve().parent
    try:
        path = Path(location.path).resolve().relative_to(project).as_posix()
    except ValueError:  # data kept outside the project: nothing to link to
        return None
    return base + path
