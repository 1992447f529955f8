"""Versions: published records, what changed between them, and publishing."""
