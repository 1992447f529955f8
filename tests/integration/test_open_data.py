"""The open data of the built example site: the data package validated by Frictionless, and
every file the Open data page lists present beside it, of the size it states."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import frictionless
import pytest

from planpress.exchange.tables import TABLES

PAGE = "data/index.html"


class _Files(HTMLParser):
    """The links to files (`<a type=...>`) and the sizes (`<data value=...>`) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.sizes: list[int] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("type"):
            self.links.append((values.get("href") or "", values["type"] or ""))
        elif tag == "data":
            self.sizes.append(int(values.get("value") or -1))
        elif tag in ("h1", "h2", "h3"):
            self.headings.append(tag)


def page_files(site: Path) -> _Files:
    found = _Files()
    found.feed((site / PAGE).read_text(encoding="utf-8"))
    return found


def validate(descriptor: Path) -> frictionless.Report:
    return frictionless.validate(str(descriptor))


@pytest.fixture
def package_copy(example_site: Path, tmp_path: Path) -> Path:
    """The data package and its CSV files, copied from the built site to be changed."""
    for name in [*(f"{t.name}.csv" for t in TABLES), "baselines.csv"]:
        shutil.copy2(example_site / name, tmp_path)
    shutil.copy2(example_site / "datapackage.json", tmp_path)
    return tmp_path / "datapackage.json"


def test_the_built_data_package_is_valid(example_site: Path) -> None:
    report = validate(example_site / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((example_site / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [
        *(f"{t.name}.csv" for t in TABLES),
        "baselines.csv",
    ]
    assert {"indicator_values.csv", "papers.csv"} <= {r["path"] for r in package["resources"]}


def test_a_changed_csv_fails_validation(package_copy: Path) -> None:
    actions = package_copy.parent / "actions.csv"
    actions.write_bytes(actions.read_bytes().replace(b"planned", b"plannex", 1))
    report = validate(package_copy)
    assert not report.valid
    assert ["hash-count"] in report.flatten(["type"])


def set_cell(package: Path, table: str, column: str, row: int, value: str) -> None:
    """Change one cell of a CSV file, and its size and hash in the data package to match."""
    path = package.parent / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    content = out.getvalue().encode("utf-8")
    path.write_bytes(content)
    described = json.loads(package.read_text(encoding="utf-8"))
    resource = next(r for r in described["resources"] if r["name"] == table)
    resource.update(bytes=len(content), hash="sha256:" + hashlib.sha256(content).hexdigest())
    package.write_text(json.dumps(described), encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("actions", "owner", "no-such-organisation"),
        ("indicator_values", "indicator", "no-such-indicator"),
        ("papers", "meeting", "no-such-meeting"),
    ],
)
def test_a_reference_to_no_record_fails_validation(
    package_copy: Path, table: str, column: str, value: str
) -> None:
    """With its size and hash made right again, the CSV still fails: the foreign key."""
    set_cell(package_copy, table, column, 1, value)
    report = validate(package_copy)
    assert not report.valid
    assert report.flatten(["type"]) == [["foreign-key"]]


def test_a_value_dated_by_its_year_is_valid_and_two_of_one_date_are_not(
    package_copy: Path,
) -> None:
    set_cell(package_copy, "indicator_values", "date", 1, "2025")
    report = validate(package_copy)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    set_cell(package_copy, "indicator_values", "date", 1, "25")
    assert validate(package_copy).flatten(["type"]) == [["constraint-error"]]
    set_cell(package_copy, "indicator_values", "date", 3, "2019-03")  # row 2's date
    set_cell(package_copy, "indicator_values", "date", 1, "2025")
    assert validate(package_copy).flatten(["type"]) == [["primary-key"]]


def test_every_file_the_page_lists_is_beside_it_with_the_size_it_states(
    example_site: Path,
) -> None:
    found = page_files(example_site)
    names = [posixpath.basename(href) for href, _ in found.links]
    assert names[:3] == ["plan.json", "plan.xlsx", "datapackage.json"]
    assert {"meetings.ics", "feed.xml", "procurements.ocds.json", "actions.csv"} <= set(names)
    assert len(found.sizes) == len(found.links)
    for (href, media_type), size in zip(found.links, found.sizes, strict=True):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(PAGE), href))
        assert not target.startswith(".."), href
        path = example_site / target
        assert path.is_file(), href
        assert path.stat().st_size == size, href
        assert media_type


def test_the_open_data_page_has_one_title_and_is_in_the_navigation(example_site: Path) -> None:
    headings = page_files(example_site).headings
    assert headings.count("h1") == 1
    assert headings[0] == "h1" and "h3" in headings
    page = (example_site / PAGE).read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in page
    home = " ".join((example_site / "index.html").read_text(encoding="utf-8").split())
    assert re.search(
        r'<a href="data/" class="md-nav__link"> <span class="md-ellipsis"> Open data', home
    )


def test_the_plan_json_is_still_written(example_site: Path) -> None:
    record = json.loads((example_site / "plan.json").read_text(encoding="utf-8"))
    assert record["preview"] is True
    assert record["plan"]["plan"]["licence"]["id"] == "OGL-UK-3.0"
    assert (example_site / "changes.json").is_file()
