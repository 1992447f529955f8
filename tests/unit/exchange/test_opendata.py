"""The open data files of a build: which they are and in what order, each made by its format's
module, made once per build, written whole, and listed by the Open data page, from the example
plan and a small hostile plan. Each format has its own tests: test_csvfiles.py,
test_datapackage.py, test_ocds.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planpress.core.model import Plan
from planpress.exchange import opendata
from planpress.exchange.csvfiles import csv_bytes
from planpress.exchange.datafiles import OpenDataFile, json_bytes
from planpress.exchange.datapackage import data_package
from planpress.exchange.ocds import ocds_release_package
from planpress.exchange.opendata import open_data_files, write_open_data
from planpress.exchange.tables import TABLES
from planpress.render import PAGE_MACROS, Site
from planpress.versions.build import BuildVersion, build_version_for


def test_the_files_are_every_table_as_csv_and_the_other_formats(
    open_files: dict[str, OpenDataFile],
) -> None:
    assert list(open_files) == [
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
    for data_file in open_files.values():
        assert data_file.size == len(data_file.content) > 0
        assert data_file.title and data_file.description and data_file.media_type


def test_each_file_is_its_formats(
    example: tuple[Plan, BuildVersion], open_files: dict[str, OpenDataFile]
) -> None:
    plan, version = example
    csvs = [open_files[f"{t.name}.csv"] for t in TABLES] + [open_files["baselines.csv"]]
    for table in TABLES:
        assert open_files[f"{table.name}.csv"].content == csv_bytes(table, plan)
    assert json.loads(open_files["datapackage.json"].content) == data_package(plan, version, csvs)
    ocds = open_files["procurements.ocds.json"].content
    assert ocds == json_bytes(ocds_release_package(plan, version))
    assert open_data_files(plan, version, workbook=False) == [
        f for f in open_files.values() if f.name != "plan.xlsx"
    ]


def test_the_files_are_made_once_per_build_and_the_same_every_time(
    example: tuple[Plan, BuildVersion], open_files: dict[str, OpenDataFile]
) -> None:
    plan, version = example
    first = open_data_files(plan, version)
    assert [f.content for f in first] == [f.content for f in open_files.values()]
    assert all(a is b for a, b in zip(first, open_data_files(plan, version), strict=True))
    opendata._MADE.clear()
    again = open_data_files(plan, version)
    assert all(a is not b for a, b in zip(first, again, strict=True))
    assert [f.content for f in again] == [f.content for f in first]


def test_write_open_data_writes_every_file_at_the_root(
    tmp_path: Path, example: tuple[Plan, BuildVersion], open_files: dict[str, OpenDataFile]
) -> None:
    written = write_open_data(tmp_path, *example)
    assert sorted(p.name for p in written) == sorted(open_files)
    for name, data_file in open_files.items():
        assert (tmp_path / name).read_bytes() == data_file.content
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(open_files)  # no temporary left


def test_a_plan_without_a_licence_says_so_on_the_page(hostile: tuple[Plan, str, str]) -> None:
    plan, _, _ = hostile
    version = build_version_for(plan, [], None)
    html = PAGE_MACROS["open_data"](Site(plan, page_url="data/", build_version=version))
    assert "No licence is stated for this data." in html


def test_the_page_lists_each_file_linked_from_the_page(
    example: tuple[Plan, BuildVersion],
    open_files: dict[str, OpenDataFile],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLANPRESS_DOWNLOADS", "1")  # as `planpress build` sets it
    plan, version = example
    html = PAGE_MACROS["open_data"](Site(plan, page_url="data/", build_version=version))
    listed = re.findall(r'<a href="([^"]+)" type="[^"]+"><code>([^<]+)</code></a>', html)
    assert listed == [(f"../{name}", name) for name in open_files]
    sizes = [int(v) for v in re.findall(r'<data value="(\d+)">', html)]
    assert sizes == [f.size for f in open_files.values()]
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
