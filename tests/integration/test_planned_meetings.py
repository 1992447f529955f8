"""Planned and past meetings told apart, in real repositories published with mike: a meeting
still ahead may name the version it is expected to consider without blocking the current one;
data newer than a version (a later meeting held, its version recorded) is refused with the
commit to publish from, or, when there is none, with what to record instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import MINIMAL, copy_site, git, isolate_git, visible_text, write_data

from planpress.publishing.publish import PublishError, Request, publish

NOVEMBER = """\
    - id: board-2026-11-19
      date: 2026-11-19
      body: board
      title: Board meeting, November
      status: held
      publishes:
        version: 2026-11-19
        title: November plan
        stage: draft
    """
MARCH = """\

    - id: board-2027-03-11
      date: 2027-03-11
      body: board
      title: Board meeting, March
      publishes:
        version: 2027-03-11
        title: March plan
        stage: approved
    """
JUNE = """\
    - id: board-2026-06-11
      date: 2026-06-11
      body: board
      title: Board meeting, June
      status: held
      publishes:
        version: 2026-06-11
        title: June plan
        stage: draft

"""
OLD_SITE = "https://old.example.org/plan-2026-06.pdf"


def clock(*when: int) -> datetime:
    return datetime(*when, tzinfo=UTC)


def commit_on(repo: Path, day: str, message: str, files: dict[str, str]) -> str:
    """Write `files` into data/ and commit them as made at noon (UTC) on `day`; the commit."""
    write_data(repo / "data", files)
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for args in (["add", "-A"], ["commit", "--quiet", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A partnership's site sources in a new repository, with nothing committed yet."""
    isolate_git(monkeypatch, tmp_path)
    folder = copy_site(tmp_path / "plan")
    git(folder, "init", "--quiet", "--initial-branch=main")
    monkeypatch.chdir(folder)
    return folder


def pages_file(repo: Path, path: str) -> str:
    return git(repo, "show", f"gh-pages:{path}")


def pages_text(repo: Path, path: str) -> str:
    return visible_text(pages_file(repo, path))


def refused(repo: Path, request: Request) -> str:
    """The refusal of `request`, having checked that it changed nothing."""
    main = git(repo, "rev-parse", "HEAD")
    pages = git(repo, "branch", "--list", "gh-pages")
    with pytest.raises(PublishError) as caught:
        publish(request)
    assert git(repo, "rev-parse", "HEAD") == main
    assert git(repo, "branch", "--list", "gh-pages") == pages
    assert git(repo, "status", "--porcelain") == ""
    return str(caught.value)


def test_the_current_version_is_published_while_the_next_meeting_is_planned(site: Path) -> None:
    commit_on(site, "2026-11-18", "November data", {**MINIMAL, "meetings.yml": NOVEMBER + MARCH})
    said: list[str] = []
    done = publish(
        Request("board-2026-11-19", site, now=lambda: clock(2026, 11, 20, 9)), log=said.append
    )
    assert (done.version, done.aliases) == ("2026-11-19", ["latest"])
    # the planned meeting's version is never called published, nor named at all
    assert not [line for line in said if "2027" in line], said
    versions = json.loads(pages_file(site, "versions.json"))
    assert [v["version"] for v in versions] == ["2026-11-19"]
    # the version's home page names itself as current; March is the next meeting, still ahead
    home = pages_text(site, "2026-11-19/index.html")
    assert "Current version November plan (version 2026-11-19)" in home
    assert (
        "Next meeting Board meeting, March, 11 March 2027: expected to consider March plan "
        "(Approved stage)" in home
    )
    assert "March plan (version" not in home
    # its feed lists the versions published, not the one March is expected to consider
    feed = pages_file(site, "2026-11-19/feed.xml")
    assert "November plan" in feed and "March plan" not in feed and "2027-03-11/" not in feed
    record = json.loads((site / "releases" / "2026-11-19.json").read_text(encoding="utf-8"))
    assert record["meeting"]["id"] == "board-2026-11-19"
    assert record["published_at"] == "2026-11-20T09:00:00+00:00"
    assert json.loads(pages_file(site, "2026-11-19/changes.json"))["first"] is True


def test_a_version_is_published_from_the_data_as_it_stood_before_the_next_meeting(
    site: Path,
) -> None:
    november = commit_on(
        site, "2026-11-18", "November data", {**MINIMAL, "meetings.yml": NOVEMBER + MARCH}
    )
    held = (NOVEMBER + MARCH).replace("March\n", "March\n      status: held\n")
    commit_on(site, "2027-03-12", "March data", {"meetings.yml": held})
    after_march = lambda: clock(2027, 3, 13)  # noqa: E731
    expected = (
        "the data at {where} already holds a later version (2027-03-11, of board-2027-03-11, a "
        "meeting held on 11 March 2027); publish board-2026-11-19 from the data as it stood at "
        f"its meeting: planpress publish board-2026-11-19 --from {november[:10]}"
    )
    assert refused(site, Request("board-2026-11-19", site, now=after_march)) == expected.format(
        where="HEAD"
    )
    # --from is held to the same rule
    assert refused(
        site, Request("board-2026-11-19", site, source="HEAD", now=after_march)
    ) == expected.format(where="HEAD")
    # the commit it names held March's version too, but March was still ahead when it was made
    done = publish(Request("board-2026-11-19", site, source=november, now=after_march))
    assert done.data_commit == november
    home = pages_text(site, "2026-11-19/index.html")
    assert "Current version November plan (version 2026-11-19)" in home
    assert "Next meeting Board meeting, March, 11 March 2027: expected to consider" in home
    march = publish(Request("board-2027-03-11", site, now=after_march))
    assert march.aliases == ["latest", "approved"]
    home = pages_text(site, "2027-03-11/index.html")
    assert "Current version March plan (version 2027-03-11)" in home
    assert "Earlier versions November plan (Draft), published by Board meeting, November" in home


def test_past_meetings_entered_later_are_recorded_with_where_they_were_published(
    site: Path,
) -> None:
    commit_on(site, "2026-12-01", "Past meetings", {**MINIMAL, "meetings.yml": JUNE + NOVEMBER})
    # from the command line, by the machine's clock: one line, no traceback
    done = subprocess.run(
        [sys.executable, "-m", "planpress", "publish", "board-2026-06-11"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "planpress publish: the data at HEAD already holds a later version (2026-11-19, of "
        "board-2026-11-19, a meeting held on 19 November 2026), and no commit here holds the "
        "data as it stood at board-2026-06-11; a "
        "version can only be published from the data as it stood at its meeting: if version "
        "2026-06-11 was published before, elsewhere, record its address as publishes.url under "
        "board-2026-06-11 in data/meetings.yml, which keeps the meeting on the record without "
        "making up a version"
    )
    assert git(site, "branch", "--list", "gh-pages") == ""
    recorded = JUNE.replace("stage: draft", f"stage: draft\n        url: {OLD_SITE}", 1)
    commit_on(site, "2026-12-02", "Where June's version is", {"meetings.yml": recorded + NOVEMBER})
    today = lambda: clock(2026, 12, 3)  # noqa: E731
    assert refused(site, Request("board-2026-06-11", site, now=today)) == (
        f"version 2026-06-11 of board-2026-06-11 was published elsewhere, at {OLD_SITE} (its "
        "publishes.url in data/meetings.yml): that address is the meeting's record of it, and "
        "planpress does not publish it again here"
    )
    published = publish(Request("board-2026-11-19", site, now=today))
    assert published.aliases == ["latest"]
    home = pages_file(site, "2026-11-19/index.html")
    assert f'<a href="{OLD_SITE}">{OLD_SITE}</a>' in home
    assert (
        "Earlier versions June plan (Draft), published by Board meeting, June, 11 June 2026, at "
        f"{OLD_SITE}"
    ) in visible_text(home)
    assert [v["version"] for v in json.loads(pages_file(site, "versions.json"))] == ["2026-11-19"]
