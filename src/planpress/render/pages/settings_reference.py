"""The settings reference: planpress's settings in mkdocs.yml, and where a site's name, look
and contact come from."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from planpress.render.environment import render_template
from planpress.render.site import Site

# Where a site's name, look and contact come from, for the settings reference.
SITE_LOOK = (
    ("Name", "data/plan.yml", "`short_title` (else `title`): the site's name in the header"),
    ("Contact", "data/plan.yml", "`contact`: a team or role, email, phone and web page"),
    ("Logo", "mkdocs.yml", "`theme.logo`: an image file in docs/"),
    ("Colours", "mkdocs.yml", "`theme.palette`: `primary` and `accent` of each scheme"),
    ("Address", "mkdocs.yml", "`site_url`: where the published site lives"),
    ("Repository", "mkdocs.yml", "`repo_url` and `edit_uri`: for *Edit this page*"),
    (
        "Templates",
        "overrides/",
        "with `theme.custom_dir: overrides`, layered over planpress's; `main.html` may "
        'extend "planpress-base.html"',
    ),
)


def settings_reference(site: Site) -> str:
    """Every `extra.planpress` setting, and where a site's name, look and contact come from."""
    from planpress.core.settings import RENAMED, SETTINGS

    return render_template(
        "settings_reference.html",
        site=site,
        settings=[(name, _parts(meaning)) for name, meaning in sorted(SETTINGS.items())],
        renamed=sorted(RENAMED.items()),
        look=[(what, where, _parts(setting)) for what, where, setting in SITE_LOOK],
    )


_MARKED = re.compile(r"`([^`]+)`|\*([^*]+)\*")


def _parts(text: str) -> list[tuple[str, Markup]]:
    """`text` in escaped parts, for the template: each `quoted` part as ("code", ...), each
    *part* as ("em", ...), and the text between as ("text", ...), spaces kept."""
    parts: list[tuple[str, Markup]] = []
    last = 0
    for match in _MARKED.finditer(text):
        if match.start() > last:
            parts.append(("text", escape(text[last : match.start()])))
        code, emphasis = match.groups()
        parts.append(("code", escape(code)) if code is not None else ("em", escape(emphasis)))
        last = match.end()
    if last < len(text):
        parts.append(("text", escape(text[last:])))
    return parts
