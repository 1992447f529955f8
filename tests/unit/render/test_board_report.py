"""The board report (render/board_report.py, and its page, render/pages/report.py): the first
version's report has nothing to compare, and a preview reports to the next meeting."""

from __future__ import annotations

from datetime import date

from board_cases import DATA
from support import visible_text

from planpress.core.model import Plan
from planpress.render.board_report import make_report, preview_meeting
from planpress.render.pages.report import board_report
from planpress.render.site import Site
from planpress.versions.build import build_version_for
from planpress.versions.published import PublishedVersion


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
