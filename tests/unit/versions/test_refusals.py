"""The rules that refuse a publish, called directly (versions/refusals.py); how `decide` applies
them is tested in test_publish_policy.py."""

from __future__ import annotations

from datetime import date

from publish_cases import DATA, JULY, SEPTEMBER, meeting, plan, refusal, request

from planpress.versions.publish_terms import MeetingsAt
from planpress.versions.refusals import (
    check_replacement,
    commit_where_current,
    find_meeting,
    later_held,
    refuse_published_elsewhere,
)


def test_the_commit_where_a_version_was_current() -> None:
    november = meeting("board-2020-11-19", "2020-11-19", "2020-11-19")
    both = plan(JULY, SEPTEMBER, november).meetings
    url = meeting("board-2020-09-17", "2020-09-17", "2020-09-17", url="https://x.example/v")
    renamed = meeting("board-2020-09-17", "2020-09-17", "2020-09-99")
    history = [
        MeetingsAt("1" * 40, date(2020, 11, 20), both),  # November held by then
        MeetingsAt("2" * 40, date(2020, 11, 1), plan(JULY, url).meetings),
        MeetingsAt("3" * 40, date(2020, 11, 1), plan(JULY, renamed).meetings),
        MeetingsAt("4" * 40, date(2020, 10, 1), both),  # November still ahead
        MeetingsAt("5" * 40, date(2020, 9, 1), plan(JULY).meetings),
    ]
    september = plan(JULY, SEPTEMBER).meetings[1]
    today = date(2020, 12, 1)
    assert commit_where_current(history, september, today) == "4" * 40
    # what the day of the publish says counts too: on 1 October November is still ahead
    assert commit_where_current(history, september, date(2020, 10, 1)) == "1" * 40
    assert commit_where_current(history[:3], september, today) is None
    assert [m.id for m in later_held(both, both[0], today)] == [
        "board-2020-09-17",
        "board-2020-11-19",
    ]


def test_the_meeting_asked_for_must_exist_and_publish_a_version() -> None:
    assert find_meeting(DATA, "board-2020-09-17").id == "board-2020-09-17"
    assert str(refusal(find_meeting, DATA, "board-2020-09-71")) == (
        "unknown meeting 'board-2020-09-71' (did you mean 'board-2020-09-17'?)"
    )
    assert str(refusal(find_meeting, DATA, "board-2020-11-19")).startswith(
        "meeting 'board-2020-11-19' does not publish a version: it has no 'publishes' block"
    )


def test_a_meeting_whose_version_was_published_elsewhere_is_refused() -> None:
    refuse_published_elsewhere(plan(SEPTEMBER).meetings[0])  # no publishes.url: allowed
    url = meeting("board-2020-07-16", "2020-07-16", "2020-07-16", url="https://x.example/v")
    assert str(refusal(refuse_published_elsewhere, plan(url).meetings[0])).startswith(
        "version 2020-07-16 of board-2020-07-16 was published elsewhere, at https://x.example/v"
    )


def test_a_version_not_yet_published_needs_no_replacement() -> None:
    assert check_replacement(request(), "2020-09-17", None, {}, "now") is None
    assert str(
        refusal(check_replacement, request(replace=True, reason="x"), "2020-09-17", None, {}, "now")
    ) == ("version '2020-09-17' is not published yet: there is nothing to replace")
