"""The published versions of a plan as an Atom feed (RFC 4287), newest first.

Each entry is one version: its title, its stage, the meeting that published it, and what
changed since the version before, in the words of the "Changes since" page. The feed depends
on the records alone: the same versions give the same bytes, and every date in it is a
meeting's date. Ids come from the plan's id and the version names, so they stay the same from
build to build and wherever the site is served.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import quote

from planpress.core.model import Plan, PlanDate
from planpress.core.stages import Stage
from planpress.versions.build import BuildVersion
from planpress.versions.changes import ChangeSet, compare, counts, counts_since
from planpress.versions.published import PublishedVersion, previous_version

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
"""The feed's name at the root of the site and of each version's folder."""
TAG_AUTHORITY = "planpress.github.io,2020"
"""The authority and date of every id in a feed (`tag:` URIs, RFC 4151)."""
EPOCH = "1970-01-01T00:00:00Z"
"""A feed's `updated` when nothing in the data dates it (no versions, no meetings)."""

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` without the characters that XML cannot hold; ElementTree escapes the rest."""
    return _NOT_XML.sub("", value)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def change_summary(changes: ChangeSet) -> str:
    """What changed, counted as the "Changes since" page counts it."""
    return counts_summary(counts(changes))


def counts_summary(found: dict[str, int]) -> str:
    """What changed, from the count of each kind (`versions.changes.counts`)."""
    if not any(found.values()):
        return "Nothing that the comparison looks at has changed."
    words = [
        _plural(found["added"], "action") + " added",
        _plural(found["removed"], "action") + " removed",
        _plural(found["changed"], "action") + " changed",
        _plural(found["asks"], "change") + " to prospectus asks",
        _plural(found["recommendations"], "change") + " to recommendations",
    ]
    return ", ".join(words) + "."


def atom_date(day: date) -> str:
    """A day as an Atom date: midnight UTC that day."""
    return f"{day.isoformat()}T00:00:00Z"


def _timestamp(date_text: str) -> str:
    """A meeting's date (`2020-07-16`, or `2021-03`) as an Atom date: midnight UTC that day."""
    return atom_date(PlanDate.parse(date_text).first_day)


def _human_date(date_text: str) -> str:
    try:
        return PlanDate.parse(date_text).human()
    except ValueError:
        return date_text


def feed_id(plan: Plan) -> str:
    """The feed's id: the plan's id under planpress's tag authority."""
    return f"tag:{TAG_AUTHORITY}:plan/{quote(plan.plan.id, safe='')}"


def entry_id(plan: Plan, release: PublishedVersion) -> str:
    """A version's entry id: the plan's id and the version's name."""
    return f"{feed_id(plan)}/version/{quote(release.version, safe='')}"


def entry_summary(release: PublishedVersion, releases: list[PublishedVersion]) -> str:
    """The entry's text: its stage, the meeting that published it, and what changed."""
    stage = Stage(release.stage).label if release.stage else "No stage"
    meeting = release.meeting_title or release.meeting_id
    words = [f"Stage: {stage}. Published by {meeting} ({_human_date(release.meeting_date)})."]
    previous = previous_version(releases, release.meeting_date, release.version)
    if previous is None:
        words.append("This is the first published version of the plan.")
    else:
        # A record counts what changed since the version before it, so that a feed of many
        # versions compares no plans; a record without the count (or a build's own version,
        # which has no record yet) is compared.
        found = counts_since(release.since_source, previous.version)
        if found is None:
            found = counts(compare(previous.plan, release.plan))
        words.append(f"Changes since {previous.title}: {counts_summary(found)}")
    return " ".join(words)


def add_child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> None:
    """A child element of `parent`, its text and attributes cleared of what XML cannot hold."""
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)


def publisher_name(plan: Plan) -> str:
    """The name of the partnership that publishes the plan (its id when it is not listed)."""
    return next(
        (o.name for o in plan.organisations if o.id == plan.plan.organisation),
        plan.plan.organisation,
    )


def feed_bytes(feed: ET.Element) -> bytes:
    """A feed element as an indented UTF-8 document, ending with a line break."""
    ET.indent(feed)
    written: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def atom_feed(
    plan: Plan,
    releases: list[PublishedVersion],
    site_url: str | None,
    *,
    folder: str | None = None,
) -> bytes:
    """An Atom feed of `releases`, newest meeting first, as UTF-8 XML.

    `site_url` is the address of the site's root, the folder that holds each version's folder
    (as mkdocs.yml's `site_url` says it, not a version's address); without it links are
    relative. `folder` is the version folder the feed is written in (None: the site's root),
    so that its own address and relative links are right.
    """
    root = site_url.rstrip("/") + "/" if site_url else ("../" if folder else "")
    here = f"{root}{quote(folder, safe='')}/" if folder else root
    newest = sorted(releases, key=lambda r: r.sort_key, reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM})
    add_child(feed, "id", feed_id(plan))
    add_child(feed, "title", f"{plan.plan.title} — versions", type="text")
    add_child(feed, "subtitle", "Each version of the plan, as published by its meeting.")
    if newest:
        updated = _timestamp(newest[0].meeting_date)
    elif plan.meetings:
        updated = _timestamp(str(max(m.date for m in plan.meetings)))
    else:
        updated = EPOCH
    add_child(feed, "updated", updated)
    author = ET.SubElement(feed, "author")
    add_child(author, "name", publisher_name(plan))
    add_child(feed, "link", rel="self", type="application/atom+xml", href=here + FEED_FILE)
    add_child(feed, "link", rel="alternate", type="text/html", href=root or "./")
    add_child(feed, "generator", "planpress")
    for release in newest:
        entry = ET.SubElement(feed, "entry")
        add_child(entry, "id", entry_id(plan, release))
        add_child(entry, "title", release.title, type="text")
        when = _timestamp(release.meeting_date)
        add_child(entry, "updated", when)
        add_child(entry, "published", when)
        href = f"{root}{quote(release.version, safe='')}/"
        add_child(entry, "link", rel="alternate", type="text/html", href=href)
        add_child(entry, "summary", entry_summary(release, releases), type="text")
    return feed_bytes(feed)


def feed_releases(build_version: BuildVersion, plan: Plan) -> list[PublishedVersion]:
    """The versions a build's own feed lists: every published version, and this build's.

    Publishing builds with the new version's record among `build_version.releases`; a build
    as a version that has no record yet (built by hand) adds that version, from `plan`. A
    preview lists the published versions only.
    """
    releases = list(build_version.releases)
    meeting = build_version.meeting
    version = build_version.version
    if version is None or meeting is None or any(r.version == version for r in releases):
        return releases
    releases.append(
        PublishedVersion(
            version=version,
            title=build_version.title or version,
            stage=build_version.stage or "",
            meeting_id=meeting.id,
            meeting_date=str(meeting.date),
            meeting_title=meeting.title,
            body=meeting.body,
            data_commit=None,
            plan_source=plan,
        )
    )
    return sorted(releases, key=lambda r: r.sort_key)
