"""The plan as open data: the files every build publishes beside its pages.

One CSV file per table of `planpress.exchange.tables`, described by a Frictionless Data Package
(`datapackage.json`); the whole plan as JSON (`plan.json`) and as a workbook (`plan.xlsx`); the
procurements as an Open Contracting (OCDS) release package; the meetings as a calendar
(`meetings.ics`); and the published versions as an Atom feed (`feed.xml`).

The same plan and version always give the same bytes: nothing depends on the clock. The files
are made once per build and shared by the Open data page (which lists their sizes) and the
writer that puts them in the built site. Here they are made and written; each format is made by
its own module (`csvfiles`, `datapackage`, `ocds`, `workbook`, `calendar`, `feed`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from planpress.core.model import Plan
from planpress.core.outfiles import write_whole
from planpress.exchange.csvfiles import csv_bytes
from planpress.exchange.datafiles import (
    ATOM_MEDIA_TYPE,
    CSV_MEDIA_TYPE,
    ICS_MEDIA_TYPE,
    JSON_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    OpenDataFile,
    json_bytes,
    version_url,
)
from planpress.exchange.datapackage import data_package
from planpress.exchange.ocds import OCID_PREFIX, ocds_release_package
from planpress.exchange.tables import TABLES
from planpress.versions.build import BuildVersion, plan_json_bytes

# The last files made, with the plan and version they were made from (held, so that their
# ids cannot be reused by other objects while the entry is kept).
_MADE: dict[
    tuple[int, int, str | None, bool], tuple[Plan, BuildVersion, tuple[OpenDataFile, ...]]
] = {}


def open_data_files(
    plan: Plan, build_version: BuildVersion, site_url: str | None = None, *, workbook: bool = True
) -> list[OpenDataFile]:
    """Every open data file of this build, in the order the Open data page lists them.

    `site_url` is the published site's address (mkdocs.yml's `site_url`), which the calendar,
    the feed and the OCDS package name; without it they hold no absolute address. Made once
    per plan, version and address: the page and the writer get the same bytes.
    """
    key = (id(plan), id(build_version), site_url, workbook)
    made = _MADE.get(key)
    if made is None or made[0] is not plan or made[1] is not build_version:
        files = tuple(_make(plan, build_version, site_url, workbook))
        _MADE.clear()  # only the build in hand is kept (`serve` rebuilds with a new plan)
        _MADE[key] = (plan, build_version, files)
        return list(files)
    return list(made[2])


def write_open_data(
    site_dir: Path,
    plan: Plan,
    build_version: BuildVersion,
    site_url: str | None = None,
    *,
    workbook: bool = True,
) -> list[Path]:
    """Write every open data file into the site's root folder, each whole or not at all
    (`workbook`: with the plan as a workbook, which takes longest to make). Each sub-group's
    and owner's feed and calendar are written by `planpress.exchange.follow`."""
    written = []
    for data_file in open_data_files(plan, build_version, site_url, workbook=workbook):
        written.append(write_whole(Path(site_dir) / data_file.name, _writer(data_file.content)))
    return written


def _writer(content: bytes) -> Callable[[BinaryIO], object]:
    return lambda stream: stream.write(content)


def _make(
    plan: Plan, build_version: BuildVersion, site_url: str | None, with_workbook: bool
) -> list[OpenDataFile]:
    from planpress.exchange import baselines, calendar, feed, workbook

    csvs = [
        OpenDataFile(
            f"{table.name}.csv",
            table.sheet,
            CSV_MEDIA_TYPE,
            table.description,
            csv_bytes(table, plan),
        )
        for table in TABLES
    ]
    csvs.append(
        OpenDataFile(
            baselines.BASELINES_FILE,
            baselines.TABLE.sheet,
            CSV_MEDIA_TYPE,
            baselines.TABLE.description,
            baselines.baselines_csv(plan, build_version),
        )
    )
    package = json_bytes(data_package(plan, build_version, csvs))
    files = [
        OpenDataFile(
            "plan.json",
            "The whole plan",
            JSON_MEDIA_TYPE,
            "Every record of the plan in one JSON file, field for field as in its data files, "
            "with the version it was published as.",
            plan_json_bytes(plan, build_version),
        ),
        OpenDataFile(
            "plan.xlsx",
            "The plan as a workbook",
            XLSX_MEDIA_TYPE,
            "One sheet per table below, with the same columns as the CSV files; a workbook of "
            "this form can be edited and read back with planpress import.",
            workbook.workbook_bytes(plan) if with_workbook else b"",
        ),
        OpenDataFile(
            "datapackage.json",
            "Data package",
            JSON_MEDIA_TYPE,
            "A Frictionless Data Package describing the CSV files: each column's type, "
            "whether it is required, its allowed values, the keys that join the tables, the "
            "licence, and each file's size and SHA-256 hash.",
            package,
        ),
        *csvs,
        OpenDataFile(
            "procurements.ocds.json",
            "Procurements (OCDS)",
            JSON_MEDIA_TYPE,
            "The procurements as an Open Contracting Data Standard release package. Its "
            f"ocids begin {OCID_PREFIX}-, which is not a registered OCDS prefix: they are "
            "unique within this plan only.",
            json_bytes(ocds_release_package(plan, build_version, site_url)),
        ),
        OpenDataFile(
            "meetings.ics",
            "Meetings calendar",
            ICS_MEDIA_TYPE,
            "Every meeting of the plan's board and groups, as a calendar that calendar "
            "applications import or subscribe to.",
            calendar.meetings_ics(
                plan, site_url=version_url(site_url, build_version), as_at=build_version.as_at
            ),
        ),
        OpenDataFile(
            "feed.xml",
            "Versions feed",
            ATOM_MEDIA_TYPE,
            "An Atom feed of the plan's published versions, newest first, for feed readers.",
            feed.atom_feed(
                plan,
                feed.feed_releases(build_version, plan),
                site_url,
                folder=build_version.version,
            ),
        ),
    ]
    return [f for f in files if with_workbook or f.name != WORKBOOK_FILE]


WORKBOOK_FILE = "plan.xlsx"
