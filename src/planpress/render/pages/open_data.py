"""The Open data page: the licence, every open data file of this version, the feed and calendar
of each sub-group and owner, and the columns of each CSV file.

The files listed are the ones the build writes (`planpress.exchange.opendata`), so the sizes
shown are those of the files beside the page; the sub-groups and owners listed are the ones
`planpress.exchange.follow` writes a feed and a calendar for.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from planpress.exchange.baselines import TABLE as BASELINES_TABLE
from planpress.exchange.columns import Column
from planpress.exchange.datafiles import OpenDataFile
from planpress.exchange.datapackage import TABLE_OF_KIND, column_description
from planpress.exchange.followed import GROUP, OWNER, Subject, follow_subjects
from planpress.exchange.opendata import open_data_files
from planpress.exchange.tables import TABLES, Table
from planpress.render.environment import render_template
from planpress.render.site import Site
from planpress.versions.build import BuildVersion, build_version_for, downloads_wanted

# A column's kind in plain words.
KIND_WORDS = {
    "text": "text",
    "id": "id",
    "date": "date",
    "money": "whole number (money)",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "ids": "list of ids",
    "lines": "lines of text",
}
ANCHOR_PREFIX = "open-data-"


@dataclass(frozen=True)
class FileRow:
    """A file as the page lists it."""

    file: OpenDataFile
    href: str
    size: str


@dataclass(frozen=True)
class ColumnRow:
    """A column of a CSV file as the page describes it."""

    column: Column
    words: str
    description: str
    refers_to: str | None  # the kind of record whose id the column holds
    refers_href: str | None  # the section of the table that holds those records, if any


@dataclass(frozen=True)
class FollowRow:
    """A sub-group or owner, with links to its feed and its calendar."""

    subject: Subject
    name: Markup  # its name, linked to its page (a group) or its entry (an owner)
    feed_href: str
    calendar_href: str


@dataclass(frozen=True)
class TableSection:
    table: Table
    anchor: str
    href: str
    columns: list[ColumnRow]


def size_words(size: int) -> str:
    """`850 bytes`, `12.3 KB`, `1.2 MB` (1 KB = 1,000 bytes)."""
    if size < 1000:
        return f"{size:,} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.1f} KB"
    return f"{size / 1_000_000:.1f} MB"


def open_data(site: Site, site_url: str | None = None) -> str:
    """The Open data page's content. `site_url`: the site's address (mkdocs.yml `site_url`)."""
    build_version: BuildVersion = site.build_version or build_version_for(site.plan, [], None)
    with_workbook = downloads_wanted()
    files = open_data_files(site.plan, build_version, site_url, workbook=with_workbook)
    rows = [FileRow(f, site.url_href(f.name), size_words(f.size)) for f in files]
    sections = [_section(site, table) for table in (*TABLES, BASELINES_TABLE)]
    subscribe = None
    if site_url and build_version.published:
        subscribe = f"{site_url.rstrip('/')}/latest/meetings.ics"
    follow = [_follow_row(site, subject) for subject in follow_subjects(site.plan)]
    follow_example = None
    if site_url and build_version.published and follow:
        follow_example = f"{site_url.rstrip('/')}/latest/{_path(follow[0].subject.calendar_name)}"
    return render_template(
        "open_data.html",
        site=site,
        licence=site.plan.plan.licence,
        files=rows,
        without_workbook=not with_workbook,
        sections=sections,
        published=build_version.published,
        calendar_href=site.url_href("meetings.ics"),
        subscribe=subscribe,
        feed_href=site.url_href("feed.xml"),
        follow_groups=[row for row in follow if row.subject.kind == GROUP],
        follow_owners=[row for row in follow if row.subject.kind == OWNER],
        follow_example=follow_example,
        root_feed_href="../" + site.url_href("feed.xml"),
        version=build_version.version,
        seals_href="../" + site.url_href("seals.json"),
        sums_href="../" + site.url_href(f"seals/{build_version.version}.sha256"),
        package_href=site.url_href("datapackage.json"),
        plan_href=site.url_href("plan.json"),
    )


def _path(name: str) -> str:
    """A file's name in the version's folder as a URL path."""
    return quote(name, safe="/")


def _follow_row(site: Site, subject: Subject) -> FollowRow:
    name = site.link("group-page" if subject.kind == GROUP else "org", subject.id)
    return FollowRow(
        subject,
        name,
        site.url_href(_path(subject.feed_name)),
        site.url_href(_path(subject.calendar_name)),
    )


def _section(site: Site, table: Table) -> TableSection:
    anchor = ANCHOR_PREFIX + table.name
    columns = []
    for column in table.columns:
        target = TABLE_OF_KIND.get(column.refers_to or "")
        columns.append(
            ColumnRow(
                column,
                KIND_WORDS[column.kind],
                column_description(column, references=False),
                column.refers_to,
                f"#{ANCHOR_PREFIX}{target}" if target else None,
            )
        )
    return TableSection(table, anchor, site.url_href(f"{table.name}.csv"), columns)
