"""The open data files: CSV read back with the csv module, the data package, the OCDS release
package, and the Open data page, from the example plan and small hostile plans."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from support import EXAMPLE_DATA, MINIMAL, write_data

from planpress.core.load import require_plan
from planpress.core.model import DATE_PATTERN, YEAR_OR_DATE_PATTERN, Plan
from planpress.exchange import opendata
from planpress.exchange.baselines import TABLE as BASELINES_TABLE
from planpress.exchange.cells import restore
from planpress.exchange.opendata import (
    DATE_FIELD_PATTERN,
    YEAR_OR_DATE_FIELD_PATTERN,
    DataFile,
    csv_bytes,
    data_package,
    ocds_release_package,
    open_data_files,
    write_open_data,
)
from planpress.exchange.tables import LIST_SEPARATOR, TABLES, cell_text
from planpress.render import PAGE_MACROS, Site
from planpress.versions.build import BuildVersion, build_version_for

HOSTILE_TITLE = "=cmd|' /C calc'!A0, \"quoted\" <script>alert(1)</script>"
HOSTILE_SUMMARY = 'First line, with a comma\nsecond "line" <b>bold</b>\n=1+2'


@pytest.fixture(scope="module")
def example() -> tuple[Plan, BuildVersion]:
    plan, _ = require_plan(EXAMPLE_DATA)
    return plan, build_version_for(plan, [], None)


@pytest.fixture(scope="module")
def files(example: tuple[Plan, BuildVersion]) -> dict[str, DataFile]:
    return {f.name: f for f in open_data_files(*example)}


def csvs(plan: Plan) -> list[DataFile]:
    return [
        DataFile(f"{t.name}.csv", t.sheet, "text/csv", t.description, csv_bytes(t, plan))
        for t in TABLES
    ]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def hostile_plan(folder: Path) -> Plan:
    actions = MINIMAL["actions/skills.yml"].replace(
        "title: First action",
        "title: '" + HOSTILE_TITLE.replace("'", "''") + "'\n"
        "          summary: " + json.dumps(HOSTILE_SUMMARY),
    )
    write_data(folder, {**MINIMAL, "actions/skills.yml": actions})
    plan, _ = require_plan(folder)
    return plan


def test_the_files_are_every_table_as_csv_and_the_other_formats(
    files: dict[str, DataFile],
) -> None:
    assert list(files) == [
        "plan.json",
        "plan.xlsx",
        "datapackage.json",
        *(f"{t.name}.csv" for t in TABLES),
        "baselines.csv",
        "procurements.ocds.json",
        "meetings.ics",
        "feed.xml",
    ]
    assert [t.name for t in TABLES] == [
        "actions",
        "organisations",
        "groups",
        "meetings",
        "papers",
        "recommendations",
        "milestones",
        "procurements",
        "indicators",
        "indicator_values",
        "glossary",
    ]
    for data_file in files.values():
        assert data_file.size == len(data_file.content) > 0
        assert data_file.title and data_file.description and data_file.media_type


def test_each_csv_read_back_is_its_table(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    for table, data_file in zip(TABLES, csvs(plan), strict=True):
        header, *rows = read_csv(data_file.content)
        assert header == [c.name for c in table.columns]
        expected = [[cell_text(c, row[c.name]) for c in table.columns] for row in table.rows(plan)]
        assert rows == expected, table.name
        assert rows, f"the example has no {table.name}"


def test_csv_cells_are_written_as_the_data_says(files: dict[str, DataFile]) -> None:
    text = files["actions.csv"].content.decode("utf-8")
    assert not text.startswith("\ufeff")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\r" not in "".join(lines)  # every row ends \r\n
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(re.fullmatch(DATE_FIELD_PATTERN, r["due"]) for r in rows if r["due"])
    assert any(len(r["due"]) == 7 for r in rows if r["due"])  # a month stays a month
    assert all(r["budget_amount"].isdigit() for r in rows if r["budget_amount"])
    assert {r["illustrative"] for r in rows} <= {"true", "false"}
    assert any(LIST_SEPARATOR in r["partners"] for r in rows)
    procurement = next(csv.DictReader(io.StringIO(files["procurements.csv"].content.decode())))
    assert procurement["max_value"] == "100000"


def test_hostile_text_round_trips_through_csv_once_unmarked(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path / "data")
    actions = next(t for t in TABLES if t.name == "actions")
    rows = list(csv.DictReader(io.StringIO(csv_bytes(actions, plan).decode(), newline="")))
    # a would-be formula is written as text (a ' before it), and comes back whole without it
    assert rows[0]["title"] == "'" + HOSTILE_TITLE
    assert restore(rows[0]["title"]) == HOSTILE_TITLE
    assert rows[0]["summary"] == HOSTILE_SUMMARY  # begins with text: as it is
    assert rows[1]["title"] == "Second action"


def test_the_data_package_describes_every_csv(
    example: tuple[Plan, BuildVersion], files: dict[str, DataFile]
) -> None:
    plan, _ = example
    package = json.loads(files["datapackage.json"].content)
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
        content = files[resource["path"]].content
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


def test_values_and_papers_are_read_back_from_their_csv(
    example: tuple[Plan, BuildVersion], files: dict[str, DataFile]
) -> None:
    plan, _ = example
    values = list(csv.DictReader(io.StringIO(files["indicator_values.csv"].content.decode())))
    expected = [(i.id, str(v.date), v.value) for i in plan.indicators for v in i.values or []]
    assert [(r["indicator"], r["date"], float(r["value"])) for r in values] == expected
    assert all(re.fullmatch(YEAR_OR_DATE_FIELD_PATTERN, r["date"]) for r in values)
    papers = list(csv.DictReader(io.StringIO(files["papers.csv"].content.decode())))
    assert [(r["meeting"], r["title"]) for r in papers] == [
        (m.id, p.title) for m in plan.meetings for p in m.papers or []
    ]


def test_a_plan_without_a_licence_states_none(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path / "data")
    version = build_version_for(plan, [], None)
    assert "licenses" not in data_package(plan, version, csvs(plan))
    assert "license" not in ocds_release_package(plan, version)
    html = PAGE_MACROS["open_data"](Site(plan, page_url="data/", build_version=version))
    assert "No licence is stated for this data." in html


def test_the_procurements_are_an_ocds_release_package(
    example: tuple[Plan, BuildVersion], files: dict[str, DataFile]
) -> None:
    plan, _ = example
    package = json.loads(files["procurements.ocds.json"].content)
    assert package["version"] == "1.1"
    assert "publishedDate" not in package  # a preview is not published
    assert "uri" not in package  # no site address given
    owner = next(o.name for o in plan.organisations if o.id == plan.plan.organisation)
    assert package["publisher"] == {"name": owner}
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-planpress-{plan.plan.id}-external-technical-support"
    assert release["id"] == "external-technical-support-preview"
    assert release["date"] == "2020-07-16T00:00:00Z"  # the meeting that approved it
    assert release["tag"] == ["planning"]
    assert release["initiationType"] == "tender"
    tender = release["tender"]
    assert tender["value"] == {"amount": 100000, "currency": "GBP"}
    assert tender["status"] == "planning"
    assert "12 months" in tender["description"]
    assert "procurementMethod" not in tender  # the route is not one of OCDS's codes
    assert tender["procurementMethodDetails"].startswith("Framework contract")
    assert release["buyer"]["id"] == plan.plan.organisation
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]


def test_a_published_version_is_dated_by_its_meeting(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    version = build_version_for(plan, [], "2020-09-17")
    package = ocds_release_package(plan, version, "https://example.org/plan/")
    assert package["publishedDate"] == "2020-09-17T00:00:00Z"
    assert package["uri"] == "https://example.org/plan/2020-09-17/procurements.ocds.json"
    assert package["releases"][0]["id"] == "external-technical-support-2020-09-17"
    described = data_package(plan, version, csvs(plan))
    assert described["version"] == "2020-09-17"
    assert described["created"] == "2020-09-17T00:00:00Z"


def test_the_files_are_made_once_per_build_and_the_same_every_time(
    example: tuple[Plan, BuildVersion], files: dict[str, DataFile]
) -> None:
    plan, version = example
    first = open_data_files(plan, version)
    assert [f.content for f in first] == [f.content for f in files.values()]
    assert all(a is b for a, b in zip(first, open_data_files(plan, version), strict=True))
    opendata._MADE.clear()
    again = open_data_files(plan, version)
    assert all(a is not b for a, b in zip(first, again, strict=True))
    assert [f.content for f in again] == [f.content for f in first]


def test_write_open_data_writes_every_file_at_the_root(
    tmp_path: Path, example: tuple[Plan, BuildVersion], files: dict[str, DataFile]
) -> None:
    written = write_open_data(tmp_path, *example)
    assert sorted(p.name for p in written) == sorted(files)
    for name, data_file in files.items():
        assert (tmp_path / name).read_bytes() == data_file.content
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)  # no temporary left


def test_the_page_lists_each_file_linked_from_the_page(
    example: tuple[Plan, BuildVersion],
    files: dict[str, DataFile],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLANPRESS_DOWNLOADS", "1")  # as `planpress build` sets it
    plan, version = example
    html = PAGE_MACROS["open_data"](Site(plan, page_url="data/", build_version=version))
    listed = re.findall(r'<a href="([^"]+)" type="[^"]+"><code>([^<]+)</code></a>', html)
    assert listed == [(f"../{name}", name) for name in files]
    sizes = [int(v) for v in re.findall(r'<data value="(\d+)">', html)]
    assert sizes == [f.size for f in files.values()]
    assert 'href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"' in (
        html
    )
    assert html.count("<h3>") == len(TABLES) + 1  # and baselines.csv
    assert '<a href="#open-data-organisations">organisation ids</a>' in html
    flat = Site(plan, page_url="data.html", build_version=version)
    assert 'href="actions.csv"' in PAGE_MACROS["open_data"](flat)


def test_a_preview_without_downloads_says_where_the_workbook_is(
    example: tuple[Plan, BuildVersion], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLANPRESS_DOWNLOADS", raising=False)  # `mkdocs build`, `serve`
    plan, version = example
    html = PAGE_MACROS["open_data"](Site(plan, page_url="data/", build_version=version))
    assert "<code>plan.xlsx</code></a>" not in html
    assert "This preview has no workbook: <code>planpress build</code>" in html
    assert '<a href="../actions.csv" type="text/csv"><code>actions.csv</code></a>' in html


def test_a_published_versions_page_names_the_calendar_to_subscribe_to_and_the_sites_feed(
    example: tuple[Plan, BuildVersion],
) -> None:
    plan, _ = example
    version = build_version_for(plan, [], "2020-07-16")
    site = Site(plan, page_url="data/", build_version=version)
    html = PAGE_MACROS["open_data"](site, "https://example.org/plan/")
    assert "<code>https://example.org/plan/latest/meetings.ics</code>" in html
    assert '<a href="../../feed.xml">its root</a>' in html
    unaddressed = PAGE_MACROS["open_data"](site, None)
    assert "https://" not in unaddressed.split("Calendar and feed")[1].split("Columns of")[0]
    assert "in the site's <code>latest/</code> folder" in unaddressed
