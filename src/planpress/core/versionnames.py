"""Which names a published version may have.

A version's name (a meeting's `publishes.version`) becomes a folder at the root of the published
site, beside the aliases and the files that mike and planpress write there, and the name of its
record in `releases/`. So a name is letters, digits, dots, hyphens and underscores, starting with
a letter or digit, at most `MAX_VERSION_NAME` characters, and not one of
`RESERVED_VERSION_NAMES` in any mix of capitals (folders differ only by case on some systems).
`planpress check` and publishing both use `version_name_problem`.
"""

from __future__ import annotations

import re

from planpress.core.characters import shown

MAX_VERSION_NAME = 64

VERSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""What a version name looks like (to be matched in full, with `fullmatch`)."""

RESERVED_VERSION_NAMES: frozenset[str] = frozenset(
    {
        # the aliases planpress points at versions
        "latest",
        "approved",
        # what mike and planpress write at the site root
        "versions.json",
        "index.html",
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "feed.xml",
        ".nojekyll",
        "robots.txt",
        "cname",
        "favicon.ico",
        "seals.json",
        "seals",
        # folders of a built site, which a root-relative link might reach
        "assets",
        "search",
        "stylesheets",
        "javascripts",
    }
)
"""Names no version may have, written in small letters; compared without regard to case."""


def _quoted(name: str) -> str:
    """The name for a message, with anything invisible escaped and a long one cut short."""
    return f"'{shown(name)}'"


def version_name_problem(name: str) -> str | None:
    """What is wrong with `name` as a version name, as a message; None if it may be used."""
    if len(name) > MAX_VERSION_NAME:
        return (
            f"version name {_quoted(name)} is too long: {len(name):,} characters "
            f"(at most {MAX_VERSION_NAME})"
        )
    if not VERSION_NAME.fullmatch(name):
        return (
            f"version name {_quoted(name)} cannot be the name of a folder of the site (use "
            "only letters, digits, dots, hyphens and underscores, starting with a letter or "
            "digit, e.g. '2020-07-16')"
        )
    if name.lower() in RESERVED_VERSION_NAMES:
        return (
            f"version name {_quoted(name)} is reserved for the site's own files and aliases "
            "(choose another name; reserved, in capitals or small letters: "
            f"{', '.join(sorted(RESERVED_VERSION_NAMES))})"
        )
    return None
