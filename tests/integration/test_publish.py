"""`planpress publish`: real git repositories, real mike runs, refusals that change nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import git

from planpress.publishing.publish import PublishError, Request, publish


def pages_head(repo: Path) -> str | None:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or None


def pages_file(repo: Path, path: str) -> str:
    return git(repo, "show", f"gh-pages:{path}")


def publish_both(repo: Path) -> None:
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    publish(Request("board-2020-09-17", repo))


def test_publishing_two_versions(repo: Path) -> None:
    publish_both(repo)
    versions = json.loads(pages_file(repo, "versions.json"))
    july_commit = git(repo, "rev-parse", "HEAD~3")  # July data, before September's and 2 records
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("2020-09-17", "Second version", ["latest"]),
        ("2020-07-16", "First version", []),
    ]
    july = versions[1]["properties"]
    assert july["stage"] == "embryonic"
    assert july["meeting"] == "board-2020-07-16"
    assert july["meeting_date"] == "2020-07-16"
    assert july["body"] == "board"
    assert july["data_commit"] == july_commit
    assert versions[0]["properties"]["stage"] == "draft"
    # the root redirects to the latest version; a 404 page and the sitemap are there too
    assert 'content="0; url=latest/"' in pages_file(repo, "index.html")
    assert "Page not found" in pages_file(repo, "404.html")
    assert "<urlset" in pages_file(repo, "sitemap.xml")
    # the records are committed on main, one per version, and nothing is left uncommitted
    assert git(repo, "log", "--format=%s", "-2").splitlines() == [
        "Record of version 2020-09-17: Second version",
        "Record of version 2020-07-16: First version",
    ]
    assert git(repo, "status", "--porcelain") == ""
    record = json.loads((repo / "releases" / "2020-07-16.json").read_text())
    assert record["stage"] == "embryonic" and record["data_commit"] == july_commit
    assert [a["id"] for a in record["plan"]["actions"]] == ["SKL-01", "SKL-02"]
    # canonical links point at the latest version
    assert (
        '<link rel="canonical" href="https://planpress.github.io/planpress/latest/plan/">'
        in pages_file(repo, "2020-07-16/plan/index.html")
    )
    # each version's own site offers its record for download
    assert json.loads(pages_file(repo, "2020-09-17/plan.json"))["version"] == "2020-09-17"


def test_changes_page_and_json_for_a_known_pair(repo: Path) -> None:
    publish_both(repo)
    changes = json.loads(pages_file(repo, "2020-09-17/changes.json"))
    assert changes == {
        "version": "2020-09-17",
        "title": "Second version",
        "since": {"version": "2020-07-16", "title": "First version"},
        "first": False,
        "changes": {
            "added": [{"id": "SKL-03", "title": "Third action", "group": "skills"}],
            "removed": [{"id": "SKL-02", "title": "Second action", "group": "skills"}],
            "changed": [
                {
                    "id": "SKL-01",
                    "title": "First action",
                    "group": "skills",
                    "changes": [
                        {
                            "field": "status",
                            "before": "planned",
                            "after": "in-progress",
                            "days": None,
                        },
                        {"field": "rag", "before": None, "after": "amber", "days": None},
                        {"field": "due", "before": "2021-03", "after": "2021-06", "days": 91},
                        {"field": "budget.amount", "before": None, "after": 50000, "days": None},
                        {"field": "budget.funded", "before": None, "after": 20000, "days": None},
                        {"field": "prospectus.ask", "before": None, "after": 30000, "days": None},
                    ],
                }
            ],
            "prospectus_asks": [
                {
                    "action_id": "SKL-01",
                    "title": "First action",
                    "kind": "added",
                    "before": None,
                    "after": 30000,
                    "pitch_changed": False,
                }
            ],
            "recommendations": [
                {
                    "meeting_id": "board-2020-07-16",
                    "meeting_title": "Board meeting, July",
                    "meeting_date": "2020-07-16",
                    "id": "i",
                    "text": "Endorse the approach.",
                    "kind": "changed",
                    "before": "pending",
                    "after": "endorsed",
                }
            ],
        },
    }
    first = json.loads(pages_file(repo, "2020-07-16/changes.json"))
    assert first["first"] is True and first["since"] is None
    page = pages_file(repo, "2020-09-17/changes/index.html")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Changes since First version" in text
    assert "Due: 91 days later (March 2021 to June 2021)" in text
    assert "Status: Planned to In progress" in text
    assert "Budget: none to £50,000" in text
    first_page = pages_file(repo, "2020-07-16/changes/index.html")
    assert "This is the first published version of the plan" in first_page
    # each action's card shows its history across versions
    card = pages_file(repo, "2020-09-17/plan/skills/index.html")
    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))
    # with the meeting that published each version, linked to it on the governance page
    assert "First version ( Board meeting, July , 16 July 2020): added" in history
    assert (
        "Second version ( Board meeting, September , 17 September 2020): Status: Planned to "
        "In progress" in history
    )
    assert 'href="../../governance/#meeting-board-2020-09-17"' in card


def test_older_version_has_banner_and_draft_label(repo: Path) -> None:
    publish_both(repo)
    old = pages_file(repo, "2020-07-16/plan/index.html")
    assert "You are reading an older version of the plan" in old
    assert "<strong>First version</strong> (Embryonic, Board meeting, July, 16 July 2020)" in old
    assert 'href="../../latest/plan/"' in old
    assert "EMBRYONIC" in old and "This version is not an approved plan" in old
    assert "DRAFT" in pages_file(repo, "2020-09-17/index.html")


def refused(repo: Path, request: Request, message: str) -> None:
    before_pages = pages_head(repo)
    before_main = git(repo, "rev-parse", "HEAD")
    with pytest.raises(PublishError) as caught:
        publish(request)
    assert str(caught.value) == message
    assert pages_head(repo) == before_pages
    assert git(repo, "rev-parse", "HEAD") == before_main


def test_refusals_change_nothing(repo: Path) -> None:
    july = git(repo, "rev-parse", "HEAD~1")
    refused(
        repo,
        Request("board-2020-07-16", repo),
        "the data at HEAD already holds a later version (2020-09-17, of board-2020-09-17, a "
        "meeting held on 17 September 2020); publish board-2020-07-16 from the data as it stood "
        "at its meeting: planpress publish board-2020-07-16 --from " + july[:10],
    )
    # --from is held to the same rule: the data at the commit it names is newer too
    refused(
        repo,
        Request("board-2020-07-16", repo, source="main"),
        "the data at main already holds a later version (2020-09-17, of board-2020-09-17, a "
        "meeting held on 17 September 2020); publish board-2020-07-16 from the data as it stood "
        "at its meeting: planpress publish board-2020-07-16 --from " + july[:10],
    )
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    refused(
        repo,
        Request("board-2020-07-61", repo),
        "unknown meeting 'board-2020-07-61' (did you mean 'board-2020-07-16'?)",
    )
    refused(
        repo,
        Request("board-2020-11-19", repo),
        "meeting 'board-2020-11-19' does not publish a version: it has no 'publishes' block in "
        "data/meetings.yml (meetings that do: board-2020-07-16, board-2020-09-17)",
    )
    refused(
        repo,
        Request("board-2020-07-16", repo, source="HEAD~1"),
        "version '2020-07-16' (First version) is already published; planpress never overwrites "
        'a published version (an embryonic version can be replaced with --replace --reason "...")',
    )
    refused(
        repo,
        Request("board-2020-09-17", repo, replace=True),
        '--replace needs --reason "..." saying why the version is replaced',
    )
    refused(
        repo,
        Request("board-2020-09-17", repo, replace=True, reason="typo"),
        "version '2020-09-17' is not published yet: there is nothing to replace",
    )
    (repo / "data" / "groups.yml").write_text("- id: board\n  name: Board\n  kind: board\n")
    refused(
        repo,
        Request("board-2020-09-17", repo),
        "uncommitted changes in data/groups.yml: commit them first, so that the published "
        "version can be traced to a commit",
    )
    git(repo, "commit", "--quiet", "-am", "Break the data")
    with pytest.raises(PublishError) as caught:
        publish(Request("board-2020-09-17", repo))
    assert str(caught.value) == (
        "the data at HEAD fails `planpress check` (2 problems): fix them and commit first"
    )
    assert caught.value.details[0].startswith("data/actions/skills.yml:5:10: group 'skills'")


def test_detached_head_is_refused(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "--detach", "HEAD~1")
    refused(
        repo,
        Request("board-2020-07-16", repo),
        "HEAD is detached: check out the branch that keeps releases/ (for example main); to "
        "publish data from an older commit, use --from REV",
    )


def test_replacing_a_draft_keeps_the_reason_and_the_old_record(repo: Path) -> None:
    publish_both(repo)
    done = publish(
        Request("board-2020-09-17", repo, replace=True, reason="Corrected a figure in SKL-01")
    )
    assert done.aliases == ["latest"]
    versions = json.loads(pages_file(repo, "versions.json"))
    september = next(v for v in versions if v["version"] == "2020-09-17")
    assert september["properties"]["replaces"]["reason"] == "Corrected a figure in SKL-01"
    superseded = repo / "releases" / "superseded" / "2020-09-17-1.json"
    assert json.loads(superseded.read_text())["title"] == "Second version"
    assert json.loads((repo / "releases" / "2020-09-17.json").read_text())["replaces"][
        "reason"
    ] == ("Corrected a figure in SKL-01")
    assert git(repo, "status", "--porcelain") == ""


def test_an_approved_version_is_never_replaced(repo: Path) -> None:
    meetings = repo / "data" / "meetings.yml"
    meetings.write_text(meetings.read_text().replace("stage: draft", "stage: approved"))
    git(repo, "commit", "--quiet", "-am", "September approved")
    publish(Request("board-2020-09-17", repo))
    assert sorted(json.loads(pages_file(repo, "versions.json"))[0]["aliases"]) == [
        "approved",
        "latest",
    ]
    refused(
        repo,
        Request("board-2020-09-17", repo, replace=True, reason="change"),
        "version '2020-09-17' (Second version) is approved: only embryonic or draft versions "
        "can be replaced",
    )


def test_cli_publish_and_push_to_a_remote(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    done = subprocess.run(
        [sys.executable, "-m", "planpress", "publish", "board-2020-09-17", "--push"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (
        'Published 2020-09-17 "Second version" (draft) to gh-pages (aliases: latest)' in done.stderr
    )
    assert git(remote, "rev-parse", "gh-pages") == git(repo, "rev-parse", "gh-pages")
    assert git(remote, "rev-parse", "main") == git(repo, "rev-parse", "main")
    again = subprocess.run(
        [sys.executable, "-m", "planpress", "publish", "board-2020-09-17"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert again.stderr.splitlines()[-1].startswith(
        "planpress publish: version '2020-09-17' (Second version) is already published"
    )
