"""The Frictionless Data Package (`datapackage.json`) describing the CSV files: each a tabular
data resource, with its size and hash, its dialect, and a Table Schema of its columns (their
types, constraints, descriptions and the keys that join the tables); and a column's
description in words, which the Open data page shows too.
"""

from __future__ import annotations

from typing import Any

from planpress.core.model import Plan
from planpress.exchange.baselines import TABLE as BASELINES_TABLE
from planpress.exchange.cells import NEUTRALISED
from planpress.exchange.columns import LIST_SEPARATOR, Column
from planpress.exchange.csvfiles import CSV_LINE_END, TEXT_KINDS
from planpress.exchange.datafiles import CSV_MEDIA_TYPE, OpenDataFile, date_time, organisation_name
from planpress.exchange.tables import TABLES, Table
from planpress.versions.build import BuildVersion

DATE_FIELD_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
"""A date cell: `2020-07-16`, or `2020-07` where only the month is known."""
YEAR_OR_DATE_FIELD_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date cell that may hold a whole year too (an indicator's figure for 2025: `2025`)."""

# The kind of record a column refers to -> the CSV table that holds those records.
TABLE_OF_KIND = {t.kind: t.name for t in TABLES}


def data_package(
    plan: Plan, build_version: BuildVersion, csvs: list[OpenDataFile]
) -> dict[str, Any]:
    """A Frictionless Data Package (v1) of the CSV files, each a tabular data resource."""
    info = plan.plan
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": info.id,
        "title": info.title,
        "description": info.summary,
    }
    if build_version.version is not None:
        package["version"] = build_version.version
    if build_version.meeting is not None:
        package["created"] = date_time(build_version.meeting.date)
    if info.licence is not None:
        licence: dict[str, str] = {"title": info.licence.name}
        if info.licence.id:
            licence["name"] = info.licence.id
        if info.licence.url:
            licence["path"] = info.licence.url
        package["licenses"] = [licence]
    publisher = organisation_name(plan, info.organisation)
    package["contributors"] = [{"title": publisher, "role": "publisher"}]
    by_name = {f.name: f for f in csvs}
    package["resources"] = [
        _resource(t, by_name[f"{t.name}.csv"])
        for t in (*TABLES, BASELINES_TABLE)
        if f"{t.name}.csv" in by_name
    ]
    return package


def _resource(table: Table, data_file: OpenDataFile) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in table.columns],
        "primaryKey": list(table.key),
    }
    foreign = [
        {
            "fields": column.name,
            "reference": {"resource": TABLE_OF_KIND[column.refers_to], "fields": "id"},
        }
        for column in table.columns
        if column.kind != "ids" and column.refers_to in TABLE_OF_KIND
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "profile": "tabular-data-resource",
        "name": table.name,
        "path": data_file.name,
        "title": table.sheet,
        "description": table.description,
        "format": "csv",
        "mediatype": CSV_MEDIA_TYPE,
        "encoding": "utf-8",
        "bytes": data_file.size,
        "hash": f"sha256:{data_file.sha256}",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": CSV_LINE_END,
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": schema,
    }


def _field(column: Column) -> dict[str, Any]:
    """The Table Schema field of a column."""
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    field: dict[str, Any] = {"name": column.name, "type": "string"}
    if column.kind in ("money", "integer"):
        field["type"] = "integer"
        constraints["minimum"] = 0
    elif column.kind == "number":
        field["type"] = "number"
    elif column.kind == "boolean":
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif column.kind == "date":
        constraints["pattern"] = YEAR_OR_DATE_FIELD_PATTERN if column.years else DATE_FIELD_PATTERN
    if column.allowed:
        constraints["enum"] = list(column.allowed)
    field["description"] = column_description(column)
    if column.kind in TEXT_KINDS:
        field["description"] += " " + NEUTRALISED
    if constraints:
        field["constraints"] = constraints
    return field


def column_description(column: Column, *, references: bool = True) -> str:
    """What a column holds and how its cells are written, in a sentence or two.

    With `references`, also where the ids it holds are listed when a foreign key cannot say
    so: in a list of ids, and for strands and themes (in plan.json, not in a CSV file).
    """
    words = [column.description] if column.description else []
    if column.kind == "date":
        words.append("Written YYYY-MM-DD, or YYYY-MM where only the month is known.")
        if column.years:
            words.append("A figure for a whole year is dated YYYY.")
    elif column.kind == "money":
        words.append("Digits only.")
    elif column.kind == "ids":
        words.append(f"Separated by '{LIST_SEPARATOR}'.")
    elif column.kind == "lines":
        words.append("One item per line of the cell.")
    elif column.kind == "boolean":
        words.append("true or false.")
    target = column.refers_to
    if references and target is not None:
        table = TABLE_OF_KIND.get(target)
        if table is None:
            words.append(f"The {target}s are listed in plan.json, not in a CSV file.")
        elif column.kind == "ids":
            words.append(f"Each is an id in {table}.csv.")
    return " ".join(words)
