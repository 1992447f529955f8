"""The decisions of `planpress publish`, without git or mike: facts in, a plan or a refusal out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from publish_cases import (
    DATA,
    JULY,
    NOVEMBER,
    NOW,
    RELEASES,
    SEPTEMBER,
    facts,
    meeting,
    plan,
    refusal,
    release,
    request,
)

from planpress.core.model import Plan
from planpress.core.stages import Stage
from planpress.versions.policy import decide
from planpress.versions.publish_terms import Facts, MeetingsAt, PublishPlan

# ------------------------------------------------------------------ the data and the meeting


def test_data_that_fails_check_is_refused_with_its_problems() -> None:
    caught = refusal(decide, facts(data=None, problems=("data/plan.yml: bad", "x: worse")))
    assert str(caught) == (
        "the data at HEAD fails `planpress check` (2 problems): fix them and commit first"
    )
    assert caught.details == ["data/plan.yml: bad", "x: worse"]
    ask = request(source="v1")
    caught = refusal(decide, facts(data=None, problems=("p",), request=ask))
    assert str(caught).startswith("the data at v1 fails `planpress check` (1 problems)")


def test_an_unknown_meeting_is_refused_with_a_suggestion() -> None:
    assert str(refusal(decide, facts("board-2020-09-71"))) == (
        "unknown meeting 'board-2020-09-71' (did you mean 'board-2020-09-17'?)"
    )
    assert str(refusal(decide, facts("zzz"))) == (
        "unknown meeting 'zzz' (meetings are listed in data/meetings.yml)"
    )


def test_a_meeting_that_publishes_nothing_is_refused() -> None:
    assert str(refusal(decide, facts("board-2020-11-19"))) == (
        "meeting 'board-2020-11-19' does not publish a version: it has no 'publishes' block in "
        "data/meetings.yml (meetings that do: board-2020-07-16, board-2020-09-17)"
    )
    alone = plan(NOVEMBER)
    assert str(refusal(decide, facts("board-2020-11-19", data=alone))).endswith(
        "(meetings that do: none)"
    )


def test_a_version_name_that_cannot_be_a_folder_is_refused() -> None:
    named = plan(meeting("board-2020-09-17", "2020-09-17", "latest"))
    assert str(refusal(decide, facts(data=named))).startswith(
        "version name 'latest' is reserved for the site's own files and aliases (choose "
        "another name; reserved, in capitals or small letters: "
    )


def test_a_superseded_meeting_is_refused_with_the_commit_to_publish_from() -> None:
    july_only = plan(JULY, meeting("board-2020-09-17", "2020-09-17"))
    history = [
        MeetingsAt("c" * 40, date(2020, 9, 18), list(DATA.meetings)),
        MeetingsAt("e" * 40, date(2020, 7, 20), list(july_only.meetings)),
    ]
    caught = refusal(decide, facts("board-2020-07-16", history=history))
    assert str(caught) == (
        "the data at HEAD already holds a later version (2020-09-17, of board-2020-09-17, a "
        "meeting held on 17 September 2020); publish board-2020-07-16 from the data as it stood "
        "at its meeting: planpress publish board-2020-07-16 --from eeeeeeeeee"
    )
    assert "\n" not in str(caught)


def test_a_superseded_meeting_with_no_commit_of_its_own_is_told_about_publishes_url() -> None:
    history = [MeetingsAt("c" * 40, date(2020, 9, 18), list(DATA.meetings))]
    caught = refusal(decide, facts("board-2020-07-16", history=history))
    assert str(caught) == (
        "the data at HEAD already holds a later version (2020-09-17, of board-2020-09-17, a "
        "meeting held on 17 September 2020), and no commit here holds the data as it stood at "
        "board-2020-07-16; a version can only be published from the data as it stood at its "
        "meeting: if version 2020-07-16 was "
        "published before, elsewhere, record its address as publishes.url under "
        "board-2020-07-16 in data/meetings.yml, which keeps the meeting on the record without "
        "making up a version"
    )
    assert "\n" not in str(caught)


def test_a_later_meeting_still_ahead_never_blocks_the_current_version() -> None:
    # November names the version it is expected to consider; on 18 September it is ahead
    ahead = plan(JULY, SEPTEMBER, meeting("board-2020-11-19", "2020-11-19", "2020-11-19"))
    done = decide(facts(data=ahead))
    assert (done.version, done.aliases) == ("2020-09-17", ("latest",))
    # ahead by the day the data was written, even if held since: the data stands as at September
    later = facts(data=ahead, now=datetime(2020, 12, 1, tzinfo=UTC), data_written=NOW.date())
    assert decide(later).version == "2020-09-17"
    # a month still to come is ahead too; a cancelled meeting never blocks
    month = plan(JULY, SEPTEMBER, meeting("board-2020-10", "2020-10", "2020-10"))
    assert decide(facts(data=month)).version == "2020-09-17"
    cancelled = plan(
        JULY,
        SEPTEMBER,
        meeting("board-2020-09-18", "2020-09-18", "2020-09-18", status="cancelled"),
    )
    assert decide(facts(data=cancelled)).version == "2020-09-17"


def test_a_later_meeting_is_held_on_its_own_day() -> None:
    same_day = plan(JULY, SEPTEMBER, meeting("board-2020-09-18", "2020-09-18", "2020-09-18"))
    caught = refusal(decide, facts(data=same_day))
    assert str(caught).startswith(
        "the data at HEAD already holds a later version (2020-09-18, of board-2020-09-18, a "
        "meeting held on 18 September 2020)"
    )
    # written before the meeting, the data does not hold its outcome yet
    assert decide(facts(data=same_day, data_written=date(2020, 9, 17))).version == "2020-09-17"
    # a meeting known only by its month is held once its month has begun
    august = plan(JULY, meeting("board-2020-08", "2020-08", "2020-08"))
    assert str(refusal(decide, facts("board-2020-07-16", data=august))).startswith(
        "the data at HEAD already holds a later version (2020-08, of board-2020-08, a meeting "
        "held in August 2020)"
    )


def test_from_is_held_to_the_same_rule_and_publishes_older_data() -> None:
    ask = request("board-2020-07-16", source="HEAD~1")
    caught = refusal(decide, facts("board-2020-07-16", request=ask))
    assert str(caught).startswith(
        "the data at HEAD~1 already holds a later version (2020-09-17, of board-2020-09-17"
    )
    july_only = plan(JULY, meeting("board-2020-09-17", "2020-09-17"))
    done = decide(facts("board-2020-07-16", data=july_only, request=ask))
    assert done.version == "2020-07-16"


def test_a_version_published_elsewhere_is_not_published_again() -> None:
    url = "https://old.example.org/plan-2020-07.pdf"
    elsewhere = plan(meeting("board-2020-07-16", "2020-07-16", "2020-07-16", url=url), SEPTEMBER)
    caught = refusal(decide, facts("board-2020-07-16", data=elsewhere))
    assert str(caught) == (
        "version 2020-07-16 of board-2020-07-16 was published elsewhere, at "
        "https://old.example.org/plan-2020-07.pdf (its publishes.url in data/meetings.yml): "
        "that address is the meeting's record of it, and planpress does not publish it again "
        "here"
    )
    # the later meeting's version is published as usual
    assert decide(facts(data=elsewhere)).version == "2020-09-17"


def test_unreadable_records_and_versions_are_refused() -> None:
    caught = refusal(decide, facts(releases_problem="releases/x.json: cannot be read"))
    assert str(caught) == "releases/x.json: cannot be read"
    caught = refusal(decide, facts(published_problem="versions.json on gh-pages cannot be read"))
    assert str(caught) == "versions.json on gh-pages cannot be read"


# ------------------------------------------------------------------ versions already published


def test_a_published_draft_is_not_overwritten_but_may_be_replaced() -> None:
    caught = refusal(decide, facts(releases=(release("2020-09-17", "2020-09-17"),)))
    assert str(caught) == (
        "version '2020-09-17' (Version 2020-09-17) is already published; planpress never "
        "overwrites a published version (a draft version can be replaced with --replace "
        '--reason "...")'
    )


def test_a_published_version_is_told_as_published_before_the_data_is_found_newer() -> None:
    july = release("2020-07-16", "2020-07-16", "embryonic")
    assert str(refusal(decide, facts("board-2020-07-16", releases=(july,)))).startswith(
        "version '2020-07-16' (Version 2020-07-16) is already published"
    )
    # replacing it is held to the rule: from data as it stood at its meeting only
    ask = request("board-2020-07-16", replace=True, reason="typo")
    assert str(refusal(decide, facts(request=ask, releases=(july,)))).startswith(
        "the data at HEAD already holds a later version (2020-09-17"
    )


def test_a_published_approved_version_is_not_overwritten() -> None:
    approved = release("2020-09-17", "2020-09-17", "approved")
    assert str(refusal(decide, facts(releases=(approved,)))) == (
        "version '2020-09-17' (Version 2020-09-17) is already published; planpress never "
        "overwrites a published version"
    )


def test_a_version_on_the_pages_branch_without_a_record_is_not_overwritten() -> None:
    on_pages = {"2020-09-17": {"title": "On pages", "properties": {"stage": "embryonic"}}}
    assert str(refusal(decide, facts(published=on_pages))) == (
        "version '2020-09-17' (On pages) is already published; planpress never overwrites a "
        'published version (an embryonic version can be replaced with --replace --reason "...")'
    )


def replacing(**fields: Any) -> Facts:
    ask = request(replace=True, reason="  a typo  ")
    return facts(request=ask, **fields)


def test_replacing_what_is_not_published_is_refused() -> None:
    assert str(refusal(decide, replacing())) == (
        "version '2020-09-17' is not published yet: there is nothing to replace"
    )


def test_replacing_an_approved_version_is_refused() -> None:
    approved = release("2020-09-17", "2020-09-17", "final")
    assert str(refusal(decide, replacing(releases=(approved,)))) == (
        "version '2020-09-17' (Version 2020-09-17) is final: only embryonic or draft versions "
        "can be replaced"
    )
    on_pages = {"2020-09-17": {"title": "On pages"}}
    assert str(refusal(decide, replacing(published=on_pages))) == (
        "version '2020-09-17' (On pages) is of unknown stage: only embryonic or draft versions "
        "can be replaced"
    )


def test_replacing_a_draft_moves_its_record_aside() -> None:
    old = release("2020-09-17", "2020-09-17")
    names = ("2020-09-17-1.json", "2020-09-17-2.json", "2020-07-16-1.json", "2020-09-170.json")
    done = decide(
        replacing(releases=(release("2020-07-16", "2020-07-16"), old), superseded_files=names)
    )
    assert done.record["replaces"] == {
        "reason": "a typo",
        "data_commit": "d" * 40,
        "replaced_at": "2020-09-18T10:00:00+00:00",
    }
    assert done.replaced == old
    assert done.superseded_path == RELEASES / "superseded" / "2020-09-17-3.json"
    assert done.record_path == RELEASES / "2020-09-17.json"
    assert [r.version for r in done.others] == ["2020-07-16"]


def test_replacing_a_version_only_on_the_pages_branch_moves_no_record() -> None:
    on_pages = {"2020-09-17": {"title": "On pages", "properties": {"stage": "draft"}}}
    done = decide(replacing(published=on_pages))
    assert done.record["replaces"]["data_commit"] is None
    assert done.replaced is None and done.superseded_path is None


# ------------------------------------------------------------------ the plan


def test_the_plan_of_a_first_publish() -> None:
    done = decide(facts())
    assert isinstance(done, PublishPlan)
    assert (done.version, done.title, done.stage) == (
        "2020-09-17",
        "Version 2020-09-17",
        Stage("draft"),
    )
    assert done.aliases == ("latest",)
    assert done.record_path == RELEASES / "2020-09-17.json"
    assert done.replaced is None and done.superseded_path is None
    assert done.record["version"] == "2020-09-17"
    assert done.record["data_commit"] == "a" * 40 and done.record["site_commit"] == "b" * 40
    assert done.record["published_at"] == done.published_at == "2020-09-18T10:00:00+00:00"
    assert "replaces" not in done.record
    assert done.release.version == "2020-09-17"
    assert (done.pages_branch, done.work_branch, done.head_before) == ("gh-pages", "main", "b" * 40)
    assert done.data_commit == "a" * 40


def approving(day: str = "2020-09-17") -> Plan:
    return plan(JULY, meeting("board-2020-09-17", day, "2020-09-17", "approved"))


def test_the_newest_approved_version_is_latest_and_approved() -> None:
    older = (release("2020-07-16", "2020-07-16", "final"),)
    assert decide(facts(data=approving(), releases=older)).aliases == ("latest", "approved")


def test_an_approved_version_older_than_a_draft_is_only_approved() -> None:
    newer = (release("2021-01-01", "2021-01-01", "draft"),)
    assert decide(facts(data=approving(), releases=newer)).aliases == ("approved",)
    newer_approved = (release("2021-01-01", "2021-01-01", "approved"),)
    assert decide(facts(data=approving(), releases=newer_approved)).aliases == ()


def test_a_draft_older_than_a_published_version_gets_no_alias() -> None:
    newer = (release("2021-01-01", "2021-01-01", "embryonic"),)
    assert decide(facts(releases=newer)).aliases == ()


def test_versions_are_ordered_by_the_date_of_their_meetings() -> None:
    first = plan(meeting("board-2020-09-17", "2020-09-01", "2020-09-17"))
    # a month (2020-09) comes before the days of that month
    month = (release("zz-month", "2020-09"),)
    assert decide(facts(data=first, releases=month)).aliases == ("latest",)
    later_day = (release("aa-day", "2020-09-02"),)
    assert decide(facts(data=first, releases=later_day)).aliases == ()
    # on the same day, the version's name decides
    assert decide(facts(data=first, releases=(release("2020-09-18", "2020-09-01"),))).aliases == ()
    assert decide(facts(data=first, releases=(release("2020-09-16", "2020-09-01"),))).aliases == (
        "latest",
    )
