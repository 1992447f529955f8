"""The feed of versions that `planpress publish` writes at the site root, and the link to each
build's own feed in every page's head."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
from support import git

from planpress.publishing.publish import Request, publish

SITE = "https://planpress.github.io/planpress/"


def test_site_root_feed_lists_every_published_version(repo: Path) -> None:
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    first = git(repo, "show", "gh-pages:feed.xml")
    assert [e.title for e in feedparser.parse(first.encode()).entries] == ["First version"]
    publish(Request("board-2020-09-17", repo))
    feed = feedparser.parse(git(repo, "show", "gh-pages:feed.xml").encode())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Test Plan — versions"
    assert feed.feed.updated == "2020-09-17T00:00:00Z"
    assert [(e.title, e.link) for e in feed.entries] == [
        ("Second version", f"{SITE}2020-09-17/"),
        ("First version", f"{SITE}2020-07-16/"),
    ]
    newest, oldest = feed.entries
    assert newest.id == "tag:planpress.github.io,2020:plan/test-plan/version/2020-09-17"
    assert "Stage: Draft. Published by Board meeting, September (17 September 2020)." in (
        newest.summary
    )
    assert "Changes since First version: 1 action added, 1 action removed" in newest.summary
    assert "first published version" in oldest.summary
    # every page's head points at the feed at its version's root
    for page, href in (("index.html", "feed.xml"), ("plan/index.html", "../feed.xml")):
        html = git(repo, "show", f"gh-pages:2020-09-17/{page}")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
        assert link is not None, page
        assert f'href="{href}"' in link.group() and 'title="' in link.group()
    # every published version carries every open data file, the workbook included
    listed = git(repo, "ls-tree", "--name-only", "gh-pages:2020-07-16/").split()
    for name in (
        "plan.json",
        "plan.xlsx",
        "datapackage.json",
        "actions.csv",
        "procurements.ocds.json",
        "meetings.ics",
        "feed.xml",
        "changes.json",
    ):
        assert name in listed, name
