"""The plan as open data: the files every build publishes beside its pages.

One CSV file per table of `planpress.exchange.tables`, described by a Frictionless Data Package
(`datapackage.json`); the whole plan as JSON (`plan.json`) and as a workbook (`plan.xlsx`); the
procurements as an Open Contracting (OCDS) release package; the meetings as a calendar
(`meetings.ics`); and the published versions as an Atom feed (`feed.xml`).

The same plan and version always give the same bytes: nothing depends on the clock. The files
are made once per build and shared by the Open data page (which lists their sizes) and the
writer that puts them in the built site.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from planpress.core.model import Plan, PlanDate, Procurement
from planpress.core.outfiles import write_whole
from planpress.exchange.baselines import TABLE as BASELINES_TABLE
from planpress.exchange.cells import NEUTRALISED, neutralise
from planpress.exchange.tables import LIST_SEPARATOR, TABLES, Column, Table, cell_text
from planpress.versions.build import BuildVersion, plan_json_bytes

CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS_MEDIA_TYPE = "text/calendar"
ATOM_MEDIA_TYPE = "application/atom+xml"

CSV_LINE_END = "\r\n"
# The kinds of column whose cells are text a reader typed: written so no spreadsheet evaluates
# them. Numbers, dates and true/false are written by planpress and left as they are.
TEXT_KINDS = frozenset({"text", "id", "ids", "lines"})
"""Every row of a CSV file ends so (RFC 4180); a line break inside a cell is `\\n`."""

DATE_FIELD_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
"""A date cell: `2020-07-16`, or `2020-07` where only the month is known."""
YEAR_OR_DATE_FIELD_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date cell that may hold a whole year too (an indicator's figure for 2025: `2025`)."""

OCID_PREFIX = "ocds-planpress"
"""Before each procurement's ocid. It is not an OCDS prefix registered with the Open
Contracting Partnership, so the ocids are unique only within this plan."""
OCDS_VERSION = "1.1"

# The kind of record a column refers to -> the CSV table that holds those records.
TABLE_OF_KIND = {t.kind: t.name for t in TABLES}

# OCDS codes for each procurement status: (the release's tag, the tender's status).
OCDS_STATUS: dict[str | None, tuple[str, str]] = {
    None: ("planning", "planning"),
    "planned": ("planning", "planned"),
    "specification": ("planning", "planning"),
    "tendering": ("tender", "active"),
    "awarded": ("award", "complete"),
    "closed": ("award", "complete"),
}
OCDS_METHODS = ("open", "selective", "limited", "direct")


@dataclass(frozen=True)
class DataFile:
    """One file of open data: its name at the version's root, what it is, and its bytes."""

    name: str
    title: str
    media_type: str
    description: str
    content: bytes

    @property
    def size(self) -> int:
        """Its size in bytes."""
        return len(self.content)

    @property
    def format(self) -> str:
        """Its format, as readers know it: CSV, JSON, XLSX, iCalendar, Atom."""
        return FORMATS.get(self.media_type, self.name.rsplit(".", 1)[-1].upper())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


FORMATS = {
    CSV_MEDIA_TYPE: "CSV",
    JSON_MEDIA_TYPE: "JSON",
    XLSX_MEDIA_TYPE: "XLSX (Excel workbook)",
    ICS_MEDIA_TYPE: "iCalendar",
    ATOM_MEDIA_TYPE: "Atom feed",
}

# The last files made, with the plan and version they were made from (held, so that their
# ids cannot be reused by other objects while the entry is kept).
_MADE: dict[tuple[int, int, str | None, bool], tuple[Plan, BuildVersion, tuple[DataFile, ...]]] = {}


def open_data_files(
    plan: Plan, build_version: BuildVersion, site_url: str | None = None, *, workbook: bool = True
) -> list[DataFile]:
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
) -> list[DataFile]:
    from planpress.exchange import baselines, calendar, feed, workbook

    csvs = [
        DataFile(
            f"{table.name}.csv",
            table.sheet,
            CSV_MEDIA_TYPE,
            table.description,
            csv_bytes(table, plan),
        )
        for table in TABLES
    ]
    csvs.append(
        DataFile(
            baselines.BASELINES_FILE,
            baselines.TABLE.sheet,
            CSV_MEDIA_TYPE,
            baselines.TABLE.description,
            baselines.baselines_csv(plan, build_version),
        )
    )
    package = json_bytes(data_package(plan, build_version, csvs))
    files = [
        DataFile(
            "plan.json",
            "The whole plan",
            JSON_MEDIA_TYPE,
            "Every record of the plan in one JSON file, field for field as in its data files, "
            "with the version it was published as.",
            plan_json_bytes(plan, build_version),
        ),
        DataFile(
            "plan.xlsx",
            "The plan as a workbook",
            XLSX_MEDIA_TYPE,
            "One sheet per table below, with the same columns as the CSV files; a workbook of "
            "this form can be edited and read back with planpress import.",
            workbook.workbook_bytes(plan) if with_workbook else b"",
        ),
        DataFile(
            "datapackage.json",
            "Data package",
            JSON_MEDIA_TYPE,
            "A Frictionless Data Package describing the CSV files: each column's type, "
            "whether it is required, its allowed values, the keys that join the tables, the "
            "licence, and each file's size and SHA-256 hash.",
            package,
        ),
        *csvs,
        DataFile(
            "procurements.ocds.json",
            "Procurements (OCDS)",
            JSON_MEDIA_TYPE,
            "The procurements as an Open Contracting Data Standard release package. Its "
            f"ocids begin {OCID_PREFIX}-, which is not a registered OCDS prefix: they are "
            "unique within this plan only.",
            json_bytes(ocds_release_package(plan, build_version, site_url)),
        ),
        DataFile(
            "meetings.ics",
            "Meetings calendar",
            ICS_MEDIA_TYPE,
            "Every meeting of the plan's board and groups, as a calendar that calendar "
            "applications import or subscribe to.",
            calendar.meetings_ics(
                plan, site_url=version_url(site_url, build_version), as_at=build_version.as_at
            ),
        ),
        DataFile(
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


def version_url(site_url: str | None, build_version: BuildVersion) -> str | None:
    """The address of this version's folder (a preview's: the site's), ending with `/`."""
    if not site_url:
        return None
    root = site_url.rstrip("/") + "/"
    return f"{root}{quote(build_version.version, safe='')}/" if build_version.version else root


def json_bytes(value: Any) -> bytes:
    """`value` as UTF-8 JSON, keys in the order given, ending with a line break."""
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------- CSV


def csv_bytes(table: Table, plan: Plan) -> bytes:
    """The table as CSV in UTF-8: a header row of column names, then one row per record."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    writer.writerow(c.name for c in table.columns)
    for row in table.rows(plan):
        writer.writerow(csv_cell(c, row[c.name]) for c in table.columns)
    return out.getvalue().encode("utf-8")


def csv_cell(column: Column, value: Any) -> str:
    """A value as its CSV cell: text that no spreadsheet evaluates (`cells.neutralise`)."""
    text = cell_text(column, value)
    return neutralise(text) if column.kind in TEXT_KINDS else text


# ---------------------------------------------------------------- the data package


def data_package(plan: Plan, build_version: BuildVersion, csvs: list[DataFile]) -> dict[str, Any]:
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
        package["created"] = _date_time(build_version.meeting.date)
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


def _resource(table: Table, data_file: DataFile) -> dict[str, Any]:
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


# ---------------------------------------------------------------- OCDS


def ocds_release_package(
    plan: Plan, build_version: BuildVersion, site_url: str | None = None
) -> dict[str, Any]:
    """The procurements as an OCDS 1.1 release package: one release per procurement.

    A preview has no `publishedDate` (it is not published); a published version's is the day of
    the meeting that published it. A release is dated by the meeting that approved the
    procurement, else by the version's meeting.
    """
    info = plan.plan
    package: dict[str, Any] = {}
    here = version_url(site_url, build_version)
    if here:
        package["uri"] = f"{here}procurements.ocds.json"
    package["version"] = OCDS_VERSION
    if build_version.meeting is not None:
        package["publishedDate"] = _date_time(build_version.meeting.date)
    package["publisher"] = {"name": organisation_name(plan, info.organisation)}
    if info.licence is not None and info.licence.url:
        package["license"] = info.licence.url
    package["releases"] = [_release(plan, build_version, p) for p in plan.procurements]
    return package


def _release(plan: Plan, build_version: BuildVersion, procurement: Procurement) -> dict[str, Any]:
    buyer_id = plan.plan.organisation
    buyer = {"id": buyer_id, "name": organisation_name(plan, buyer_id)}
    tag, tender_status = OCDS_STATUS.get(procurement.status, OCDS_STATUS[None])
    release: dict[str, Any] = {
        "ocid": f"{OCID_PREFIX}-{plan.plan.id}-{procurement.id}",
        "id": f"{procurement.id}-{build_version.version or 'preview'}",
    }
    dated = _release_date(plan, build_version, procurement)
    if dated is not None:
        release["date"] = _date_time(dated)
    release.update(tag=[tag], initiationType="tender", language="en")
    parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    supplier = None
    if procurement.supplier:
        supplier = {
            "id": procurement.supplier,
            "name": organisation_name(plan, procurement.supplier),
        }
        parties.append({**supplier, "roles": ["supplier"]})
    release["parties"] = parties
    release["buyer"] = buyer
    tender: dict[str, Any] = {
        "id": procurement.id,
        "title": procurement.title,
        "status": tender_status,
        "value": {
            "amount": procurement.max_value,
            "currency": procurement.currency or plan.plan.currency or "GBP",
        },
    }
    if procurement.duration_months is not None:
        months = procurement.duration_months
        tender["description"] = (
            f"A contract of up to {months} {'month' if months == 1 else 'months'}; the value "
            "is the most it may cost."
        )
    else:
        tender["description"] = "The value is the most the contract may cost."
    route = procurement.route
    if route:
        method = route.strip().lower()
        if method in OCDS_METHODS:
            tender["procurementMethod"] = method
        tender["procurementMethodDetails"] = route
    tender["procuringEntity"] = buyer
    release["tender"] = tender
    if supplier is not None and procurement.status in ("awarded", "closed"):
        release["awards"] = [
            {"id": f"{procurement.id}-award", "status": "active", "suppliers": [supplier]}
        ]
    return release


def _release_date(
    plan: Plan, build_version: BuildVersion, procurement: Procurement
) -> PlanDate | None:
    meeting = next((m for m in plan.meetings if m.id == procurement.approved_at), None)
    if meeting is not None:
        return meeting.date
    return build_version.meeting.date if build_version.meeting is not None else None


def _date_time(value: PlanDate) -> str:
    """The first day a date can mean, as an RFC 3339 date and time (midnight, UTC)."""
    return f"{value.first_day.isoformat()}T00:00:00Z"


def organisation_name(plan: Plan, organisation_id: str) -> str:
    """The organisation's name (its id when it is not in the plan)."""
    found = next((o for o in plan.organisations if o.id == organisation_id), None)
    return found.name if found is not None else organisation_id
