"""What `planpress check` tells a site written by an earlier release to change."""

from __future__ import annotations

import json
from pathlib import Path

from planpress.core.schema import editor_mappings
from planpress.core.settings import read_config, upgrade_notes
from planpress.newsite import SCAFFOLD_DIR

# mkdocs.yml as planpress 0.2.0's `planpress new` wrote it (the parts that changed since).
OLD_CONFIG = {
    "theme": {"name": "material", "features": ["navigation.top", "search.highlight"]},
    "plugins": ["search", "planpress", {"macros": {"module_name": "macros"}}],
}


def write_editor_settings(project: Path, mapping: dict[str, list[str]]) -> None:
    (project / ".vscode").mkdir()
    (project / ".vscode" / "settings.json").write_text(
        json.dumps({"yaml.schemas": mapping}), encoding="utf-8"
    )


def test_a_new_sites_settings_need_nothing(tmp_path: Path) -> None:
    config = read_config(SCAFFOLD_DIR / "mkdocs.yml")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_bytes(
        (SCAFFOLD_DIR / "dot-vscode" / "settings.json").read_bytes()
    )
    assert upgrade_notes(tmp_path, config, editor_mappings()) == []


def test_an_older_site_is_told_each_change_by_name(tmp_path: Path) -> None:
    mappings = editor_mappings()
    old = {
        f"./{schema}": [data]
        for schema, data in mappings.items()
        if schema != "schema/indicators.schema.json"
    }
    write_editor_settings(tmp_path, old)
    notes = upgrade_notes(tmp_path, OLD_CONFIG, mappings)
    assert len(notes) == 3
    assert notes[0].startswith("mkdocs.yml: theme.features lists search.highlight: ")
    assert notes[1].startswith("mkdocs.yml: plugins lists search: ")
    assert all("remove it" in note for note in notes[:2])
    assert notes[2].startswith(
        '.vscode/settings.json: "yaml.schemas" gives no schema for data/indicators.yml: add '
        '"./schema/indicators.schema.json": ["data/indicators.yml"]'
    )


def test_unreadable_or_missing_editor_settings_are_left_alone(tmp_path: Path) -> None:
    assert upgrade_notes(tmp_path, {}, editor_mappings()) == []
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("// comments\n{", encoding="utf-8")
    assert upgrade_notes(tmp_path, {"theme": "material", "plugins": None}, editor_mappings()) == []


def test_every_data_file_has_a_schema_mapping() -> None:
    mappings = editor_mappings()
    assert mappings["schema/actions.schema.json"] == "data/actions/*.yml"
    assert mappings["schema/indicators.schema.json"] == "data/indicators.yml"
    assert len(mappings) == len(set(mappings.values()))
