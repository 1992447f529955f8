"""JSON Schema for each data file, generated from the model so it cannot drift from it.

Editors (VS Code with the YAML extension, the GitHub web editor's previews, JetBrains) use these
files to validate and autocomplete `data/` as it is typed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from planpress.core.model import DATA_FILES, DataFile
from planpress.core.outfiles import OutputError, usable_folder, write_text_whole

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(spec: DataFile) -> str:
    """`actions.schema.json` for the actions folder, `plan.schema.json` for plan.yml."""
    return spec.name.removesuffix(".yml") + ".schema.json"


def schema_for(spec: DataFile) -> dict[str, Any]:
    """The JSON Schema of one data file."""
    body = TypeAdapter(spec.shape).json_schema()
    where = "each file in data/actions/" if spec.name == "actions" else f"data/{spec.name}"
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"planpress: {where}",
        "description": (
            f"Holds {spec.holds}. Generated from planpress/core/model.py by `planpress schema`."
        ),
        **{k: v for k, v in body.items() if k not in ("title",)},
    }


def editor_mappings() -> dict[str, str]:
    """Each schema file, as a site's folder holds it, and the data file(s) it describes."""
    return {
        f"schema/{schema_name(spec)}": (
            "data/actions/*.yml" if spec.name == "actions" else f"data/{spec.name}"
        )
        for spec in DATA_FILES
    }


def render_schema(spec: DataFile) -> str:
    return json.dumps(schema_for(spec), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(out: Path, *, check_only: bool = False) -> list[str]:
    """Write every schema file; return the names changed (with check_only: that would be).

    Each file is written whole or not at all; `OutputError` (one line) when `out` is not a
    folder or a file cannot be written.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder: give a folder with --out")
    changed = []
    for spec in DATA_FILES:
        path = out / schema_name(spec)
        text = render_schema(spec)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(path.name)
        if not check_only:
            usable_folder(out)
            write_text_whole(path, text)
    return changed
