"""The checks `planpress publish` makes before it reads the data, without git: facts in,
a refusal (or the go-ahead) out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planpress.publishing.preflight import (
    RemoteState,
    check_checkout,
    check_clean,
    check_remote,
    check_source,
)
from planpress.versions.publish_terms import PublishError, Request


def request(**options: Any) -> Request:
    return Request(meeting_id="board-2020-09-17", project=Path("/site"), **options)


def refusal(call: Any, *args: Any) -> PublishError:
    with pytest.raises(PublishError) as caught:
        call(*args)
    return caught.value


# ------------------------------------------------------------------ where publish is run


def test_a_detached_head_is_refused() -> None:
    assert str(refusal(check_checkout, request(), None, None, "main")) == (
        "HEAD is detached: check out the branch that keeps releases/ (for example main); "
        "to publish data from an older commit, use --from REV"
    )


def test_the_pages_branch_is_refused() -> None:
    assert str(refusal(check_checkout, request(), "gh-pages", None, "main")) == (
        "you are on the gh-pages branch: check out main first"
    )


def test_unreadable_settings_are_refused_after_the_branch_is_checked() -> None:
    assert str(refusal(check_checkout, request(), "main", "mkdocs.yml not found", None)) == (
        "mkdocs.yml not found"
    )
    assert "HEAD is detached" in str(refusal(check_checkout, request(), None, "bad", None))


def test_a_branch_other_than_publish_from_is_refused() -> None:
    assert str(refusal(check_checkout, request(), "work", None, "main")) == (
        "you are on the branch 'work', but versions are published from 'main' "
        "(extra.planpress.publish_from in mkdocs.yml), where their records are kept: check "
        "out main first"
    )


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_replace_needs_a_reason(reason: str | None) -> None:
    ask = request(replace=True, reason=reason)
    assert str(refusal(check_checkout, ask, "main", None, "main")) == (
        '--replace needs --reason "..." saying why the version is replaced'
    )


def test_a_reason_is_only_for_replace() -> None:
    ask = request(reason="typo")
    assert str(refusal(check_checkout, ask, "main", None, "main")) == (
        "--reason is only for --replace"
    )


def test_the_publish_from_branch_with_good_options_is_allowed() -> None:
    ask = request(replace=True, reason="typo")
    assert check_checkout(ask, "release", None, "release") == "release"


def test_uncommitted_changes_are_refused_showing_at_most_five() -> None:
    assert str(refusal(check_clean, ["data/a.yml", "docs/b.md"])) == (
        "uncommitted changes in data/a.yml, docs/b.md: commit them first, so that the "
        "published version can be traced to a commit"
    )
    six = [f"data/{n}.yml" for n in range(6)]
    assert str(refusal(check_clean, six)).startswith(
        "uncommitted changes in data/0.yml, data/1.yml, data/2.yml, data/3.yml, data/4.yml, "
        "...: commit them first"
    )
    five = six[:5]
    assert ", ...:" not in str(refusal(check_clean, five))
    check_clean([])


def test_a_source_that_is_no_commit_is_refused() -> None:
    assert str(refusal(check_source, "v9", None)) == "'v9' is not a commit in this repository"
    assert check_source("v9", "c" * 40) == "c" * 40


# ------------------------------------------------------------------ the remote, before --push


def state(**fields: Any) -> RemoteState:
    there = fields.pop("there", frozenset({"main", "gh-pages"}))
    return RemoteState("origin", "gh-pages", "main", there, **fields)


def test_a_remote_work_branch_with_commits_we_lack_is_refused() -> None:
    assert str(refusal(check_remote, state(work_unmerged=True))) == (
        "'origin/main' has commits that this clone does not have (another clone may have "
        "published a version): run `git pull origin main`, then publish again"
    )


def test_pages_branches_that_have_both_changed_are_refused() -> None:
    diverged = state(pages_ours="1" * 40, pages_theirs="2" * 40)
    assert str(refusal(check_remote, diverged)) == (
        "'origin/gh-pages' and this clone's gh-pages have both changed since they last "
        "matched: see `git log gh-pages...origin/gh-pages`, and publish from a clone whose "
        "gh-pages contains origin's"
    )


def test_a_pages_branch_behind_the_remote_is_fast_forwarded() -> None:
    assert check_remote(state(pages_theirs="2" * 40)) is True  # none here yet
    behind = state(pages_ours="1" * 40, pages_theirs="2" * 40, ours_in_theirs=True)
    assert check_remote(behind) is True
    ahead = state(pages_ours="1" * 40, pages_theirs="2" * 40, theirs_in_ours=True)
    assert check_remote(ahead) is False
    assert check_remote(state(there=frozenset({"main"}), pages_ours="1" * 40)) is False
