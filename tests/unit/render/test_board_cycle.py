"""The home page's board cycle and the board report, as at a build's date: a version names
itself as current whatever later meetings the data records, a preview names the newest version
whose meeting had been held, and the first version's report has nothing to compare."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from support import visible_text

from planpress.core.model import Plan
from planpress.render import PAGE_MACROS
from planpress.render.report import board_report, make_report, preview_meeting
from planpress.render.site import Site
from planpress.versions.build import build_version_for
from planpress.versions.published import PublishedVersion

OLD_SITE = "https://old.example.org/plan-2026-06.pdf"


def meeting(id: str, day: str, version: str | None = None, **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"id": id, "date": day, "body": "board", "title": f"Board {day}"}
    if version:
        found["publishes"] = {"version": version, "title": f"Plan {version}", "stage": "draft"}
    return {**found, **more}


def plan(*meetings: dict[str, Any]) -> Plan:
    return Plan.model_validate(
        {
            "plan": {
                "id": "test-plan",
                "title": "Test Plan",
                "organisation": "test-lep",
                "summary": "A small plan for tests.",
                "strands": [{"id": "growth", "name": "Growth"}],
                "themes": [{"id": "recovery", "name": "Recovery", "horizon": "short"}],
            },
            "organisations": [{"id": "test-lep", "name": "Test LEP", "kind": "lep"}],
            "groups": [{"id": "board", "name": "Test Board", "kind": "board"}],
            "actions": [
                {
                    "id": "SKL-01",
                    "title": "First action",
                    "strand": "growth",
                    "theme": "recovery",
                    "group": "board",
                    "owner": "test-lep",
                    "status": "planned",
                }
            ],
            "meetings": list(meetings),
        }
    )


NOVEMBER = meeting("board-2026-11-19", "2026-11-19", "2026-11-19", status="held")
# recorded as held, though the versions below are as at dates before it
MARCH = meeting("board-2027-03-11", "2027-03-11", "2027-03-11", status="held")
DATA = plan(NOVEMBER, MARCH)


def cycle_text(site: Site) -> str:
    return visible_text(PAGE_MACROS["board_cycle"](site))


def facts(text: str) -> dict[str, str]:
    """The board cycle's facts, by what each is: "Current version", "Next meeting", ..."""
    names = ("Current version", "Stage", "Published by", "Published at", "Next meeting")
    pattern = "(" + "|".join(names) + "|Earlier versions)"
    parts = re.split(pattern, text)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def test_a_version_is_current_on_its_own_pages_whatever_later_meetings_the_data_holds() -> None:
    site = Site(DATA, build_version=build_version_for(DATA, [], "2026-11-19"))
    cycle = site.board_cycle()
    assert cycle.current is not None and cycle.current.id == "board-2026-11-19"
    assert cycle.upcoming is not None and cycle.upcoming.id == "board-2027-03-11"
    assert cycle.earlier == ()
    shown = facts(cycle_text(site))
    assert shown["Current version"] == "Plan 2026-11-19 (version 2026-11-19)"
    assert shown["Published by"] == "Board 2026-11-19, 19 November 2026 (Held)"
    # the later meeting is not yet held as at the version's date; its version is only expected
    assert shown["Next meeting"] == (
        "Board 2027-03-11, 11 March 2027 (Scheduled): expected to consider Plan 2027-03-11 "
        "(Draft stage)"
    )
    # and the later version's own pages name it as current, with this one before it
    later = Site(DATA, build_version=build_version_for(DATA, [], "2027-03-11"))
    shown = facts(cycle_text(later))
    assert shown["Current version"] == "Plan 2027-03-11 (version 2027-03-11)"
    assert shown["Next meeting"] == "No later meeting is recorded yet."
    assert shown["Earlier versions"].startswith("Plan 2026-11-19 (Draft), published by")


def test_a_preview_names_the_newest_version_held_by_its_date() -> None:
    def preview(day: date) -> Site:
        return Site(DATA, build_version=build_version_for(DATA, [], None, day))

    shown = facts(cycle_text(preview(date(2026, 12, 6))))
    assert shown["Current version"] == "Plan 2026-11-19 (version 2026-11-19)"
    assert shown["Next meeting"].startswith("Board 2027-03-11, 11 March 2027 (Scheduled)")
    # on the day of the meeting, it has been held
    shown = facts(cycle_text(preview(date(2027, 3, 11))))
    assert shown["Current version"] == "Plan 2027-03-11 (version 2027-03-11)"
    assert shown["Published by"] == "Board 2027-03-11, 11 March 2027 (Held)"
    before = cycle_text(preview(date(2026, 10, 1)))
    assert "No meeting has published a version of the plan yet." in before
    assert (
        "Next meeting: Board 2026-11-19, 19 November 2026, expected to consider Plan 2026-11-19 "
        "(Draft stage)." in before
    )
    assert "Current version" not in before


def test_a_version_published_elsewhere_links_to_where_it_is() -> None:
    june = meeting("board-2026-06-11", "2026-06-11", "2026-06-11")
    june["publishes"]["url"] = OLD_SITE
    data = plan(june, NOVEMBER)
    html = PAGE_MACROS["board_cycle"](
        Site(data, build_version=build_version_for(data, [], "2026-11-19"))
    )
    assert 'published by <a href="governance/#meeting-board-2026-06-11">' in html
    assert f', at <a href="{OLD_SITE}">{OLD_SITE}</a></li>' in html
    current = PAGE_MACROS["board_cycle"](
        Site(data, build_version=build_version_for(data, [], None, date(2026, 7, 1)))
    )
    assert f'<dt>Published at</dt>\n<dd><a href="{OLD_SITE}">{OLD_SITE}</a></dd>' in current


def test_without_a_build_date_a_scheduled_meeting_is_still_ahead() -> None:
    scheduled = plan(NOVEMBER, {**MARCH, "status": "scheduled"})
    cycle = Site(scheduled).board_cycle()
    assert cycle.current is not None and cycle.current.id == "board-2026-11-19"
    assert cycle.upcoming is not None and cycle.upcoming.id == "board-2027-03-11"


# ---------------------------------------------------------------- the board report


def release(data: Plan, version: str, day: str) -> PublishedVersion:
    return PublishedVersion(
        version=version,
        title=f"Plan {version}",
        stage="draft",
        meeting_id=f"board-{day}",
        meeting_date=day,
        meeting_title=f"Board {day}",
        body="board",
        data_commit=None,
        plan_source=data,
    )


def test_the_first_version_has_a_report_with_nothing_to_compare() -> None:
    site = Site(DATA, build_version=build_version_for(DATA, [], "2026-11-19"))
    report = make_report(DATA, DATA.meetings[0], None, date(2026, 11, 19), site)
    assert report.first and report.changes is None and report.changed == ()
    text = visible_text(board_report(site))
    assert "First version: nothing to compare." in text
    assert "No version of the plan was published before this meeting" in text
    assert "What changed since" not in text
    assert "Overall rating" in text and "Decisions sought" in text
    # the next version's report compares with it
    releases = [release(DATA, "2026-11-19", "2026-11-19")]
    later = Site(DATA, build_version=build_version_for(DATA, releases, "2027-03-11"))
    text = visible_text(board_report(later))
    assert "What changed since Plan 2026-11-19" in text
    assert "nothing to compare" not in text


def test_a_preview_reports_to_the_next_meeting_even_with_no_version_before_it() -> None:
    found = preview_meeting(DATA, [], date(2026, 10, 1))
    assert found is not None
    assert (found[0].id, found[1]) == ("board-2026-11-19", None)
    site = Site(DATA, build_version=build_version_for(DATA, [], None, date(2026, 10, 1)))
    assert "First version: nothing to compare." in visible_text(board_report(site))
    assert preview_meeting(DATA, [], date(2027, 3, 12)) is None
    late = Site(DATA, build_version=build_version_for(DATA, [], None, date(2027, 3, 12)))
    assert "no meeting is recorded on or after the date this preview is as at" in (
        visible_text(board_report(late))
    )
