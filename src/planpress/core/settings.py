"""The one place that decides where a site's plan, records and pages are, from its mkdocs.yml.

Every part of planpress (the command line, the MkDocs plugin, the page macros and publish)
asks this module, so that `extra.planpress.data` means the same to each of them. It reads
mkdocs.yml itself, with a YAML loader that understands MkDocs' `!ENV` tag, so the core needs
no import of MkDocs.

It also says, with each setting's name, what a site must change when planpress moves on: a
setting that planpress no longer knows, one that was renamed, or a line left from an older
layout of the site.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_DATA = "data"
DEFAULT_RELEASES = "releases"
DEFAULT_PUBLISH_FROM = "main"

# The settings under `extra.planpress` in mkdocs.yml, and what each is for.
SETTINGS: dict[str, str] = {
    "data": "the folder that holds the plan's data files (default `data`)",
    "releases": "the folder of records of published versions (default `releases`)",
    "publish_from": "the branch that keeps those records; publish refuses elsewhere "
    "(default `main`)",
    "nav": "pages of the site's own to list in the navigation, after planpress's "
    "(default: every page of the site's own, under Reference)",
}

# Settings that a release of planpress renamed: the old name, and the new.
RENAMED: dict[str, str] = {
    "data_dir": "data",
    "releases_dir": "releases",
    "branch": "publish_from",
}

# Lines that sites made before planpress was a package hold, and what to do instead.
OLD_HOOKS = ("macros/mkdocs_hooks.py",)


class SettingsError(Exception):
    """mkdocs.yml cannot be read, or holds a setting planpress cannot use; the message says why."""


@dataclass(frozen=True)
class SiteSettings:
    """Where a site's parts are, all resolved against the folder that holds its mkdocs.yml."""

    project: Path
    data_dir: Path
    releases_dir: Path
    site_dir: Path
    site_url: str  # ends with `/`, or is empty
    publish_from: str
    nav: tuple[Any, ...] = ()

    def relative(self, path: Path) -> str:
        """`path` as written from the project's folder (`data`, `content/releases`)."""
        try:
            return path.resolve().relative_to(self.project.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def planpress_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """`extra.planpress` of a loaded configuration, or an empty mapping."""
    extra = config.get("extra") or {}
    found = extra.get("planpress") if isinstance(extra, Mapping) else None
    return dict(found) if isinstance(found, Mapping) else {}


def settings_from(project: Path, config: Mapping[str, Any]) -> SiteSettings:
    """The settings of the site in `project`, from its configuration already loaded."""
    own = planpress_settings(config)
    url = str(config.get("site_url") or "")
    site_dir = config.get("site_dir")
    nav = own.get("nav")
    return SiteSettings(
        project=project,
        data_dir=project / _folder(own, "data", DEFAULT_DATA),
        releases_dir=project / _folder(own, "releases", DEFAULT_RELEASES),
        site_dir=project / (site_dir if isinstance(site_dir, str) and site_dir else "site"),
        site_url=url if url.endswith("/") or not url else url + "/",
        publish_from=str(own.get("publish_from") or DEFAULT_PUBLISH_FROM),
        nav=tuple(nav) if isinstance(nav, list) else (),
    )


def _folder(own: Mapping[str, Any], name: str, default: str) -> str:
    value = own.get(name)
    return value if isinstance(value, str) and value.strip() else default


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain values (`!ENV` as MkDocs reads it); `SettingsError` if unreadable."""
    try:
        with open(config_file, encoding="utf-8") as stream:
            config: Any = yaml.load(stream, Loader=_ConfigLoader) or {}
    except FileNotFoundError:
        raise SettingsError(
            f"{config_file} not found (run this in the site's folder, beside its mkdocs.yml)"
        ) from None
    except (OSError, yaml.YAMLError, RecursionError) as exc:
        raise SettingsError(f"{config_file.name} cannot be read ({exc})") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file.name} does not hold a mapping of settings")
    return config


def site_settings(config_file: Path) -> SiteSettings:
    """The settings of the site configured by `config_file`; `SettingsError` if unreadable."""
    return settings_from(config_file.parent, read_config(config_file))


def settings_problems(config: Mapping[str, Any], config_name: str = CONFIG_FILE) -> list[str]:
    """What a site must change in its mkdocs.yml for this release of planpress, in words.

    Empty when nothing needs changing. Each sentence names the setting and says what to do.
    """
    problems: list[str] = []
    extra = config.get("extra")
    raw = extra.get("planpress") if isinstance(extra, Mapping) else None
    if raw is not None and not isinstance(raw, Mapping):
        problems.append(
            f"{config_name}: extra.planpress must be a mapping of settings ({', '.join(SETTINGS)})"
        )
        raw = {}
    for key, value in (raw or {}).items():
        if key in SETTINGS:
            if key == "nav" and not isinstance(value, list):
                problems.append(f"{config_name}: extra.planpress.nav must be a list of pages")
            elif key != "nav" and not (isinstance(value, str) and value.strip()):
                problems.append(
                    f"{config_name}: extra.planpress.{key} must be text: {SETTINGS[key]}"
                )
        elif key in RENAMED:
            problems.append(
                f"{config_name}: extra.planpress.{key} is now called "
                f"extra.planpress.{RENAMED[key]}: rename it"
            )
        else:
            problems.append(
                f"{config_name}: extra.planpress.{key} is not a setting planpress knows; "
                f"the settings are {', '.join(SETTINGS)}"
            )
    hooks = config.get("hooks") or []
    for hook in hooks if isinstance(hooks, list) else []:
        if isinstance(hook, str) and hook.replace("\\", "/").endswith(OLD_HOOKS):
            problems.append(
                f"{config_name}: hooks lists {hook}, which planpress now provides itself: "
                "remove it, and list `- planpress` under plugins"
            )
    if not _lists_plugin(config.get("plugins"), "planpress"):
        problems.append(
            f"{config_name}: plugins does not list planpress: add `- planpress` under plugins "
            "(it brings planpress's pages, theme and sub-group pages)"
        )
    if not _lists_plugin(config.get("plugins"), "macros"):
        problems.append(
            f"{config_name}: plugins does not list macros: add `- macros` with "
            "`module_name: macros` under plugins (it renders the plan into the pages)"
        )
    return problems


# Settings of an older site that this release no longer uses: where each is, and what to do.
RETIRED_FEATURES = {
    "search.highlight": "search is planpress's own (Pagefind) since 0.3.0, and this feature "
    "of Material's search does nothing: remove it",
}
RETIRED_PLUGINS = {
    "search": "search is planpress's own (Pagefind) since 0.3.0, which switches Material's "
    "search off: remove it",
}
EDITOR_SETTINGS = Path(".vscode") / "settings.json"


def upgrade_notes(
    project: Path,
    config: Mapping[str, Any],
    editor_mappings: Mapping[str, str],
    config_name: str = CONFIG_FILE,
) -> list[str]:
    """What a site made by an earlier release should change, though it still builds.

    `editor_mappings` maps each schema file (`schema/indicators.schema.json`) to the data file
    it describes. Each note names the file and the setting, and says what to do. Empty when
    the site is as this release would write it.
    """
    notes: list[str] = []
    theme = config.get("theme")
    features = theme.get("features") if isinstance(theme, Mapping) else None
    for feature in features if isinstance(features, list) else []:
        if isinstance(feature, str) and feature in RETIRED_FEATURES:
            notes.append(
                f"{config_name}: theme.features lists {feature}: {RETIRED_FEATURES[feature]}"
            )
    for name, why in RETIRED_PLUGINS.items():
        if _lists_plugin(config.get("plugins"), name):
            notes.append(f"{config_name}: plugins lists {name}: {why}")
    notes.extend(_editor_notes(project / EDITOR_SETTINGS, editor_mappings))
    return notes


def _editor_notes(settings_file: Path, editor_mappings: Mapping[str, str]) -> list[str]:
    """The data files the editors' settings give no schema for (only where the file exists)."""
    try:
        settings = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no editor settings, or a file with comments: the site's own choice
    mapping = settings.get("yaml.schemas") if isinstance(settings, dict) else None
    if not isinstance(mapping, dict):
        return []
    known = {str(key).removeprefix("./") for key in mapping}
    where = EDITOR_SETTINGS.as_posix()
    return [
        f'{where}: "yaml.schemas" gives no schema for {data}: add "./{schema}": ["{data}"] '
        "(then `planpress schema` writes the schema file)"
        for schema, data in editor_mappings.items()
        if schema not in known
    ]


def _lists_plugin(plugins: Any, name: str) -> bool:
    if isinstance(plugins, Mapping):
        return name in plugins
    if isinstance(plugins, list):
        return any(item == name or (isinstance(item, Mapping) and name in item) for item in plugins)
    return False


class _ConfigLoader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml: `!ENV` gives an environment variable; other tags, None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    else:
        return None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the only other node a YAML composer makes
    return loader.construct_mapping(node)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", _other_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _other_tag)
