"""Publishing that nothing can break: one publisher at a time, rollbacks that undo only their
own work, and publishes killed at any moment that the next publish finishes or undoes.

Real git repositories, real mike, real `planpress publish` processes and real signals.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import git

from planpress.publishing.gitrepo import Repo
from planpress.publishing.publish import PublishError, Request, publish, versions_from_json
from planpress.publishing.publish_state import Journal, PublishLock, state_folder, undo

HOSTILE_TITLE = "<img src=x onerror=alert(1)> & \"Plan\" 'one'"


def planpress(repo: Path, *words: str, **options: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "planpress", *words],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,  # type: ignore[call-overload]
    )


def run_planpress(repo: Path, *words: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planpress", *words],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )


def published_versions(repo: Path) -> set[str]:
    """Versions on gh-pages (versions.json)."""
    done = subprocess.run(
        ["git", "show", "gh-pages:versions.json"], cwd=repo, capture_output=True, text=True
    )
    return {v["version"] for v in json.loads(done.stdout)} if done.returncode == 0 else set()


def committed_records(repo: Path) -> set[str]:
    """Versions whose record is committed in releases/ on main."""
    listed = git(repo, "ls-tree", "--name-only", "main", "releases/")
    return {Path(name).stem for name in listed.splitlines() if name.endswith(".json")}


def leftover_processes(repo: Path) -> list[str]:
    """Processes still running whose command line names the repository."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        line = b" ".join(words).decode("utf-8", "replace")
        if str(repo) in line and int(entry.name) != os.getpid():
            found.append(line)
    return found


def wait_until_no_processes(repo: Path, seconds: float = 10) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := leftover_processes(repo)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def assert_consistent(repo: Path) -> None:
    """gh-pages and releases/ agree one to one; nothing is left over."""
    assert published_versions(repo) == committed_records(repo)
    assert git(repo, "status", "--porcelain") == ""
    assert not (state_folder(Repo(repo)) / "publish-journal.json").exists()
    assert not (state_folder(Repo(repo)) / "publish-scratch").exists()
    assert wait_until_no_processes(repo) == []


def september_journal(repo: Path, **fields: object) -> Journal:
    """The journal a publish of September's version writes before it changes anything."""
    values: dict[str, object] = {
        "version": "2020-09-17",
        "title": "Second version",
        "pages_branch": "gh-pages",
        "pages_before": None,
        "work_branch": "main",
        "head_before": git(repo, "rev-parse", "main"),
        "record": "releases/2020-09-17.json",
        "published_at": "2020-09-18T10:00:00+00:00",
    }
    return Journal(**{**values, **fields})  # type: ignore[arg-type]


# ------------------------------------------------------------------ script through titles


def test_a_version_title_reaches_the_selector_as_text(repo: Path) -> None:
    meetings = repo / "data" / "meetings.yml"
    meetings.write_text(
        meetings.read_text().replace("title: Second version", f"title: {json.dumps(HOSTILE_TITLE)}")
    )
    git(repo, "commit", "--quiet", "-am", "A title with markup")
    done = publish(Request("board-2020-09-17", repo))
    raw = json.loads(git(repo, "show", "gh-pages:versions.json"))
    # Material's selector inserts the title as HTML: versions.json holds it escaped
    assert raw[0]["title"] == (
        "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Plan&quot; &#x27;one&#x27;"
    )
    # and planpress reads it back as the data wrote it
    versions = versions_from_json(git(repo, "show", "gh-pages:versions.json").encode(), "x")
    assert versions["2020-09-17"]["title"] == HOSTILE_TITLE
    assert done.title == HOSTILE_TITLE
    message = git(repo, "log", "-1", "--format=%s", "gh-pages~1")
    assert message.startswith("Publish 2020-09-17 (<img src=x onerror=alert(1)> &")


def test_a_title_that_looks_like_an_option_is_not_taken_as_one(repo: Path) -> None:
    meetings = repo / "data" / "meetings.yml"
    meetings.write_text(meetings.read_text().replace("Second version", "'--push'"))
    git(repo, "commit", "--quiet", "-am", "A title like an option")
    publish(Request("board-2020-09-17", repo))
    raw = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert raw[0]["title"] == "--push"


# ------------------------------------------------------------------ one publisher at a time


def test_a_second_publisher_is_told_to_wait_and_changes_nothing(repo: Path) -> None:
    with PublishLock(Repo(repo), "publishing board-2020-07-16"):
        done = run_planpress(repo, "publish", "board-2020-09-17")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    last = done.stderr.splitlines()[-1]
    assert last.startswith(
        f"planpress publish: another planpress publish is running in this repository (process "
        f"{os.getpid()}, publishing board-2020-07-16, since "
    ), last
    assert last.endswith("); wait for it to finish, then try again")
    assert published_versions(repo) == set() and committed_records(repo) == set()


def test_two_publishes_at_once_lose_nothing(repo: Path) -> None:
    first = planpress(repo, "publish", "board-2020-07-16", "--from", "HEAD~1")
    second = planpress(repo, "publish", "board-2020-09-17")
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    codes = sorted(code for code, _ in outcomes)
    said = "\n".join(text for _, text in outcomes)
    assert "Traceback" not in said
    if codes == [0, 1]:  # they overlapped: the second was refused
        assert "another planpress publish is running in this repository" in said
        assert len(published_versions(repo)) == 1
    else:  # one finished before the other began
        assert codes == [0, 0], said
    assert_consistent(repo)


def test_a_rollback_never_moves_the_pages_branch_off_another_publishers_commit(
    repo: Path,
) -> None:
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    before = git(repo, "rev-parse", "gh-pages")
    # pages_before is not an ancestor of gh-pages now
    journal = september_journal(repo, pages_before=git(repo, "rev-parse", "main"))
    said = undo(Repo(repo), journal)
    assert git(repo, "rev-parse", "gh-pages") == before
    assert said[0] == (
        "gh-pages has moved to commits this publish did not make, so it was left alone"
    )


# ------------------------------------------------------------------ interrupted publishes


def measured_publish(repo: Path) -> float:
    """Seconds that a whole publish of September takes in a copy of `repo`."""
    trial = repo.parent / "timing"
    shutil.copytree(repo, trial, symlinks=True)
    started = time.monotonic()
    done = run_planpress(trial, "publish", "board-2020-09-17")
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_a_publish_killed_at_any_moment_is_finished_or_undone_by_the_next(repo: Path) -> None:
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    seconds = measured_publish(repo)
    outcomes = []
    # Six kills spread over the publish's length, from its first checks to its last commit.
    for point in range(1, 7):
        trial = repo.parent / f"killed-{point}"
        shutil.copytree(repo, trial, symlinks=True)
        process = planpress(trial, "publish", "board-2020-09-17")
        time.sleep(seconds * point / 7)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # nothing the killed publish started runs on
        assert wait_until_no_processes(trial) == [], point
        again = run_planpress(trial, "publish", "board-2020-09-17")
        assert "Traceback" not in again.stderr, again.stderr
        if again.returncode == 0:
            outcomes.append("published again")
            if "was interrupted before it finished, and has been undone" in again.stderr:
                outcomes.append("undone")
        else:
            assert "is already published" in again.stderr.splitlines()[-1], again.stderr
            outcomes.append("had finished")
        assert (
            published_versions(trial)
            == committed_records(trial)
            == {
                "2020-07-16",
                "2020-09-17",
            }
        ), (point, again.stderr)
        assert_consistent(trial)
        shutil.rmtree(trial)
    # some kills landed in the middle of the publish, and their work was undone
    assert "undone" in outcomes, outcomes


def test_a_journal_left_by_a_killed_publish_is_undone_with_a_message(repo: Path) -> None:
    """A kill between mike's commit and the record's: the version is taken off again."""
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    before = git(repo, "rev-parse", "gh-pages")
    publish(Request("board-2020-09-17", repo))
    # put main back as if the record had never been committed, and leave a journal behind
    git(repo, "reset", "--quiet", "--hard", "HEAD~1")
    (repo / "releases" / "2020-09-17.json").write_text("{}")
    september_journal(repo, pages_before=before).save(Repo(repo))
    done = run_planpress(repo, "publish", "board-2020-09-17")
    assert done.returncode == 0, done.stderr
    assert (
        "An earlier publish of version '2020-09-17' (Second version) was interrupted before it "
        f"finished, and has been undone (gh-pages is back at {before[:10]}; releases/ is as "
        "committed)." in done.stderr
    )
    assert_consistent(repo)


def test_a_journal_of_a_finished_publish_is_only_cleared(repo: Path) -> None:
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    record = json.loads((repo / "releases" / "2020-07-16.json").read_text())
    september_journal(
        repo,
        version="2020-07-16",
        title="First version",
        pages_before=None,
        head_before=git(repo, "rev-parse", "main~1"),
        record="releases/2020-07-16.json",
        published_at=record["published_at"],
    ).save(Repo(repo))
    pages = git(repo, "rev-parse", "gh-pages")
    done = run_planpress(repo, "publish", "board-2020-09-17")
    assert done.returncode == 0, done.stderr
    assert (
        "An earlier publish of version '2020-07-16' (First version) was interrupted after it "
        "had finished: its version and its record are both in place." in done.stderr
    )
    assert git(repo, "rev-parse", "gh-pages~2") == pages
    assert_consistent(repo)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_publish_rolls_back_and_says_so(repo: Path, stop: signal.Signals) -> None:
    process = planpress(repo, "publish", "board-2020-09-17")
    deadline = time.monotonic() + 120
    while not any("mike_child" in line for line in leftover_processes(repo)):
        assert process.poll() is None and time.monotonic() < deadline, "mike never started"
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(stop)
    code = process.wait(timeout=60)
    said = process.stderr.read()
    assert code == 130, said
    assert "Traceback" not in said
    assert said.splitlines()[-1].startswith(
        "planpress publish: interrupted: nothing was published ("
    ), said
    assert published_versions(repo) == committed_records(repo) == set()
    assert_consistent(repo)


# ------------------------------------------------------------------ branches and remotes


def test_publishing_off_the_publishing_branch_is_refused(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "try-out")
    with pytest.raises(PublishError) as caught:
        publish(Request("board-2020-09-17", repo))
    assert str(caught.value) == (
        "you are on the branch 'try-out', but versions are published from 'main' "
        "(extra.planpress.publish_from in mkdocs.yml), where their records are kept: check out "
        "main first"
    )
    assert published_versions(repo) == set()
    # the setting names another branch
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("publish_from: main ", "publish_from: try-out "))
    git(repo, "commit", "--quiet", "-am", "Publish from try-out")
    assert publish(Request("board-2020-09-17", repo)).version == "2020-09-17"
    assert committed_records(repo) == set()  # main has none; try-out has the record
    assert "releases/2020-09-17.json" in git(repo, "ls-tree", "-r", "--name-only", "try-out")


def test_a_stale_clone_does_not_publish_what_the_remote_already_has(
    repo: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "--quiet", "origin", "main")
    stale = tmp_path / "stale"
    git(tmp_path, "clone", "--quiet", str(remote), str(stale))
    assert publish(Request("board-2020-09-17", repo, push=True)).pushed
    before = git(stale, "rev-parse", "main")
    with pytest.raises(PublishError) as caught:
        publish(Request("board-2020-09-17", stale, push=True))
    assert str(caught.value) == (
        "'origin/main' has commits that this clone does not have (another clone may have "
        "published a version): run `git pull origin main`, then publish again"
    )
    assert git(stale, "rev-parse", "main") == before
    assert git(stale, "branch", "--list", "gh-pages") == ""
    # once it has caught up, it sees the version as published
    git(stale, "pull", "--quiet", "origin", "main")
    with pytest.raises(PublishError) as caught:
        publish(Request("board-2020-09-17", stale, push=True))
    assert "is already published" in str(caught.value)


# ------------------------------------------------------------------ records and history


def test_deeply_nested_records_and_history_give_messages(repo: Path) -> None:
    (repo / "releases").mkdir()
    (repo / "releases" / "2020-01-01.json").write_text("[" * 100_000 + "]" * 100_000)
    git(repo, "add", "releases")
    git(repo, "commit", "--quiet", "-m", "A hostile record")
    with pytest.raises(PublishError) as caught:
        publish(Request("board-2020-09-17", repo))
    assert str(caught.value).endswith(
        "releases/2020-01-01.json: nested too deeply to be a release record"
    )
    git(repo, "rm", "--quiet", "-r", "releases")
    # a meetings.yml in the history that no YAML reader could build
    meetings = repo / "data" / "meetings.yml"
    kept = meetings.read_text()
    meetings.write_text("- " + "[" * 50_000 + "]" * 50_000 + "\n")
    git(repo, "commit", "--quiet", "-am", "Hostile meetings")
    meetings.write_text(kept)
    git(repo, "commit", "--quiet", "-am", "Meetings restored")
    with pytest.raises(PublishError) as caught:
        publish(Request("board-2020-07-16", repo))
    assert str(caught.value).startswith("the data at HEAD already holds a later version")
    assert str(caught.value).endswith(git(repo, "rev-parse", "HEAD~4")[:10])


def test_a_failure_while_publishing_is_undone_and_told_without_a_traceback(repo: Path) -> None:
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    before = git(repo, "rev-parse", "gh-pages")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'commits are closed today' >&2\nexit 1\n")
    hook.chmod(0o755)
    done = run_planpress(repo, "publish", "board-2020-09-17")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "planpress publish: publishing failed, and was undone (gh-pages is back at "
        f"{before[:10]}; releases/ is as committed): git commit failed: commits are closed today"
    )
    hook.unlink()
    assert_consistent(repo)
