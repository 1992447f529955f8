"""The committed JSON Schema files are generated from the model and must not go stale."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from support import EXAMPLE_DATA, ROOT

from planpress.core.model import DATA_FILES
from planpress.core.schema import render_schema, schema_name
from planpress.core.yamlfile import read_yaml

SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("spec", DATA_FILES, ids=[s.name for s in DATA_FILES])
def test_committed_schema_is_up_to_date(spec) -> None:
    path = SCHEMA_DIR / schema_name(spec)
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    assert committed == render_schema(spec), (
        f"{path.relative_to(ROOT)} is out of date with src/planpress/core/model.py: "
        "run `planpress schema` and commit the result"
    )


def example_files(spec) -> list[Path]:
    if spec.name == "actions":
        return sorted((EXAMPLE_DATA / "actions").glob("*.yml"))
    path = EXAMPLE_DATA / spec.name
    return [path] if path.exists() else []


@pytest.mark.parametrize("spec", DATA_FILES, ids=[s.name for s in DATA_FILES])
def test_example_data_validates_against_the_schema(spec) -> None:
    schema = json.loads(render_schema(spec))
    for path in example_files(spec):
        document = read_yaml(path, str(path))
        jsonschema.validate(document.value, schema)


def test_schema_rejects_what_the_model_rejects() -> None:
    spec = next(s for s in DATA_FILES if s.name == "actions")
    schema = json.loads(render_schema(spec))
    action = {
        "id": "SKL-01",
        "title": "t",
        "strand": "s",
        "theme": "t",
        "group": "g",
        "owner": "o",
        "status": "planned",
    }
    jsonschema.validate([action], schema)
    for bad in ({"stauts": "planned"}, {"status": "in progress"}, {"id": "skl-1"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([{**action, **bad}], schema)
