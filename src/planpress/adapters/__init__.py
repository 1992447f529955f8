"""Adapters: the mkdocs-macros entry, the MkDocs plugin and the command line."""
