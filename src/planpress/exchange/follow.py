"""A feed and a calendar for each sub-group and each owner: follow only the actions you care about.

For each group that owns at least one action, and each organisation that owns at least one
(`follow_subjects`), two files in the version's `follow/` folder:

- `group-<id>.xml` or `owner-<id>.xml`: an Atom feed (RFC 4287), one entry per action: its due
  date, start, status, sub-group and owner, linked to its card on its sub-group's page. An
  entry is updated as of the version that added the action or last changed it, as the "Changes
  since" page counts changes (`BuildVersion.histories`), so that a feed reader shows an entry
  again only when it has changed.
- `group-<id>.ics` or `owner-<id>.ics`: an iCalendar file (RFC 5545), an all-day event for each
  action's due date and, for context, the plan's milestones that fall in a month in which one
  of those actions is due (cancelled actions aside): what else happens when its work is due.
  Milestones belong to the whole plan, not to a group or an owner, and have no history to date
  a change by, so they are in the calendars and not in the feeds.

A due date is a deadline, and reads as the site writes it ("due March 2023"): a day's event is
on that day, and a month's (`2023-03`) on the month's last day, 31 March 2023, the latest day
it can mean (as the "Changes since" page compares due dates). A milestone is on its day, or
spans its month when only the month is known, as the meetings calendar shows a meeting. An
action without a due date is in the feed and not in the calendar. A complete action's entry
and event say it is complete; a cancelled action's say it is cancelled, and its event is
STATUS:CANCELLED, so that a calendar that subscribes shows it cancelled rather than dropping it.

Ids and UIDs come from the plan's id and the action's or milestone's id alone: the same in
every file, from version to version and wherever the site is served, so that calendars update
an event rather than add it again. Nothing depends on the clock: the same plan and version
give the same bytes. Each action's words and event, and each milestone's event, are made once
per build and shared by the files that hold them (`Follow`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from planpress.core.model import Action, Milestone, Plan, PlanDate
from planpress.core.outfiles import write_whole
from planpress.exchange.calendar import all_day_event, calendar_bytes, new_calendar
from planpress.exchange.feed import (
    ATOM,
    add_child,
    atom_date,
    feed_bytes,
    feed_id,
    publisher_name,
)
from planpress.exchange.opendata import ATOM_MEDIA_TYPE, ICS_MEDIA_TYPE, DataFile, version_url
from planpress.versions.build import BuildVersion

FOLDER = "follow"
"""The folder, in each version's folder, that holds the files."""

GROUP = "group"
OWNER = "owner"

# Where the site shows each record, under the version's address (as `render.records` places
# them; a test holds the two the same).
ACTION_PAGE = "plan/{group}/#{action}"
GROUP_PAGE = "plan/{group}/"
OWNER_PAGE = "partners/#org-{owner}"
MILESTONE_PAGE = "timeline/#milestone-{milestone}"
PLAN_PAGE = "plan/"


@dataclass(frozen=True)
class Subject:
    """A sub-group or an owner that owns at least one action, and its actions."""

    kind: str  # GROUP (the group that owns the actions) or OWNER (the organisation)
    id: str
    name: str
    actions: tuple[Action, ...]

    @property
    def stem(self) -> str:
        """Its files' path in the version's folder, without the extension."""
        return f"{FOLDER}/{self.kind}-{quote(self.id, safe='')}"

    @property
    def feed_name(self) -> str:
        return f"{self.stem}.xml"

    @property
    def calendar_name(self) -> str:
        return f"{self.stem}.ics"

    @property
    def page(self) -> str:
        """Where the site shows the group (its page) or the owner (on the partners page)."""
        if self.kind == GROUP:
            return GROUP_PAGE.format(group=quote(self.id, safe=""))
        return OWNER_PAGE.format(owner=quote(self.id, safe=""))

    @property
    def whose(self) -> str:
        """`the actions of X` or `the actions that X owns`."""
        if self.kind == GROUP:
            return f"the actions of {self.name}"
        return f"the actions that {self.name} owns"


def follow_subjects(plan: Plan) -> list[Subject]:
    """The groups that own actions, in the order of groups.yml, then the organisations that
    own actions, in the order of organisations.yml; each with its actions in the plan's order.

    A group or organisation that owns no action has no files."""
    by_group: dict[str, list[Action]] = {}
    by_owner: dict[str, list[Action]] = {}
    for action in plan.actions:
        by_group.setdefault(action.group, []).append(action)
        by_owner.setdefault(action.owner, []).append(action)
    subjects = [
        Subject(GROUP, group.id, group.name, tuple(by_group[group.id]))
        for group in plan.groups
        if group.id in by_group
    ]
    subjects += [
        Subject(OWNER, organisation.id, organisation.name, tuple(by_owner[organisation.id]))
        for organisation in plan.organisations
        if organisation.id in by_owner
    ]
    return subjects


# ---------------------------------------------------------------- ids and words


def action_uid(plan: Plan, action: Action) -> str:
    """The UID of an action's due date: from the plan's and the action's ids alone.

    A `.` is in no id, so no UID of one kind can be another's, nor a meeting's."""
    return f"due.{action.id}@{plan.plan.id}.planpress"


def milestone_uid(plan: Plan, milestone: Milestone) -> str:
    """The UID of a milestone's event: from the plan's and the milestone's ids alone."""
    return f"milestone.{milestone.id}@{plan.plan.id}.planpress"


def action_entry_id(plan: Plan, action: Action) -> str:
    """An action's entry id in every feed that lists it."""
    return f"{feed_id(plan)}/action/{quote(action.id, safe='')}"


def subject_feed_id(plan: Plan, subject: Subject) -> str:
    """The feed's id: the plan's feed id, then the kind and id of the group or owner."""
    return f"{feed_id(plan)}/follow/{subject.kind}/{quote(subject.id, safe='')}"


def plain_words(value: str) -> str:
    """`in-progress` -> `In progress`."""
    return value.replace("-", " ").capitalize()


def action_title(action: Action) -> str:
    """The feed entry's title: `SKL-01 Title — due March 2023`, marked when complete or
    cancelled."""
    when = f"due {action.due.human()}" if action.due else "no due date set"
    mark = f" ({action.status})" if action.status in ("complete", "cancelled") else ""
    return f"{action.id} {action.title} — {when}{mark}"


def action_summary(action: Action) -> str:
    """The event's summary: what is due, marked when complete or cancelled."""
    prefix = {"complete": "Due (complete)", "cancelled": "Cancelled"}.get(action.status, "Due")
    return f"{prefix}: {action.id} {action.title}"


def action_description(action: Action, group: str, owner: str) -> str:
    """The action in plain text: its dates, status, sub-group and owner (by the names given),
    and its summary."""
    lines = [
        f"{action.id} {action.title}",
        f"Due: {action.due.human()}" if action.due else "Due: not set",
    ]
    if action.start:
        lines.append(f"Start: {action.start.human()}")
    lines += [f"Status: {plain_words(action.status)}", f"Sub-group: {group}", f"Owner: {owner}"]
    if action.summary:
        lines += ["", action.summary]
    return "\n".join(lines)


def milestone_description(milestone: Milestone) -> str:
    """The milestone in plain text: what happens, when, and its kind."""
    when = milestone.date.human()
    if milestone.date.month_only:
        when += " (the day is not given)"
    lines = [f"A milestone of the plan: {milestone.title}", f"When: {when}"]
    if milestone.kind:
        lines.append(f"Kind: {plain_words(milestone.kind)}")
    return "\n".join(lines)


def action_page(action: Action, groups: Container[str]) -> str:
    """The action's card on its sub-group's page (the plan's page when its group is not
    among `groups`, the plan's group ids)."""
    if action.group not in groups:
        return PLAN_PAGE
    return ACTION_PAGE.format(group=quote(action.group, safe=""), action=quote(action.id, safe=""))


def milestone_page(milestone: Milestone) -> str:
    """The milestone's entry on the timeline page."""
    return MILESTONE_PAGE.format(milestone=quote(milestone.id, safe=""))


# ---------------------------------------------------------------- dates


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


def due_months(actions: Iterable[Action]) -> set[tuple[int, int]]:
    """The months (year, month) in which `actions` fall due, cancelled actions aside."""
    return {
        (action.due.year, action.due.month)
        for action in actions
        if action.due is not None and action.status != "cancelled"
    }


def milestones_for(plan: Plan, actions: Iterable[Action]) -> list[Milestone]:
    """The plan's milestones that fall in a month in which one of `actions` is due."""
    months = due_months(actions)
    return [m for m in plan.milestones if (m.date.year, m.date.month) in months]


# ---------------------------------------------------------------- the files


@dataclass(frozen=True)
class _ActionWords:
    """An action as every file that holds it shows it."""

    action: Action
    entry_id: str
    title: str
    description: str
    href: str  # its card: absolute with the site's address, else relative to the files
    updated: date
    event: bytes | None  # its due date's event; None: no due date


class Follow:
    """The feeds and calendars of one build, each action's words and event made once.

    `site_url` is the site's address (mkdocs.yml's `site_url`, as `open_data_files` takes it):
    the version's own address comes from it and `build_version`. Without it, links in the
    feeds are relative to the `follow/` folder and the events carry no URL (an event's URL is
    absolute)."""

    def __init__(self, plan: Plan, build_version: BuildVersion, site_url: str | None = None):
        self.plan = plan
        self.build_version = build_version
        self.here = version_url(site_url, build_version)
        self.base = self.here or "../"
        self.day = build_day(build_version)
        self.subjects = follow_subjects(plan)
        groups = {g.id: g.name for g in plan.groups}
        owners = {o.id: o.name for o in plan.organisations}
        updated = updated_days(plan, build_version)
        self.actions: dict[str, _ActionWords] = {}
        for action in plan.actions:
            group = groups.get(action.group, action.group)
            description = action_description(action, group, owners.get(action.owner, action.owner))
            page = action_page(action, groups)
            event = None
            if action.due is not None:
                event = all_day_event(
                    uid=action_uid(plan, action),
                    stamped=updated[action.id],
                    first=action.due.last_day,
                    last=action.due.last_day,
                    summary=action_summary(action),
                    description=description,
                    status="CANCELLED" if action.status == "cancelled" else None,
                    url=self.here + page if self.here else None,
                )
            self.actions[action.id] = _ActionWords(
                action,
                action_entry_id(plan, action),
                action_title(action),
                description,
                self.base + page,
                updated[action.id],
                event,
            )
        self._milestones: dict[str, bytes] = {}

    def _milestone_event(self, milestone: Milestone) -> bytes:
        made = self._milestones.get(milestone.id)
        if made is None:
            made = self._milestones[milestone.id] = all_day_event(
                uid=milestone_uid(self.plan, milestone),
                stamped=milestone.date.first_day,
                first=milestone.date.first_day,
                last=milestone.date.last_day,
                summary=milestone.title,
                description=milestone_description(milestone),
                url=self.here + milestone_page(milestone) if self.here else None,
            )
        return made

    def feed(self, subject: Subject) -> bytes:
        """The Atom feed of `subject`'s actions, soonest due first (those without a due date
        last), as UTF-8 XML."""
        plan = self.plan
        words = sorted(
            (self.actions[a.id] for a in subject.actions),
            key=lambda w: (
                w.action.due is None,
                w.action.due.last_day if w.action.due else date.min,
            ),
        )
        feed = ET.Element("feed", {"xmlns": ATOM})
        add_child(feed, "id", subject_feed_id(plan, subject))
        add_child(feed, "title", f"{plan.plan.title} — {subject.name}: due dates", type="text")
        subtitle = f"{_capital(subject.whose)}, each with its due date and status."
        add_child(feed, "subtitle", subtitle, type="text")
        add_child(feed, "updated", atom_date(max((w.updated for w in words), default=self.day)))
        author = ET.SubElement(feed, "author")
        add_child(author, "name", publisher_name(plan))
        own = quote(subject.feed_name, safe="/")
        own_href = f"{self.here}{own}" if self.here else own.rsplit("/", 1)[-1]
        add_child(feed, "link", rel="self", type="application/atom+xml", href=own_href)
        add_child(feed, "link", rel="alternate", type="text/html", href=self.base + subject.page)
        add_child(feed, "generator", "planpress")
        for word in words:
            entry = ET.SubElement(feed, "entry")
            add_child(entry, "id", word.entry_id)
            add_child(entry, "title", word.title, type="text")
            add_child(entry, "updated", atom_date(word.updated))
            add_child(entry, "link", rel="alternate", type="text/html", href=word.href)
            add_child(entry, "summary", word.description, type="text")
        return feed_bytes(feed)

    def calendar(self, subject: Subject) -> bytes:
        """The iCalendar file of `subject`'s due dates and the milestones in their months, in
        order of date (a milestone before a due date on the same day)."""
        short = self.plan.plan.short_title or self.plan.plan.title
        calendar = new_calendar(self.plan, f"{subject.name}: due dates ({short})")
        dated: list[tuple[date, int, bytes]] = [
            (milestone.date.first_day, 0, self._milestone_event(milestone))
            for milestone in milestones_for(self.plan, subject.actions)
        ]
        for action in subject.actions:
            event = self.actions[action.id].event
            if action.due is not None and event is not None:
                dated.append((action.due.last_day, 1, event))
        dated.sort(key=lambda item: (item[0], item[1]))  # stable: else in the plan's order
        return calendar_bytes(calendar, (event for _, _, event in dated))

    def files(self) -> Iterator[DataFile]:
        """Each subject's feed, then its calendar, in the order of `follow_subjects`, each
        made when it is asked for."""
        for subject in self.subjects:
            yield DataFile(
                subject.feed_name,
                f"{subject.name}: feed",
                ATOM_MEDIA_TYPE,
                f"{_capital(subject.whose)}, each with its due date, as an Atom feed.",
                self.feed(subject),
            )
            yield DataFile(
                subject.calendar_name,
                f"{subject.name}: calendar",
                ICS_MEDIA_TYPE,
                f"The due dates of {subject.whose}, and the plan's milestones in their months, "
                "as a calendar.",
                self.calendar(subject),
            )


def follow_feed(
    plan: Plan, subject: Subject, build_version: BuildVersion, site_url: str | None = None
) -> bytes:
    """`subject`'s feed (`Follow.feed`); to make every file of a build, use `follow_files`."""
    return Follow(plan, build_version, site_url).feed(subject)


def follow_calendar(
    plan: Plan, subject: Subject, build_version: BuildVersion, site_url: str | None = None
) -> bytes:
    """`subject`'s calendar (`Follow.calendar`); for every file of a build, `follow_files`."""
    return Follow(plan, build_version, site_url).calendar(subject)


def follow_files(
    plan: Plan, build_version: BuildVersion, site_url: str | None = None
) -> list[DataFile]:
    """Every feed and calendar of this build (`Follow.files`)."""
    return list(Follow(plan, build_version, site_url).files())


def write_follow_files(
    site_dir: Path, plan: Plan, build_version: BuildVersion, site_url: str | None = None
) -> list[Path]:
    """Write every feed and calendar into the site's folder, each whole or not at all, as it
    is made (so that they are not all held at once)."""
    return [
        write_whole(Path(site_dir) / data_file.name, _writer(data_file.content))
        for data_file in Follow(plan, build_version, site_url).files()
    ]


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _writer(content: bytes) -> Callable[[BinaryIO], object]:
    return lambda stream: stream.write(content)
