"""The one place that decides where a site's plan, records and pages are, from its mkdocs.yml.

Every part of planpress (the command line, the MkDocs plugin, the page macros and publish)
asks this module, so that `extra.planpress.data` means the same to each of them. The settings
under `extra.planpress` are the model `PlanpressSettings`. It reads mkdocs.yml itself, with a
YAML loader that reads MkDocs' `!ENV` tag as MkDocs does (with pyyaml-env-tag, MkDocs' own),
so the core needs no import of MkDocs.

It also says, with each setting's name, what a site must change when planpress moves on: a
setting that planpress no longer knows, one that was renamed, or a line left from an older
layout of the site.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

CONFIG_FILE = "mkdocs.yml"
DEFAULT_DATA = "data"
DEFAULT_RELEASES = "releases"
DEFAULT_PUBLISH_FROM = "main"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


_Text = Annotated[str, Strict(), AfterValidator(_not_blank)]
"""Text with something in it (never a number: YAML reads `2024` as one)."""


class PlanpressSettings(BaseModel):
    """planpress's settings: `extra.planpress` in mkdocs.yml. Each may be left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data: _Text = Field(
        DEFAULT_DATA, description="the folder that holds the plan's data files (default `data`)"
    )
    releases: _Text = Field(
        DEFAULT_RELEASES,
        description="the folder of records of published versions (default `releases`)",
    )
    publish_from: _Text = Field(
        DEFAULT_PUBLISH_FROM,
        description="the branch that keeps those records; publish refuses elsewhere "
        "(default `main`)",
    )
    nav: Annotated[list[Any], Strict()] = Field(
        default_factory=list,
        description="pages of the site's own to list in the navigation, after planpress's "
        "(default: every page of the site's own, under Reference)",
    )


# The settings under `extra.planpress` in mkdocs.yml, and what each is for.
SETTINGS: dict[str, str] = {
    name: field.description or "" for name, field in PlanpressSettings.model_fields.items()
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
    """The settings of the site in `project`, from its configuration already loaded.

    A setting that `settings_problems` would report is read as its default."""
    given = planpress_settings(config)
    wrong = _wrong(given)
    own = PlanpressSettings.model_validate(
        {key: value for key, value in given.items() if str(key) not in wrong}
    )
    url = str(config.get("site_url") or "")
    site_dir = config.get("site_dir")
    return SiteSettings(
        project=project,
        data_dir=project / own.data,
        releases_dir=project / own.releases,
        site_dir=project / (site_dir if isinstance(site_dir, str) and site_dir else "site"),
        site_url=url if url.endswith("/") or not url else url + "/",
        publish_from=own.publish_from,
        nav=tuple(own.nav),
    )


def _wrong(own: Mapping[Any, Any]) -> set[str]:
    """The names (as text) of the settings in `own` that the model refuses."""
    try:
        PlanpressSettings.model_validate(dict(own))
    except ValidationError as exc:
        return {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    return set()


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain values (`!ENV` as MkDocs reads it); `SettingsError` if unreadable."""
    try:
        with Path(config_file).open(encoding="utf-8") as stream:
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
    wrong = _wrong(raw or {})
    for key in raw or {}:
        if str(key) not in wrong:
            continue
        if key == "nav":
            problems.append(f"{config_name}: extra.planpress.nav must be a list of pages")
        elif key in SETTINGS:
            problems.append(f"{config_name}: extra.planpress.{key} must be text: {SETTINGS[key]}")
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
    """YAML as MkDocs reads mkdocs.yml: `!ENV` gives an environment variable (pyyaml-env-tag's
    reading, which MkDocs uses); any other tag, the plain value it is written on."""


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the only other node a YAML composer makes
    return loader.construct_mapping(node)


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("!", _other_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _other_tag)
