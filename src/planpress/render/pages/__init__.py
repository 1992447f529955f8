"""The page macros: a module per page (or per kind of page), each function `f(site, *args)`
returning one block of HTML for a page, through a template in `templates/`.

`PAGE_MACROS` holds them by name, as the registry of pages (`render.registry`) lists them on
each page: the adapter (`planpress.adapters.macros`) registers each one, bound to a `Site` for
the page being rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from planpress.render.registry import PAGES


def page_macro(reference: str) -> tuple[str, Callable[..., str]]:
    """The macro that the registry names `module.function`, by its name (the function's): the
    module is imported from this package, so the registry is the one list of page modules."""
    module, _, name = reference.partition(".")
    function: Callable[..., str] = getattr(import_module(f"{__name__}.{module}"), name)
    return name, function


PAGE_MACROS: dict[str, Callable[..., str]] = dict(
    page_macro(reference) for page in PAGES for reference in page.macros
)
"""Macro name -> `f(site, *args) -> str`, an HTML block for a page."""

__all__ = ["PAGE_MACROS"]
