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
per build and shared by the files that hold them (`Follow`), which makes and writes the files;
what they are about is `followed`'s, a feed `followfeed`'s and a calendar `followcalendar`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from planpress.core.model import Milestone, Plan
from planpress.core.outfiles import write_whole
from planpress.exchange.datafiles import ATOM_MEDIA_TYPE, ICS_MEDIA_TYPE, OpenDataFile, version_url
from planpress.exchange.followcalendar import action_event, milestone_event, subject_calendar
from planpress.exchange.followed import (
    ActionWords,
    Subject,
    action_description,
    action_page,
    capital,
    follow_subjects,
)
from planpress.exchange.followfeed import (
    action_entry_id,
    action_title,
    build_day,
    subject_feed,
    updated_days,
)
from planpress.versions.build import BuildVersion


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
        self.actions: dict[str, ActionWords] = {}
        for action in plan.actions:
            group = groups.get(action.group, action.group)
            description = action_description(action, group, owners.get(action.owner, action.owner))
            page = action_page(action, groups)
            url = self.here + page if self.here else None
            self.actions[action.id] = ActionWords(
                action,
                action_entry_id(plan, action),
                action_title(action),
                description,
                self.base + page,
                updated[action.id],
                action_event(plan, action, updated[action.id], description, url),
            )
        self._milestones: dict[str, bytes] = {}

    def _milestone_event(self, milestone: Milestone) -> bytes:
        made = self._milestones.get(milestone.id)
        if made is None:
            made = self._milestones[milestone.id] = milestone_event(self.plan, milestone, self.here)
        return made

    def feed(self, subject: Subject) -> bytes:
        """The Atom feed of `subject`'s actions (`followfeed.subject_feed`)."""
        words = (self.actions[a.id] for a in subject.actions)
        return subject_feed(self.plan, subject, words, self.here, self.base, self.day)

    def calendar(self, subject: Subject) -> bytes:
        """The iCalendar file of `subject`'s due dates (`followcalendar.subject_calendar`)."""
        return subject_calendar(self.plan, subject, self.actions, self._milestone_event)

    def files(self) -> Iterator[OpenDataFile]:
        """Each subject's feed, then its calendar, in the order of `follow_subjects`, each
        made when it is asked for."""
        for subject in self.subjects:
            yield OpenDataFile(
                subject.feed_name,
                f"{subject.name}: feed",
                ATOM_MEDIA_TYPE,
                f"{capital(subject.whose)}, each with its due date, as an Atom feed.",
                self.feed(subject),
            )
            yield OpenDataFile(
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
) -> list[OpenDataFile]:
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


def _writer(content: bytes) -> Callable[[BinaryIO], object]:
    return lambda stream: stream.write(content)
