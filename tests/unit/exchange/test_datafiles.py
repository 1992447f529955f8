"""One file of open data and what the formats share: its size, format and hash; JSON as the
files write it; a version's address; an organisation's name; a date as a date and time."""

from __future__ import annotations

import hashlib
import json

from planpress.core.model import Plan, PlanDate
from planpress.exchange.datafiles import (
    ATOM_MEDIA_TYPE,
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    OpenDataFile,
    date_time,
    json_bytes,
    organisation_name,
    version_url,
)
from planpress.versions.build import BuildVersion, build_version_for


def test_a_file_knows_its_size_format_and_hash() -> None:
    data = OpenDataFile("actions.csv", "Actions", CSV_MEDIA_TYPE, "The actions.", b"id\r\nA-1\r\n")
    assert data.size == 9
    assert data.format == "CSV"
    assert data.sha256 == hashlib.sha256(b"id\r\nA-1\r\n").hexdigest()
    assert OpenDataFile("plan.xlsx", "", XLSX_MEDIA_TYPE, "", b"").format == "XLSX (Excel workbook)"
    assert OpenDataFile("feed.xml", "", ATOM_MEDIA_TYPE, "", b"").format == "Atom feed"
    assert OpenDataFile("x.geojson", "", "application/geo+json", "", b"").format == "GEOJSON"


def test_json_is_written_as_given_with_a_line_break() -> None:
    value = {"b": "é", "a": [1, 2]}
    written = json_bytes(value)
    assert written.endswith(b"}\n") and "é".encode() in written
    assert list(json.loads(written)) == ["b", "a"]  # keys in the order given
    assert written == b'{\n "b": "\xc3\xa9",\n "a": [\n  1,\n  2\n ]\n}\n'


def test_a_versions_address(example: tuple[Plan, BuildVersion]) -> None:
    plan, preview = example
    assert version_url(None, preview) is None
    assert version_url("", preview) is None
    assert version_url("https://example.org/plan", preview) == "https://example.org/plan/"
    published = build_version_for(plan, [], "2020-09-17")
    assert version_url("https://example.org/plan/", published) == (
        "https://example.org/plan/2020-09-17/"
    )


def test_a_date_and_an_organisations_name(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    assert date_time(PlanDate.parse("2020-07-16")) == "2020-07-16T00:00:00Z"
    assert date_time(PlanDate.parse("2020-07")) == "2020-07-01T00:00:00Z"  # its first day
    first = plan.organisations[0]
    assert organisation_name(plan, first.id) == first.name
    assert organisation_name(plan, "not-in-the-plan") == "not-in-the-plan"
