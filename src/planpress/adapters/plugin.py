"""The `planpress` MkDocs plugin (adapter): what every site gets from the installed package.

- planpress's pages (home, strategy, plan, timeline, what changed, prospectus, governance,
  procurement, partners, glossary, data reference, open data, how to contribute,
  accessibility), each replaced by a page of the same path in the site's own `docs/`;
- planpress's theme overrides, layered under the site's own `overrides/` (`custom_dir`), and its
  stylesheets and scripts;
- the Markdown extensions the pages are written with, the navigation (unless mkdocs.yml gives
  one), and the preview watching the data;
- one generated page per sub-group that owns actions, with its navigation entry: every page
  stays small however large the plan grows;
- every glossary term marked as an abbreviation in each page's HTML, in one pass per page;
- "Edit this page" opening the data file behind a page;
- the search index (Pagefind's, adapters/search.py), made in `pagefind/` after every build, in
  place of Material's search plugin, which it switches off.

So an upgrade of planpress brings new pages and fixes without touching the site's files.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.base import LegacyConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from planpress.adapters.blocks import restore
from planpress.adapters.macros import repo_edit_base, settings_for
from planpress.adapters.plugin_nav import PAGES_DIR, add_group_entries, default_nav
from planpress.adapters.search import build_index
from planpress.adapters.search_service import SearchIndexError
from planpress.core.plancache import PlanError, require_plan
from planpress.core.settings import SettingsError, read_config, settings_from, settings_problems
from planpress.render import group_page_path, groups_with_pages
from planpress.render.site import Site

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from planpress.core.load import SourceLocation
    from planpress.core.model import Plan

log = logging.getLogger("mkdocs.plugins.planpress")

PACKAGE = Path(__file__).resolve().parent.parent
OVERRIDES_DIR = PACKAGE / "theme" / "overrides"
ASSETS_DIR = PACKAGE / "theme" / "assets"


EXTRA_CSS = (
    "stylesheets/planpress.css",
    "stylesheets/charts.css",
    "stylesheets/accessibility.css",
    "stylesheets/search.css",
)
# Filter and sort the tables of actions; keyboard access to the header's buttons; search (with
# the site's own Pagefind index); a published version's seal in its footer; printing opens
# collapsed sections. Served by the site itself, never a CDN.
EXTRA_JAVASCRIPT = (
    "javascripts/tables.js",
    "javascripts/keyboard.js",
    "javascripts/search.js",
    "javascripts/seal.js",
    "scripts/print.js",
)
# Material's search plugin, which planpress's search replaces: listed in mkdocs.yml, it is
# switched off (see PlanpressPlugin.on_config).
MATERIAL_SEARCH = ("material/search", "search")

MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
}


def _plan(config: MkDocsConfig) -> tuple[Plan, dict[tuple[str, str], SourceLocation]]:
    try:
        return require_plan(settings_for(config).data_dir)
    except PlanError as exc:
        raise PluginError(str(exc)) from None


# No options of its own: LegacyConfig is the class MkDocs gives a plain BasePlugin's options.
# (MkDocs' BasePlugin.__init_subclass__ has no annotations, which mypy --strict reports.)
class PlanpressPlugin(BasePlugin[LegacyConfig]):  # type: ignore[no-untyped-call,unused-ignore]
    """planpress's pages, theme, navigation, sub-group pages and glossary, for any site."""

    def __init__(self) -> None:
        # The plan as the whole build sees it (not from any one page): made in `on_files`.
        self._site: Site | None = None
        # What the last build was made of, for a preview that renders pages again.
        self.built: dict[str, Any] = {}
        # False in a preview, which makes the search index in the background.
        self.index_search = True

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        problems = settings_problems(config, Path(config["config_file_path"]).name)
        if problems:
            raise PluginError("planpress: " + "\n".join(problems))
        settings = settings_for(config)
        config["extra"][SITE_ROOT_KEY] = site_root(config)
        theme = config["theme"]
        if str(OVERRIDES_DIR) not in theme.dirs:
            theme.dirs.insert(1 if theme.custom_dir else 0, str(OVERRIDES_DIR))
        for position, path in enumerate(EXTRA_CSS):
            if path not in config["extra_css"]:
                config["extra_css"].insert(position, path)
        scripts = [str(getattr(s, "path", s)) for s in config["extra_javascript"]]
        for position, path in enumerate(EXTRA_JAVASCRIPT):
            if path not in scripts:
                config["extra_javascript"].insert(position, path)
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config["markdown_extensions"]:
                config["markdown_extensions"].append(name)
                config["mdx_configs"].setdefault(name, options)
        if config.get("nav") is None:
            config["nav"] = default_nav(Path(config["docs_dir"]), list(settings.nav))
        if settings.data_dir.is_dir() and str(settings.data_dir) not in config["watch"]:
            config["watch"].append(str(settings.data_dir))
        add_group_entries(config["nav"], _plan(config)[0])
        _switch_off_material_search(config)
        return config

    def use_plan(
        self,
        plan: Plan,
        locations: dict[tuple[str, str], SourceLocation],
        config: MkDocsConfig,
    ) -> None:
        """Make `plan` the one the pages' glossary terms and edit links come from."""
        self._site = Site(
            plan,
            locations=locations,
            repo_edit_base=repo_edit_base(config),
            project_dir=settings_for(config).project,
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        plan, locations = _plan(config)
        self.use_plan(plan, locations, config)
        self.built = {"files": files, "plan": plan, "locations": locations}
        for folder in (PAGES_DIR, ASSETS_DIR):
            for path in sorted(folder.rglob("*")):
                uri = path.relative_to(folder).as_posix()
                if path.is_file() and files.get_file_from_path(uri) is None:  # the site's wins
                    files.append(
                        File(uri, str(folder), config["site_dir"], config["use_directory_urls"])
                    )
        for group in groups_with_pages(plan):
            page_uri = group_page_path(group.id)
            if files.get_file_from_path(page_uri) is None:  # a hand-written page wins
                files.append(
                    File.generated(
                        config, page_uri, content=f"{{{{ group_page('{group.id}') }}}}\n"
                    )
                )
        return files

    @event_priority(50)  # the macros' HTML back in place before any other plugin reads it
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the macros' HTML back (adapters/blocks.py), then mark every glossary term in the
        page's text as an abbreviation with its definition.

        One regular expression made once per build and one pass over the page, however long
        the glossary. Terms are not marked inside code, tags, attributes, entities, or an
        existing abbreviation.
        """
        assert self._site is not None  # on_files comes first
        return self._site.abbreviations.apply(restore(html, page))

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """ "Edit this page" on a page built from data opens the data file behind it.

        Generated sub-group pages open the file of the group's first action; a page may name
        its file in its front matter (`edit_data: data/organisations.yml`). planpress's own
        pages that name no file have no edit link: they are not in the site's repository.
        """
        site = self._site
        assert site is not None
        if page.file.generated_by and page.file.src_uri.startswith("plan/"):
            group_id = page.file.src_uri[len("plan/") : -len(".md")]
            first = site.actions_of_group(group_id)[:1]
            page.edit_url = site.source_edit_url("action", first[0].id) if first else None
        elif page.meta.get("edit_data"):
            page.edit_url = site.repository_edit_url(
                _data_path(config, str(page.meta["edit_data"]))
            )
        elif Path(page.file.src_dir or "") == PAGES_DIR:
            page.edit_url = None
        return context

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.built["nav"] = nav
        return nav

    @event_priority(-100)  # the environment as every other plugin leaves it
    def on_env(
        self, env: jinja2.Environment, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self.built["env"] = env
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        """The search index of the site just built, in its `pagefind/` (so every version that
        mike publishes has its own). A failure fails the build, with Pagefind's reason."""
        if not self.index_search:
            return
        try:
            counts = build_index(
                Path(config["site_dir"]),
                self.built["plan"],
                directory_urls=config["use_directory_urls"],
            )
        except SearchIndexError as exc:
            raise PluginError(f"planpress: the search index could not be built: {exc}") from None
        log.debug("planpress: search index of %(pages)d pages and %(actions)d actions", counts)


SITE_ROOT_KEY = "planpress_site_root"
"""Where the site's root address is kept in `extra`, for the pages and the open data."""


def site_root(config: MkDocsConfig) -> str | None:
    """The address of the folder that holds every version: mkdocs.yml's `site_url`.

    While mike builds a version, its plugin rewrites `site_url` to the canonical version's
    folder (`…/latest/`), for canonical links; addresses of the site's own (the calendar to
    subscribe to, the feed, each version's folder) are made from the root instead. It is read
    from mkdocs.yml itself, whatever order the plugins run in. A preview keeps its own address.
    """
    if not os.environ.get("MIKE_DOCS_VERSION"):
        return config.get("site_url") or None
    try:
        raw = read_config(Path(config["config_file_path"]))
    except SettingsError:
        return config.get("site_url") or None
    return settings_from(Path(config["config_file_path"]).parent, raw).site_url or None


def _switch_off_material_search(config: MkDocsConfig) -> None:
    """Material's search plugin, still listed in an older mkdocs.yml, is switched off: its
    index (search/search_index.json) is the whole site's text in one file, which planpress's
    search replaces. Said at INFO level, so that `mkdocs build --strict` still passes."""
    for name in MATERIAL_SEARCH:
        material = config["plugins"].get(name)
        if material is not None and material.config.get("enabled", True):
            material.config["enabled"] = False
            log.info(
                "planpress: search is planpress's own (Pagefind, built with the site): "
                "Material's `search` plugin is switched off, and can be removed from the "
                "plugins in %s",
                Path(config["config_file_path"]).name,
            )


def _data_path(config: MkDocsConfig, written: str) -> str:
    """A page's `edit_data` (`data/glossary.yml`) as a path in the repository."""
    written = written.lstrip("/")
    settings = settings_for(config)
    if written == "data" or written.startswith("data/"):
        written = settings.relative(settings.data_dir) + written[len("data") :]
    return written
