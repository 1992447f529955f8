"""Check every link inside a built site: each page, file and #anchor it points to exists.

    planpress links site

`mkdocs build --strict` checks the links written in Markdown; this checks the built HTML, so
it also covers the links that macros and the theme write. Links to other sites (http, https,
mailto, tel) are listed in the count but not fetched: a check must not depend on other
people's servers. Links that leave the built folder (`../latest/` on a versioned site) point
at other versions and are not checked either. Links written from the site's root
(`/planpress/strategy/`, as on the 404 page) are read against the site's own address, which
`sitemap.xml` gives.

Exits 1 and prints `page: link (why)` for each broken link.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from planpress.core.characters import escaped

# Attributes that hold a URL the browser follows or loads.
URL_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
}
OTHER_SCHEMES = ("http", "https", "mailto", "tel", "data")


@dataclass
class PageLinks:
    """The ids a page defines and the URLs it links to."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name" if tag == "a" else None):
            if name and values.get(name):
                self.page.ids.add(values[name] or "")
        attribute = URL_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute) is not None:
            self.page.links.append((values[attribute] or "").strip())


def read_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.page


@dataclass
class LinkReport:
    pages: int = 0
    checked: int = 0
    external: int = 0
    outside: int = 0
    broken: list[str] = field(default_factory=list)


def base_path(site: Path) -> str:
    """The path of the site's own address (`/planpress/`), from its sitemap; else `/`."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    locations = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    folders = sorted((posixpath.dirname(urlsplit(loc).path or "/") for loc in locations), key=len)
    return folders[0].rstrip("/") + "/" if folders else "/"


def _target_file(site: Path, page_rel: str, path: str, root: str) -> tuple[str | None, str]:
    """The file (relative to the site) a link's path leads to, or None if it leaves the site."""
    if not path:  # "#anchor" alone: this page
        return page_rel, page_rel
    if path.startswith("/"):
        if path + "/" == root:
            joined = ""
        elif path.startswith(root):
            joined = path[len(root) :]
        else:
            return None, path
        if joined.startswith("/"):
            return None, path
    else:
        joined = posixpath.join(posixpath.dirname(page_rel), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return None, normal
    normal = "" if normal == "." else normal
    if not normal or path.endswith("/") or (site / normal).is_dir():
        return posixpath.join(normal, "index.html"), normal or "index.html"
    return normal, normal


def check_site(site: Path) -> LinkReport:
    """Every broken link in the HTML files under `site`."""
    report = LinkReport()
    root = base_path(site)
    pages: dict[str, PageLinks] = {}
    for html in sorted(site.rglob("*.html")):
        pages[html.relative_to(site).as_posix()] = read_page(html)
    report.pages = len(pages)
    for page_rel, page in pages.items():
        for link in page.links:
            for problem in _problems(site, root, pages, page_rel, link, report):
                report.broken.append(f"{page_rel}: {link} ({problem})")
    return report


def _problems(
    site: Path, root: str, pages: dict[str, PageLinks], page_rel: str, link: str, report: LinkReport
) -> Iterator[str]:
    parts = urlsplit(link)
    if parts.scheme or link.startswith("//"):
        if parts.scheme.lower() in OTHER_SCHEMES or link.startswith("//"):
            report.external += 1
            return
        yield f"a '{parts.scheme}:' link is not allowed"
        return
    if not link or link == "#":
        return
    report.checked += 1
    target, shown = _target_file(site, page_rel, unquote(parts.path), root)
    if target is None:
        report.outside += 1
        return
    if not (site / target).is_file():
        yield f"{shown or 'index.html'} does not exist in the site"
        return
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        target_page = pages.get(target) or read_page(site / target)
        if fragment not in target_page.ids:
            yield f"there is no id '{fragment}' on {target}"


def run(site: Path) -> int:
    """`planpress links SITE`: print each broken link; 1 if any, 2 if there is no site."""
    if not (site / "index.html").is_file():
        print(
            f"planpress links: {site}/index.html not found (build the site first)",
            file=sys.stderr,
        )
        return 2
    report = check_site(site)
    for line in report.broken:
        print(escaped(line))  # one line each: a link cannot start a CI command
    print(
        f"{report.pages} pages, {report.checked} links within the site checked, "
        f"{len(report.broken)} broken; {report.external} links to other sites and "
        f"{report.outside} to other versions not fetched",
        file=sys.stderr,
    )
    return 1 if report.broken else 0
