"""The adapter for mkdocs-macros-plugin: `define_env` loads the plan once per build and
registers the page macros.

A site's own `macros/__init__.py` imports `define_env` and `on_post_build` from here (mkdocs.yml
names that folder with `module_name: macros`). Everything they call lives in the MkDocs-free
core and rendering (planpress.core, planpress.render, planpress.versions).

`env`, which mkdocs-macros passes to both, is its plugin (`mkdocs_macros.plugin.MacrosPlugin`):
it is typed `Any` here, because that class leaves most of what is used (`conf`, `macro`)
unannotated, and planpress keeps attributes of its own on it (`planpress_build`,
`planpress_site`, `planpress_releases`) that the class does not declare.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from planpress.core.plancache import PlanError, require_plan
from planpress.core.settings import SiteSettings, settings_from

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from planpress.core.load import SourceLocation
    from planpress.core.model import Plan
    from planpress.versions.build import BuildVersion


def settings_for(config: MkDocsConfig) -> SiteSettings:
    """Where the site's parts are, from MkDocs' loaded configuration (one rule: core.settings)."""
    return settings_from(Path(config["config_file_path"]).parent, config)


def repo_edit_base(config: MkDocsConfig) -> str | None:
    """Where files are edited in the repository, e.g. `https://github.com/o/r/edit/main/`.

    From `repo_url` and `edit_uri` (`edit/main/docs/` gives `edit/main/`); None without them.
    """
    repo_url, edit_uri = config.get("repo_url"), config.get("edit_uri")
    if not repo_url or not edit_uri:
        return None
    branch = edit_uri.strip("/").rsplit("/", 1)[0] if "/" in edit_uri.strip("/") else ""
    return f"{repo_url.rstrip('/')}/{branch}/" if branch else f"{repo_url.rstrip('/')}/"


def title_markup(text: str) -> Markup:
    """Text from data as a title for the theme's templates, which do not escape.

    Escaped once; braces as entities too, because mkdocs-macros renders any page title that
    contains `{{` as a template.
    """
    return Markup(str(escape(text)).replace("{", "&#123;").replace("}", "&#125;"))


def site_name_for(plan: Plan) -> Markup:
    """The site's name, from the data."""
    return title_markup(plan.plan.short_title or plan.plan.title)


def _plugin_error(message: str) -> Exception:
    from mkdocs.exceptions import PluginError

    return PluginError(message)


def define_env(env: Any) -> None:
    """Load the plan and its published versions once, and register the page macros."""
    from planpress.render import PAGE_MACROS

    settings = settings_for(env.conf)
    try:
        plan, locations = require_plan(settings.data_dir)
    except PlanError as exc:
        raise _plugin_error(str(exc)) from None
    env.planpress_releases = None  # read again by each build
    use_plan(env, plan, locations)
    # The plan lives for the whole build: spare the cyclic collector from walking its records
    # (and the rest of what is loaded) at every collection; on_post_build hands them back.
    gc.freeze()
    env.conf["site_name"] = site_name_for(plan)
    env.conf["site_description"] = Markup(escape(" ".join(plan.plan.summary.split())[:300]))
    for name, function in PAGE_MACROS.items():
        env.macro(_bind(function, env), name)


def use_plan(env: Any, plan: Plan, locations: dict[tuple[str, str], SourceLocation]) -> None:
    """Make `plan` the one the macros render (at the start of a build, and when a preview
    renders pages again for an edit of the data)."""
    from planpress.render import Site
    from planpress.versions.build import (
        AS_AT_VARIABLE,
        BuildVersionError,
        as_at_from_environment,
        build_version_for,
        version_from_environment,
    )
    from planpress.versions.published import RecordError, read_published_versions

    settings = settings_for(env.conf)
    try:
        # Read once per build: a preview that renders pages again for an edit of the data
        # builds the whole site when a record of a published version changes.
        releases = getattr(env, "planpress_releases", None)
        if releases is None:
            releases = env.planpress_releases = read_published_versions(settings.releases_dir)
        version = version_from_environment()
        # The one place a build reads the clock: a preview is as at today unless told; a
        # version is as at its meeting's date unless told.
        told = os.environ.get(AS_AT_VARIABLE)
        as_at = as_at_from_environment(date.today()) if version is None or told else None
        build_version = build_version_for(plan, releases, version, as_at)
    except (RecordError, BuildVersionError) as exc:
        raise _plugin_error(f"planpress: {exc}") from None
    env.conf["extra"]["planpress_build_version"] = build_version.theme_context()
    env.planpress_build = (plan, build_version)
    sites: dict[str, Site] = {}
    edit_base = repo_edit_base(env.conf)

    def site() -> Site:
        """The plan seen from the page being rendered (one per page, for relative links)."""
        url = env.page.url if env.page else ""
        if url not in sites:
            sites[url] = Site(
                plan,
                page_url=url,
                locations=locations,
                build_version=build_version,
                repo_edit_base=edit_base,
                project_dir=settings.project,
            )
        return sites[url]

    env.planpress_site = site


def _bind(function: Callable[..., str], env: Any) -> Callable[..., str]:
    from planpress.adapters.blocks import hold
    from planpress.versions.published import RecordError

    def macro(*args: Any, **kwargs: Any) -> str:
        try:
            return hold(env.page, function(env.planpress_site(), *args, **kwargs))
        except RecordError as exc:  # an older record read for this page no longer fits
            raise _plugin_error(f"planpress: {exc}") from None

    macro.__doc__ = function.__doc__
    return macro


def on_post_build(env: Any) -> None:
    """Publish the plan's open data (CSV, JSON, workbook, calendar, feed) and its changes as
    JSON beside the pages, for reuse."""
    from planpress.core.outfiles import OutputError
    from planpress.exchange.follow import write_follow_files
    from planpress.exchange.opendata import write_open_data
    from planpress.versions.build import downloads_wanted, write_changes_json
    from planpress.versions.published import RecordError

    gc.unfreeze()  # what define_env froze can be collected again (a serve session rebuilds)
    build = getattr(env, "planpress_build", None)
    if not build:
        return
    plan, build_version = build
    site_dir = Path(env.conf["site_dir"])
    try:
        site_url = env.conf["extra"].get("planpress_site_root", env.conf.get("site_url"))
        write_open_data(site_dir, plan, build_version, site_url, workbook=downloads_wanted())
        write_follow_files(site_dir, plan, build_version, site_url)
    except (OutputError, RecordError) as exc:  # RecordError: an older record's plan no longer
        raise _plugin_error(f"planpress: {exc}") from None  # fits the model (the feed reads it)
    write_changes_json(site_dir, build_version)
    if downloads_wanted():  # set by `planpress build` and `publish`
        from planpress.render.pdf import PdfError, write_pdf

        try:
            write_pdf(build[0], site_dir / "prospectus.pdf", build[1])
            if build_version.published and build_version.meeting is not None:
                _write_board_report(plan, build_version, site_dir / REPORT_PDF)
        except PdfError as exc:
            raise _plugin_error(f"planpress: {exc}") from None


REPORT_PDF = "board-report.pdf"
"""Where a published version carries the board report to the meeting that published it."""


def _write_board_report(plan: Plan, build_version: BuildVersion, target: Path) -> None:
    """The board report to the version's meeting, as `planpress report` writes it."""
    from planpress.render.board_report import make_report, version_before
    from planpress.render.pdf import write_report_pdf
    from planpress.render.site import Site

    meeting = build_version.meeting
    assert meeting is not None  # written only for a version published at a meeting
    previous = version_before(build_version.releases, meeting)
    report_site = Site(plan)
    report = make_report(
        plan, meeting, previous, build_version.as_at, report_site, build_version.history
    )
    write_report_pdf(report_site, report, target)
