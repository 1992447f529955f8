"""The site's settings in mkdocs.yml that planpress itself reads, outside a MkDocs build.

Read through MkDocs' own YAML loader, so `!ENV` and the other tags mean what they mean to MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PUBLISH_FROM = "main"


class SettingsError(Exception):
    """mkdocs.yml cannot be read; the message says why."""


@dataclass(frozen=True)
class SiteSettings:
    """Where the site is published, where it is built, and the branch versions come from."""

    site_url: str  # ends with `/`, or is empty
    site_dir: Path
    publish_from: str


def site_settings(config_file: Path) -> SiteSettings:
    """The settings of the site configured by `config_file`; `SettingsError` if unreadable."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, encoding="utf-8") as stream:
            config: Any = yaml_load(stream) or {}
    except (OSError, yaml.YAMLError, RecursionError) as exc:
        raise SettingsError(f"{config_file.name} cannot be read ({exc})") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file.name} does not hold a mapping of settings")
    url = str(config.get("site_url") or "")
    site_dir = config.get("site_dir")
    extra = config.get("extra") or {}
    planpress = extra.get("planpress") if isinstance(extra, dict) else None
    planpress = planpress if isinstance(planpress, dict) else {}
    return SiteSettings(
        site_url=url if url.endswith("/") or not url else url + "/",
        site_dir=config_file.parent
        / (site_dir if isinstance(site_dir, str) and site_dir else "site"),
        publish_from=str(planpress.get("publish_from") or DEFAULT_PUBLISH_FROM),
    )
