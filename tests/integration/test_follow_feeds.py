"""The feed and calendar of each sub-group and owner in the built example site: every one the
Open data page links to is beside it, read back by the parsers that read the site's feed and
calendar, and every page its entries link to is in the site, with the anchor named."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from icalendar import Calendar
from support import EXAMPLE_DATA

from planpress.core.plancache import require_plan
from planpress.exchange.followed import FOLDER, follow_subjects

PAGE = "data/index.html"
SITE_URL = "https://planpress.github.io/planpress/"  # the example's site_url (mkdocs.yml)


class _Links(HTMLParser):
    """The links of a page, and the ids of its elements."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def read_page(path: Path) -> _Links:
    found = _Links()
    found.feed(path.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def follow_links(example_site: Path) -> list[str]:
    """The page's links into the follow folder, as paths in the site."""
    found = []
    for href in read_page(example_site / PAGE).hrefs:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(PAGE), unquote(href)))
        if target.startswith(f"{FOLDER}/"):
            found.append(target)
    return found


def test_the_page_links_to_every_follow_file_and_each_is_beside_it(
    example_site: Path, follow_links: list[str]
) -> None:
    plan = require_plan(EXAMPLE_DATA)[0]
    expected = [name for s in follow_subjects(plan) for name in (s.feed_name, s.calendar_name)]
    assert follow_links == expected
    written = sorted(
        p.relative_to(example_site).as_posix() for p in (example_site / FOLDER).iterdir()
    )
    assert written == sorted(expected)


def page_of(example_site: Path, link: str) -> tuple[Path, str]:
    """The built page a link of a feed or calendar names, and the anchor on it."""
    assert link.startswith(SITE_URL), link
    parts = urlsplit(link[len(SITE_URL) :])
    return example_site / unquote(parts.path) / "index.html", unquote(parts.fragment)


def test_every_feed_parses_and_links_to_pages_of_the_site(
    example_site: Path, follow_links: list[str]
) -> None:
    feeds = [link for link in follow_links if link.endswith(".xml")]
    assert feeds
    for name in feeds:
        feed = feedparser.parse((example_site / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.entries, name
        for entry in feed.entries:
            page, anchor = page_of(example_site, entry.link)
            assert page.is_file(), entry.link
            assert anchor in read_page(page).ids, entry.link


def test_every_calendar_parses_and_links_to_pages_of_the_site(
    example_site: Path, follow_links: list[str]
) -> None:
    calendars = [link for link in follow_links if link.endswith(".ics")]
    assert calendars
    for name in calendars:
        content = (example_site / name).read_bytes()
        assert all(len(line) <= 75 for line in content.split(b"\r\n")), name
        found = Calendar.from_ical(content).walk("VEVENT")
        assert found, name
        for event in found:
            page, anchor = page_of(example_site, str(event["URL"]))
            assert page.is_file(), event["URL"]
            assert anchor in read_page(page).ids, event["URL"]
