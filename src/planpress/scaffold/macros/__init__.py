"""This site's page macros: planpress's, for mkdocs-macros (`module_name: macros` in mkdocs.yml).

Macros of the site's own can be added below, in a `define_env` that calls planpress's first.
"""

from planpress.adapters.macros import define_env, on_post_build

__all__ = ["define_env", "on_post_build"]
