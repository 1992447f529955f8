"""The templates' environment (render/environment.py): compiled templates kept between
builds, and a cache that cannot be read or written ignored."""

from __future__ import annotations

from pathlib import Path


def test_compiled_templates_are_reused_and_a_broken_cache_is_ignored(tmp_path):
    from planpress.render.environment import ENV, _TemplateCache

    def render(folder: Path) -> str:
        environment = ENV.overlay(bytecode_cache=_TemplateCache(str(folder)))
        return environment.get_template("glossary.html").render(terms=[("A", "B")], site=None)

    expected = render(tmp_path)
    assert "<dt>A</dt>" in expected
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1  # compiled once, and written to the cache
    cached[0].write_bytes(b"not bytecode")
    assert render(tmp_path) == expected
    assert render(tmp_path / "missing") == expected  # a folder that cannot be written to
