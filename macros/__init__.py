"""planpress: a plan kept as validated YAML, published as a site, a PDF and open data.

This module is the adapter for mkdocs-macros-plugin: `define_env` loads the plan once per build
and registers the page macros. Everything it calls lives in the MkDocs-free core
(model, load, checks, render).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .load import PlanError, require_plan


def data_dir_for(config: Any) -> Path:
    """The plan's data folder: `extra.planpress.data` in mkdocs.yml, else `data/` beside it."""
    base = Path(config["config_file_path"]).parent
    extra = (config.get("extra") or {}).get("planpress") or {}
    return base / extra.get("data", "data")


def title_markup(text: str) -> Markup:
    """Text from data as a title for the theme's templates, which do not escape.

    Escaped once; braces as entities too, because mkdocs-macros renders any page title that
    contains `{{` as a template.
    """
    return Markup(str(escape(text)).replace("{", "&#123;").replace("}", "&#125;"))


def site_name_for(plan: Any) -> Markup:
    """The site's name, from the data."""
    return title_markup(plan.plan.short_title or plan.plan.title)


def define_env(env: Any) -> None:
    """Register the page macros of `render.PAGE_MACROS`, each bound to the loaded plan."""
    from .render import PAGE_MACROS, Site

    try:
        plan, locations = require_plan(data_dir_for(env.conf))
    except PlanError as exc:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(exc)) from None
    env.conf["site_name"] = site_name_for(plan)
    env.conf["site_description"] = Markup(escape(" ".join(plan.plan.summary.split())[:300]))

    def site() -> Site:
        """Where the page being rendered sits in the site, for relative links."""
        return Site(plan, page_url=env.page.url if env.page else "", locations=locations)

    for name, function in PAGE_MACROS.items():
        env.macro(_bind(function, site), name)


def _bind(function: Any, site: Any) -> Any:
    def macro(*args: Any, **kwargs: Any) -> str:
        return function(site(), *args, **kwargs)

    macro.__doc__ = function.__doc__
    return macro


def on_post_page_macros(env: Any) -> None:
    """Append the glossary as abbreviations, so every term gets a tooltip on every page."""
    from .render import abbreviation_lines

    plan, _ = require_plan(data_dir_for(env.conf))
    lines = abbreviation_lines(plan)
    if lines:
        env.markdown += "\n\n" + "\n".join(lines) + "\n"
