"""The pages at the root of the published site, outside every version: a redirect to the
latest version, and the page for an address that no version has."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from planpress.render.site import TEMPLATES_DIR

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR / "root"),
    autoescape=True,  # the 404 page's link holds the site's address from mkdocs.yml
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)


def root_page(name: str, **values: str) -> str:
    """The root page `name` (`index.html`, `404.html`) with `values` escaped into it."""
    return _ENV.get_template(name).render(**values)
