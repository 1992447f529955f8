"""The Atom feed (RFC 4287) of a sub-group's or an owner's actions, soonest due first: an entry
per action, updated as of the version that added the action or last changed it, so that a feed
reader shows an entry again only when it has changed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date
from urllib.parse import quote

from planpress.core.model import Action, Plan, PlanDate
from planpress.exchange.feed import ATOM, add_child, atom_date, feed_bytes, feed_id, publisher_name
from planpress.exchange.followed import ActionWords, Subject, capital
from planpress.versions.build import BuildVersion


def action_entry_id(plan: Plan, action: Action) -> str:
    """An action's entry id in every feed that lists it."""
    return f"{feed_id(plan)}/action/{quote(action.id, safe='')}"


def subject_feed_id(plan: Plan, subject: Subject) -> str:
    """The feed's id: the plan's feed id, then the kind and id of the group or owner."""
    return f"{feed_id(plan)}/follow/{subject.kind}/{quote(subject.id, safe='')}"


def action_title(action: Action) -> str:
    """The feed entry's title: `SKL-01 Title — due March 2023`, marked when complete or
    cancelled."""
    when = f"due {action.due.human()}" if action.due else "no due date set"
    mark = f" ({action.status})" if action.status in ("complete", "cancelled") else ""
    return f"{action.id} {action.title} — {when}{mark}"


def build_day(build_version: BuildVersion) -> date:
    """The day this build stands at: its meeting's, or for a preview the day it is as at (no
    earlier than the newest published version's)."""
    if build_version.meeting is not None:
        return build_version.meeting.date.first_day
    return max([build_version.as_at, *_release_days(build_version).values()])


def _release_days(build_version: BuildVersion) -> dict[str | None, date]:
    days: dict[str | None, date] = {}
    for release in build_version.releases:
        try:
            days[release.version] = PlanDate.parse(release.meeting_date).first_day
        except ValueError:
            continue
    return days


def updated_days(plan: Plan, build_version: BuildVersion) -> dict[str, date]:
    """Each action's last change: the day of the version that added it or last changed it
    (this build's day when this build does, or when it has no history)."""
    this_day = build_day(build_version)
    days = _release_days(build_version)
    days[build_version.version] = this_day
    found = {}
    for action in plan.actions:
        entries = build_version.histories.get(action.id) or []
        found[action.id] = days.get(entries[-1].version, this_day) if entries else this_day
    return found


def subject_feed(
    plan: Plan,
    subject: Subject,
    actions: Iterable[ActionWords],
    here: str | None,
    base: str,
    day: date,
) -> bytes:
    """The Atom feed of `subject`'s `actions`, soonest due first (those without a due date
    last), as UTF-8 XML. `here` is the version's address (None without the site's), `base`
    what links start with, `day` the day this build stands at."""
    words = sorted(
        actions,
        key=lambda w: (
            w.action.due is None,
            w.action.due.last_day if w.action.due else date.min,
        ),
    )
    feed = ET.Element("feed", {"xmlns": ATOM})
    add_child(feed, "id", subject_feed_id(plan, subject))
    add_child(feed, "title", f"{plan.plan.title} — {subject.name}: due dates", type="text")
    subtitle = f"{capital(subject.whose)}, each with its due date and status."
    add_child(feed, "subtitle", subtitle, type="text")
    add_child(feed, "updated", atom_date(max((w.updated for w in words), default=day)))
    author = ET.SubElement(feed, "author")
    add_child(author, "name", publisher_name(plan))
    own = quote(subject.feed_name, safe="/")
    own_href = f"{here}{own}" if here else own.rsplit("/", 1)[-1]
    add_child(feed, "link", rel="self", type="application/atom+xml", href=own_href)
    add_child(feed, "link", rel="alternate", type="text/html", href=base + subject.page)
    add_child(feed, "generator", "planpress")
    for word in words:
        entry = ET.SubElement(feed, "entry")
        add_child(entry, "id", word.entry_id)
        add_child(entry, "title", word.title, type="text")
        add_child(entry, "updated", atom_date(word.updated))
        add_child(entry, "link", rel="alternate", type="text/html", href=word.href)
        add_child(entry, "summary", word.description, type="text")
    return feed_bytes(feed)
