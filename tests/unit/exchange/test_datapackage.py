"""The Frictionless Data Package describing the CSV files: each a tabular data resource with its
size, hash and Table Schema, the keys that join the tables, and each column in words."""

from __future__ import annotations

import hashlib
import json

from planpress.core.model import DATE_PATTERN, YEAR_OR_DATE_PATTERN, Plan
from planpress.exchange.baselines import TABLE as BASELINES_TABLE
from planpress.exchange.cells import NEUTRALISED
from planpress.exchange.columns import LIST_SEPARATOR
from planpress.exchange.csvfiles import csv_bytes
from planpress.exchange.datafiles import OpenDataFile
from planpress.exchange.datapackage import (
    DATE_FIELD_PATTERN,
    TABLE_OF_KIND,
    YEAR_OR_DATE_FIELD_PATTERN,
    column_description,
    data_package,
)
from planpress.exchange.tables import TABLE_BY_NAME, TABLES
from planpress.versions.build import BuildVersion, build_version_for


def csvs(plan: Plan) -> list[OpenDataFile]:
    return [
        OpenDataFile(f"{t.name}.csv", t.sheet, "text/csv", t.description, csv_bytes(t, plan))
        for t in TABLES
    ]


def test_the_data_package_describes_every_csv(
    example: tuple[Plan, BuildVersion], open_files: dict[str, OpenDataFile]
) -> None:
    plan, _ = example
    package = json.loads(open_files["datapackage.json"].content)
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == plan.plan.id
    assert package["title"] == plan.plan.title
    assert package["licenses"] == [
        {
            "title": "Open Government Licence v3.0",
            "name": "OGL-UK-3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        }
    ]
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [*(t.name for t in TABLES), "baselines"]
    for table in (*TABLES, BASELINES_TABLE):
        resource = resources[table.name]
        content = open_files[resource["path"]].content
        assert resource["profile"] == "tabular-data-resource"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == [c.name for c in table.columns]
        assert schema["primaryKey"] == list(table.key)
    actions = resources["actions"]["schema"]
    fields = {f["name"]: f for f in actions["fields"]}
    assert fields["id"]["constraints"] == {"required": True}
    assert fields["status"]["constraints"]["enum"][:2] == ["proposed", "planned"]
    assert fields["due"]["type"] == "string"
    assert fields["due"]["constraints"] == {"pattern": DATE_FIELD_PATTERN}
    assert "YYYY-MM" in fields["due"]["description"]
    assert fields["budget_amount"]["type"] == "integer"
    assert fields["budget_amount"]["constraints"] == {"minimum": 0}
    assert fields["illustrative"]["trueValues"] == ["true"]
    assert f"'{LIST_SEPARATOR}'" in fields["partners"]["description"]
    assert "listed in plan.json" in fields["strand"]["description"]
    assert "organisations.csv" in fields["partners"]["description"]
    keys = {k["fields"]: k["reference"] for k in actions["foreignKeys"]}
    assert keys == {
        "group": {"resource": "groups", "fields": "id"},
        "owner": {"resource": "organisations", "fields": "id"},
    }
    recommendations = resources["recommendations"]["schema"]
    assert recommendations["primaryKey"] == ["meeting", "id"]
    assert recommendations["foreignKeys"] == [
        {"fields": "meeting", "reference": {"resource": "meetings", "fields": "id"}}
    ]
    papers = resources["papers"]["schema"]
    assert papers["primaryKey"] == ["meeting", "title"]
    assert papers["foreignKeys"] == [
        {"fields": "meeting", "reference": {"resource": "meetings", "fields": "id"}}
    ]
    values = resources["indicator_values"]["schema"]
    assert values["primaryKey"] == ["indicator", "date"]
    assert values["foreignKeys"] == [
        {"fields": "indicator", "reference": {"resource": "indicators", "fields": "id"}}
    ]
    fields = {f["name"]: f for f in values["fields"]}
    assert fields["date"]["constraints"] == {
        "required": True,
        "pattern": YEAR_OR_DATE_FIELD_PATTERN,
    }
    assert "dated YYYY" in fields["date"]["description"]
    assert fields["value"]["type"] == "number"
    indicators = {f["name"]: f for f in resources["indicators"]["schema"]["fields"]}
    assert indicators["baseline_date"]["constraints"]["pattern"] == YEAR_OR_DATE_FIELD_PATTERN


def test_the_date_pattern_is_the_models() -> None:
    as_model = DATE_FIELD_PATTERN.replace(r"\d", "[0-9]").replace("(", "(?:")
    assert as_model == DATE_PATTERN
    as_model = YEAR_OR_DATE_FIELD_PATTERN.replace(r"\d", "[0-9]").replace("(", "(?:")
    assert as_model == YEAR_OR_DATE_PATTERN


def test_a_plan_without_a_licence_states_none(hostile: tuple[Plan, str, str]) -> None:
    plan, _, _ = hostile
    version = build_version_for(plan, [], None)
    assert "licenses" not in data_package(plan, version, csvs(plan))


def test_a_published_version_is_dated_by_its_meeting(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    version = build_version_for(plan, [], "2020-09-17")
    described = data_package(plan, version, csvs(plan))
    assert described["version"] == "2020-09-17"
    assert described["created"] == "2020-09-17T00:00:00Z"
    preview = data_package(plan, build_version_for(plan, [], None), csvs(plan))
    assert "version" not in preview and "created" not in preview


def test_a_column_in_words_says_how_its_cells_are_written() -> None:
    actions = TABLE_BY_NAME["actions"]
    due = column_description(actions.column("due"))
    assert due.endswith("Written YYYY-MM-DD, or YYYY-MM where only the month is known.")
    assert column_description(actions.column("budget_amount")).endswith("Digits only.")
    assert column_description(actions.column("illustrative")).endswith("true or false.")
    outputs = column_description(actions.column("outputs"))
    assert outputs.endswith("One item per line of the cell.")
    strand = actions.column("strand")
    assert column_description(strand).endswith(
        "The strands are listed in plan.json, not in a CSV file."
    )
    assert "plan.json" not in column_description(strand, references=False)
    partners = column_description(actions.column("partners"))
    assert partners.endswith(
        f"Separated by '{LIST_SEPARATOR}'. Each is an id in organisations.csv."
    )
    values = TABLE_BY_NAME["indicator_values"]
    assert "A figure for a whole year is dated YYYY." in column_description(values.column("date"))
    assert TABLE_OF_KIND["organisation"] == "organisations"


def test_a_text_field_says_its_cells_are_marked(example: tuple[Plan, BuildVersion]) -> None:
    plan, version = example
    package = data_package(plan, version, csvs(plan))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["title"]["description"].endswith(" " + NEUTRALISED)
    assert NEUTRALISED not in fields["budget_amount"]["description"]
