"""The published branch as GitHub Pages deploys it: no symbolic or hard links anywhere, and the
aliases `latest/` and `approved/` served as whole copies of their versions.

Real git repositories, real mike runs, and the branch served over HTTP from a checkout of it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from support import JULY_MEETINGS, MINIMAL, SEPTEMBER, git, isolate_git, site_repository

from planpress.publishing.gitrepo import Repo
from planpress.publishing.publish import Request, publish

APPROVED_JULY = JULY_MEETINGS.replace("stage: embryonic", "stage: approved")
APPROVED_SEPTEMBER = {
    **SEPTEMBER,
    "meetings.yml": SEPTEMBER["meetings.yml"].replace("stage: embryonic", "stage: approved"),
}


@pytest.fixture
def approved_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """July's version approved, September's a draft: after both, `latest` and `approved` name
    different versions."""
    isolate_git(monkeypatch, tmp_path)
    folder = site_repository(
        tmp_path / "plan",
        ("July data", {**MINIMAL, "meetings.yml": APPROVED_JULY}),
        ("September data", APPROVED_SEPTEMBER),
    )
    monkeypatch.chdir(folder)
    return folder


def tree_entries(repo: Path, branch: str = "gh-pages") -> list[tuple[str, str, str]]:
    """(mode, object, path) of every file on `branch`."""
    out = git(repo, "ls-tree", "-r", "-z", branch)
    entries = []
    for entry in out.split("\0"):
        if entry:
            meta, _, path = entry.partition("\t")
            mode, _, sha = meta.split(" ")
            entries.append((mode, sha, path))
    return entries


def folder_tree(repo: Path, path: str, branch: str = "gh-pages") -> str:
    return git(repo, "rev-parse", f"{branch}:{path}")


@pytest.fixture
def serve_pages(tmp_path: Path) -> Iterator:
    """Serve a checkout of a repository's gh-pages on 127.0.0.1, as GitHub Pages would."""
    servers = []

    def start(repo: Path) -> str:
        folder = tmp_path / f"pages-{len(servers)}"
        folder.mkdir()
        archive = subprocess.run(
            ["git", "archive", "--format=tar", "gh-pages"],
            cwd=repo,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def fetch(url: str) -> bytes:
    with urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def assert_no_links(repo: Path) -> None:
    entries = tree_entries(repo)
    assert entries, "gh-pages is empty"
    assert [path for mode, _, path in entries if mode == "120000"] == []
    # and no hard links: a checkout of the branch has one name per file
    checkout = repo.parent / "links-check"
    subprocess.run(["git", "worktree", "add", "--quiet", str(checkout), "gh-pages"], cwd=repo)
    try:
        for path in checkout.rglob("*"):
            assert not path.is_symlink(), path
            if path.is_file():
                assert os.stat(path).st_nlink == 1, path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=repo)


def test_aliases_are_copies_and_every_address_serves(approved_repo: Path, serve_pages) -> None:
    publish(Request("board-2020-07-16", approved_repo, source="HEAD~1"))
    publish(Request("board-2020-09-17", approved_repo))
    assert_no_links(approved_repo)
    versions = {
        v["version"]: v["aliases"]
        for v in json.loads(git(approved_repo, "show", "gh-pages:versions.json"))
    }
    assert versions == {"2020-09-17": ["latest"], "2020-07-16": ["approved"]}
    # each alias is the very folder of its version: the same tree, stored once
    assert folder_tree(approved_repo, "latest") == folder_tree(approved_repo, "2020-09-17")
    assert folder_tree(approved_repo, "approved") == folder_tree(approved_repo, "2020-07-16")

    # nothing published names the scratch folder the version was built in
    leaked = subprocess.run(
        ["git", "grep", "-l", "-e", "publish-scratch", "-e", str(approved_repo), "gh-pages"],
        cwd=approved_repo,
        capture_output=True,
        text=True,
    )
    assert leaked.stdout == ""
    assert "Recorded in <code>data/groups.yml, line" in git(
        approved_repo, "show", "gh-pages:latest/plan/skills/index.html"
    )
    # addresses of the site's own are made from its root, not from the canonical `latest/`
    root = "https://planpress.github.io/planpress/"
    wrong = subprocess.run(
        ["git", "grep", "-n", "-E", "latest/(latest|2020-)", "gh-pages"],
        cwd=approved_repo,
        capture_output=True,
        text=True,
    )
    assert wrong.stdout == ""
    calendar = git(approved_repo, "show", "gh-pages:2020-07-16/meetings.ics").replace("\n ", "")
    assert f"URL:{root}2020-07-16/governance/#meeting-board-2020-07-16" in calendar
    data_page = git(approved_repo, "show", "gh-pages:2020-09-17/data/index.html")
    assert f"<code>{root}latest/meetings.ics</code>" in data_page
    assert f"{root}2020-09-17/" in git(approved_repo, "show", "gh-pages:2020-09-17/feed.xml")
    base = serve_pages(approved_repo)
    assert b"url=latest/" in fetch(base)
    for alias, version in (("latest", "2020-09-17"), ("approved", "2020-07-16")):
        page = fetch(f"{base}{alias}/plan/").decode()
        assert fetch(f"{base}{version}/plan/").decode() == page
        assert fetch(f"{base}{alias}/prospectus.pdf").startswith(b"%PDF")
        # the board report to the meeting that published it, linked from its Board report page
        assert fetch(f"{base}{alias}/board-report.pdf").startswith(b"%PDF")
        assert b'href="../board-report.pdf"' in fetch(f"{base}{alias}/report/")
        assert json.loads(fetch(f"{base}{alias}/plan.json"))["version"] == version
    assert b"<feed" in fetch(f"{base}feed.xml")
    # the Open data page's Verify this version links to the seals at the site's root
    page = fetch(f"{base}2020-09-17/data/").decode()
    assert 'href="../../seals.json"' in page and 'href="../../seals/2020-09-17.sha256"' in page
    assert "2020-09-17" in json.dumps(json.loads(fetch(f"{base}seals.json")))
    assert b"  " in fetch(f"{base}seals/2020-09-17.sha256")  # sha256sum's own format


def link_aliases(repo: Path) -> None:
    """Rewrite gh-pages as a publish by an earlier planpress left it: each alias a symbolic
    link to its version's folder (mike's default)."""
    pages = Repo(repo)
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    index = repo.parent / "link-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    subprocess.run(["git", "read-tree", "gh-pages"], cwd=repo, env=env, check=True)
    for version in versions:
        for alias in version["aliases"]:
            subprocess.run(
                ["git", "rm", "-r", "--cached", "--quiet", alias], cwd=repo, env=env, check=True
            )
            blob = pages.run("hash-object", "-w", "--stdin", input=version["version"].encode())
            subprocess.run(
                ["git", "update-index", "--add", "--cacheinfo", f"120000,{blob},{alias}"],
                cwd=repo,
                env=env,
                check=True,
            )
    tree = subprocess.run(
        ["git", "write-tree"], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    commit = pages.run("commit-tree", tree, "-p", "gh-pages", "-m", "Aliases as links")
    pages.set_ref("gh-pages", commit)
    index.unlink()


def test_a_branch_published_with_links_is_converted_by_the_next_publish(
    approved_repo: Path, serve_pages
) -> None:
    publish(Request("board-2020-07-16", approved_repo, source="HEAD~1"))
    link_aliases(approved_repo)
    assert {path for mode, _, path in tree_entries(approved_repo) if mode == "120000"} == {
        "latest",
        "approved",
    }
    # September's draft moves `latest`; `approved` stays on July, and was a link
    publish(Request("board-2020-09-17", approved_repo))
    assert_no_links(approved_repo)
    assert folder_tree(approved_repo, "approved") == folder_tree(approved_repo, "2020-07-16")
    assert folder_tree(approved_repo, "latest") == folder_tree(approved_repo, "2020-09-17")
    base = serve_pages(approved_repo)
    assert b"First version" in fetch(f"{base}approved/")


def test_links_that_name_nothing_or_leave_the_branch_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch, tmp_path)
    repo = tmp_path / "pages"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=gh-pages")
    (repo / "v1").mkdir()
    (repo / "v1" / "index.html").write_text("one", encoding="utf-8")
    (repo / "note.txt").write_text("note", encoding="utf-8")
    for name, target in (
        ("latest", "v1"),
        ("gone", "v9"),
        ("outside", "../../etc"),
        ("file", "note.txt"),
    ):
        os.symlink(target, repo / name)
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "links")
    pages = Repo(repo)
    assert set(pages.links("gh-pages")) == {"latest", "gone", "outside", "file"}
    assert pages.replace_links_with_copies("gh-pages", "copies") is not None
    assert pages.links("gh-pages") == {}
    paths = {path for _, _, path in tree_entries(repo)}
    assert paths == {"v1/index.html", "latest/index.html", "note.txt", "file"}
    assert git(repo, "show", "gh-pages:file") == "note"
    # and a branch without links is left as it is
    head = git(repo, "rev-parse", "gh-pages")
    assert pages.replace_links_with_copies("gh-pages", "copies") is None
    assert git(repo, "rev-parse", "gh-pages") == head
