"""The pages at the root of the published site, outside every version: a redirect to the
latest version, and the page for an address that no version has."""

from __future__ import annotations

from planpress.render.environment import ENV

# The site's templates and escaping; each page ends with its newline, as a file does.
_ROOT = ENV.overlay(keep_trailing_newline=True)


def root_page(name: str, **values: str) -> str:
    """The root page `name` (`index.html`, `404.html`) with `values` escaped into it."""
    return _ROOT.get_template(f"root/{name}").render(**values)
