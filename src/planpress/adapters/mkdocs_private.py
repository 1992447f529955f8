"""The private parts of MkDocs that planpress relies on, all in this one module.

The preview (adapters/preview.py) renders again only the pages an edit of the data affects.
MkDocs offers no public call for that: the preview calls the functions MkDocs' own build
calls for each page, the one that makes the address `mkdocs serve` serves at, and moves a
built page's output to another folder. Each is wrapped here with a typed signature, and passes
its arguments by name, so that a change in MkDocs fails here, loudly, and in
tests/unit/adapters/test_mkdocs_private.py (which compares the parameters of each MkDocs
function with what these wrappers pass), never as a page quietly rendered wrong.

Checked against MkDocs 1.6.1 and ProperDocs 1.6.7 (its fork, whose functions are the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

CHECKED_AGAINST = ("mkdocs 1.6.1", "properdocs 1.6.7")
"""The releases of MkDocs (and of its fork) these wrappers were checked against."""


def serve_url(host: str, port: int, mount_path: str) -> str:
    """The address `mkdocs serve` serves a site at: `http://HOST:PORT/MOUNT/PATH/`
    (`mkdocs.livereload._serve_url`)."""
    from mkdocs.livereload import _serve_url

    return _serve_url(host=host, port=port, path=mount_path)


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read `page`'s Markdown again and render it to HTML, with the plugins' page events, as a
    build does (`mkdocs.commands.build._populate_page`)."""
    from mkdocs.commands.build import _populate_page

    _populate_page(page=page, config=config, files=files)


def build_page(
    page: Page,
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env: jinja2.Environment,
) -> None:
    """Write `page` (already populated) through the theme's template to its file under the
    site's folder, as a build does (`mkdocs.commands.build._build_page`)."""
    from mkdocs.commands.build import _build_page

    _build_page(page=page, config=config, doc_files=doc_files, nav=nav, env=env)


def move_output(file: File, dest_dir: str) -> None:
    """Make `file` written under `dest_dir` from now on.

    MkDocs keeps a file's absolute destination (`File.abs_dest_path`) once it has worked it
    out (a `functools.cached_property`, in the instance's `__dict__`): it is forgotten here,
    so that it is worked out again from the new folder.
    """
    file.dest_dir = dest_dir
    file.__dict__.pop("abs_dest_path", None)
