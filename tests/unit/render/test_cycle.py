"""The home page's board cycle (render/cycle.py, the `board_cycle` macro), as at a build's date:
a version names itself as current whatever later meetings the data records, and a preview names
the newest version whose meeting had been held."""

from __future__ import annotations

import re
from datetime import date

from board_cases import DATA, MARCH, NOVEMBER, meeting, plan
from render_cases import make_plan
from support import visible_text

from planpress.render import PAGE_MACROS
from planpress.render.site import Site
from planpress.versions.build import build_version_for

OLD_SITE = "https://old.example.org/plan-2026-06.pdf"


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


def test_board_cycle_shows_latest_published_version_and_next_meeting():
    plan = make_plan()
    cycle = Site(plan).board_cycle()
    assert cycle.current.id == "board-1" and cycle.upcoming.id == "board-2"
    html = PAGE_MACROS["board_cycle"](Site(plan))
    assert "Plain version" in html and "Draft" in html and "16 July 2020" in html
    assert 'href="governance/#meeting-board-2"' in html
    nothing = make_plan(meetings=[])
    assert "No meeting has published" in PAGE_MACROS["board_cycle"](Site(nothing))
