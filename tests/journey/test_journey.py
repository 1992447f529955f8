"""The journey test: a partnership's published site, read page by page as a reader reads it.

The wheel is built from this checkout (a copy of its sources) and installed into a fresh
virtual environment (Python's venv, pip upgraded, the runtime lock with hashes checked, then
the wheel without dependencies), outside the checkout. There `planpress new` writes a site
whose data is replaced by the second partnership's (tests/fixtures/other/data); three board
meetings publish an embryonic, a draft and an approved version in turn (`planpress publish`),
each from its own commit. The gh-pages branch is served under /plan/ on 127.0.0.1, the
address the site was published for (PLANPRESS_SITE_URL).

Chromium then opens every page of every version (each folder of gh-pages holding index.html,
`latest/` and `approved/` included) 375 and 1280 px wide, and eight checks look at each:

- sideways scroll: the page is wider than the screen;
- broken words: a word in a table cell is split across two lines;
- table style: a table in the article lacks the border and type of Material's table style;
- chart labels: two labels of an SVG chart overlap;
- addresses: an address under the site's address, in an attribute or the text, does not
  answer 200 (each is fetched once, with urllib, without its fragment), or an address on the
  site's host is outside the site;
- machine paths: the page names a path of the publishing machine or its scratch folders;
- console errors: the browser's console reports an error, or a script throws;
- axe: axe-core finds a WCAG 2.2 A or AA violation.

Every failure on every page is collected, then each check's test lists its own. Screenshots
of each page at each width (full page) go to test-output/journey/, with report.txt and
report.json. `test_check_*` show that each check fires on a small hand-written page with the
defect and stays quiet on one without it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urldefrag, urlsplit
from urllib.request import urlopen

import pytest
import yaml
from browser.browsing import CHROMIUM, CHROMIUM_ARGS, WCAG_TAGS, serve
from support import OTHER_DATA, ROOT, build_distributions, copy_sources, fresh_environment, ok, run

pytestmark = pytest.mark.journey

OUTPUT = ROOT / "test-output" / "journey"
SITE_PATH = "plan"  # the path the published site is served under
WIDTHS = (375, 1280)
CHECKS = (
    "sideways scroll",
    "broken words",
    "table style",
    "chart labels",
    "addresses",
    "machine paths",
    "console errors",
    "axe",
)

# Three board meetings of the second partnership, each publishing a version: (meeting id,
# date, version, title, stage). The last is the meeting already in its data, kept as it is.
MEETINGS = (
    ("nv-growth-board-2020-09-10", "2020-09-10", "nv-2020-09", "Embryonic plan", "embryonic"),
    ("nv-growth-board-2020-12-03", "2020-12-03", "nv-2020-12", "Draft plan", "draft"),
    ("nv-growth-board-2021-03-04", "2021-03-04", "nv-2021-03", "First edition", "approved"),
)


# ---------------------------------------------------------------- the checks, in the page

# Helpers every in-page check shares: whether an element is drawn, and names for reports.
PRELUDE = r"""
const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
  && [...el.getClientRects()].some(r => r.width > 0 && r.height > 0);
const squash = text => text.replace(/\s+/g, " ").replace(/¶$/, "").trim();
const cut = text => text.length > 70 ? text.slice(0, 67) + "..." : text;
const named = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
  + [...el.classList].map(name => "." + name).join("");
const tableName = table => {
  const caption = table.caption ? squash(table.caption.textContent) : "";
  let where = caption ? `table "${cut(caption)}"` : "";
  if (!where) {
    const heads = [...document.querySelectorAll("h1, h2, h3, h4")].filter(
      h => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    const head = heads[heads.length - 1];
    where = `table under "${head ? cut(squash(head.textContent)) : "?"}"`;
  }
  return where + (table.classList.length ? ` (${named(table)})` : "");
};
"""

# The page is wider than the screen: the root's scroll width exceeds its client width (the
# viewport, less a scroll bar if one is drawn). The report names the outermost elements that
# reach past the right edge (those whose parent does not), leaving out those inside a box that
# scrolls or clips (overflow other than visible), which do not widen the page.
SIDEWAYS_SCROLL = (
    "() => {"
    + PRELUDE
    + r"""
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return [];
  const contained = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = new Set([...document.body.querySelectorAll("*")].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !contained(el);
  }));
  const first = [...wide].filter(el => !wide.has(el.parentElement)).slice(0, 4);
  const where = first.map(
    el => `${named(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`);
  return [`${root.scrollWidth} px wide on a ${width} px screen`
    + (where.length ? ": " + where.join("; ") : "")];
}"""
)

# A word in a table cell split across lines. A word is what Unicode's word boundaries
# (UAX #29, Intl.Segmenter) call one: "long-term" is two words, so a line break after its
# hyphen is not a broken word, but one inside "term" is, however long the word and however
# narrow the cell. A Range over the word has one box per line it is drawn on. Cells that are
# not drawn, and text that is not (hidden, or clipped to 1 px as screen-reader-only text),
# are not looked at. A line per table: its broken words, with "|" where each is cut.
BROKEN_WORDS = (
    "() => {"
    + PRELUDE
    + r"""
  const words = new Intl.Segmenter("en", {granularity: "word"});
  const found = new Map();  // table -> its broken words, each once, cut where the lines end
  for (const cell of document.querySelectorAll("td, th")) {
    if (!shown(cell)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const holder = text.parentElement;
      if (holder.closest("td, th") !== cell || !shown(holder)) continue;
      const box = holder.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      for (const part of words.segment(text.data)) {
        if (!part.isWordLike) continue;
        const range = document.createRange();
        range.setStart(text, part.index);
        range.setEnd(text, part.index + part.segment.length);
        const tops = [...range.getClientRects()]
          .filter(r => r.width > 0 && r.height > 0).map(r => r.top).sort((a, b) => a - b);
        const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 2).length;
        if (lines > 1) {
          const pieces = [];
          for (let end = 1, start = 0, last = null; end <= part.segment.length; end++) {
            range.setEnd(text, part.index + end);
            range.setStart(text, part.index + end - 1);
            const rect = [...range.getClientRects()].find(r => r.width > 0);
            const top = rect ? Math.round(rect.top) : last;
            if (last !== null && top !== null && Math.abs(top - last) > 2) {
              pieces.push(part.segment.slice(start, end - 1));
              start = end - 1;
            }
            if (top !== null) last = top;
            if (end === part.segment.length) pieces.push(part.segment.slice(start));
          }
          const table = cell.closest("table");
          if (!found.has(table)) found.set(table, new Set());
          found.get(table).add(`"${pieces.join("|")}"`);
        }
      }
    }
  }
  return [...found].map(([table, broken]) => {
    const all = [...broken];
    const more = all.length > 8 ? ` and ${all.length - 8} more` : "";
    return `${tableName(table)}: ${all.slice(0, 8).join(", ")}${more}`;
  });
}"""
)

# The site's table style is what Material for MkDocs gives `.md-typeset table:not([class])`
# (main.css): a border on all four sides of the table, a top border on every body cell
# (`td`), and the tables' smaller type (.64rem). Material draws none of it for a table that
# has a class, so a table with a class must be given the same by the site's own CSS. The rule:
# every table drawn inside the article has, as computed, the same border (style, width and
# colour) on each side, the same top border on each body `td` that is drawn, and the same font
# size, as a table without a class placed in the same article. Header cells (`th`) have no
# border in Material's style, so they are not looked at.
TABLE_STYLE = (
    "() => {"
    + PRELUDE
    + r"""
  const article = document.querySelector(".md-content article.md-typeset")
    || document.querySelector("article.md-typeset");
  if (!article) return [];
  const sides = ["Top", "Right", "Bottom", "Left"];
  const border = (style, side) => [
    style[`border${side}Style`], style[`border${side}Width`], style[`border${side}Color`]];
  const same = (a, b) => a[0] === b[0] && a[2] === b[2]
    && Math.abs(parseFloat(a[1]) - parseFloat(b[1])) < 0.05;
  const reference = document.createElement("table");
  reference.innerHTML = "<thead><tr><th>x</th></tr></thead><tbody><tr><td>x</td></tr></tbody>";
  article.append(reference);
  const tableStyle = getComputedStyle(reference);
  const want = {
    table: sides.map(side => border(tableStyle, side)),
    cell: border(getComputedStyle(reference.querySelector("td")), "Top"),
    size: tableStyle.fontSize,
  };
  reference.remove();
  const found = [];
  for (const table of article.querySelectorAll("table")) {
    if (!shown(table)) continue;
    const style = getComputedStyle(table);
    const wrong = [];
    const missing = sides.filter((side, i) => !same(border(style, side), want.table[i]));
    if (missing.length) {
      wrong.push(`border ${missing.map(s => s.toLowerCase()).join("/")} is `
        + `"${border(style, missing[0]).join(" ")}", not "${want.table[0].join(" ")}"`);
    }
    const cells = [...table.querySelectorAll(":scope > tbody > tr > td")].filter(shown);
    const bare = cells.filter(td => !same(border(getComputedStyle(td), "Top"), want.cell));
    if (bare.length) {
      wrong.push(`${bare.length} of ${cells.length} body cells without the top border `
        + `"${want.cell.join(" ")}"`);
    }
    if (style.fontSize !== want.size) wrong.push(`type ${style.fontSize}, not ${want.size}`);
    if (wrong.length) found.push(`${tableName(table)}: ${wrong.join("; ")}`);
  }
  return found;
}"""
)

# Two labels of an SVG chart overlap. Each drawn <text> (not in <defs>, a clip path, mask,
# symbol, pattern or marker; with visible characters) is taken as the box its glyphs fill
# (getBBox) mapped to the screen (getScreenCTM), so a rotated label is a rotated box; two
# boxes overlap when they overlap by more than 1 px along every one of their axes (for labels
# that are not rotated: by more than 1 px both across and down). A <title> or <desc> is never
# drawn, so it is not a label.
CHART_LABELS = (
    "() => {"
    + PRELUDE
    + r"""
  const words = text => [...text.childNodes]
    .filter(n => !["title", "desc"].includes(n.nodeName.toLowerCase()))
    .map(n => n.textContent).join("");
  const corners = text => {
    const box = text.getBBox();
    const m = text.getScreenCTM();
    return [[box.x, box.y], [box.x + box.width, box.y],
            [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  const overlap = (p, q) => {
    let least = Infinity;
    for (const poly of [p, q]) {
      for (let i = 0; i < 4; i++) {
        const [x1, y1] = poly[i];
        const [x2, y2] = poly[(i + 1) % 4];
        const length = Math.hypot(x2 - x1, y2 - y1);
        if (!length) continue;
        const [nx, ny] = [(y1 - y2) / length, (x2 - x1) / length];
        const a = p.map(([x, y]) => x * nx + y * ny);
        const b = q.map(([x, y]) => x * nx + y * ny);
        least = Math.min(least,
          Math.min(Math.max(...a), Math.max(...b)) - Math.max(Math.min(...a), Math.min(...b)));
      }
    }
    return least;
  };
  const chartName = svg => {
    const label = svg.getAttribute("aria-label")
      || (svg.getAttribute("aria-labelledby") || "").split(/\s+/)
        .map(id => document.getElementById(id)).filter(Boolean)
        .map(el => el.textContent).join(" ")
      || (svg.querySelector(":scope > title") || {}).textContent || named(svg);
    return cut(squash(label));
  };
  const found = [];
  for (const svg of document.querySelectorAll("svg")) {
    if (!shown(svg)) continue;
    const labels = [...svg.querySelectorAll("text")]
      .filter(t => !t.closest("defs, clipPath, mask, symbol, pattern, marker"))
      .filter(t => words(t).trim() && shown(t))
      .map(t => ({name: cut(squash(words(t))), box: corners(t)}));
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const by = overlap(labels[i].box, labels[j].box);
        if (by > 1) {
          found.push(`chart "${chartName(svg)}": "${labels[i].name}" and "${labels[j].name}"`
            + ` overlap by ${by.toFixed(1)} px`);
        }
      }
    }
  }
  return found;
}"""
)

# Every address an element names (href, src, srcset, SVG's xlink:href), made absolute.
ADDRESSES = r"""() => {
  const found = new Set();
  const add = value => {
    try { found.add(new URL(value.trim(), document.baseURI).href); } catch (error) {}
  };
  for (const el of document.querySelectorAll("[href], [src], [srcset]")) {
    for (const name of ["href", "src"]) {
      const value = el.getAttribute(name);
      if (value !== null) add(value);
    }
    const linked = el.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (linked) add(linked);
    for (const item of (el.getAttribute("srcset") || "").split(",")) {
      if (item.trim()) add(item.trim().split(/\s+/)[0]);
    }
  }
  return [...found];
}"""


def sideways_scroll(page: Any) -> list[str]:
    return page.evaluate(SIDEWAYS_SCROLL)


def broken_words(page: Any) -> list[str]:
    return page.evaluate(BROKEN_WORDS)


def table_style(page: Any) -> list[str]:
    return page.evaluate(TABLE_STYLE)


def chart_labels(page: Any) -> list[str]:
    return page.evaluate(CHART_LABELS)


def site_addresses(page: Any, site_url: str) -> set[str]:
    """Every address on the site's host that the page names: in an attribute (href, src,
    srcset), or written in its HTML or text (http, https or webcal), without its fragment.
    webcal:// addresses (calendar subscriptions) are fetched over http."""
    origin = urlsplit(site_url)
    named = page.evaluate(ADDRESSES)
    written = re.findall(
        rf"(?:https?|webcal)://{re.escape(origin.netloc)}[^\s\"'<>`\\]*", page.content()
    )
    found = set()
    for address in [*named, *(html.unescape(a).rstrip(".,;:)]}") for a in written)]:
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https", "webcal") or parts.netloc != origin.netloc:
            continue
        found.add(urldefrag(parts._replace(scheme=origin.scheme).geturl()).url)
    return found


def unresolved(addresses: dict[str, set[str]], site_url: str) -> list[str]:
    """The addresses (each with the pages that name it) that are outside the site's address,
    or that do not answer 200; each is fetched once."""
    failures = []
    for address in sorted(addresses):
        pages = sorted(addresses[address])
        where = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
        if not address.startswith(site_url):
            failures.append(f"{address}: outside the site's address {site_url} (on {where})")
            continue
        try:
            with urlopen(address, timeout=30) as answer:
                status = answer.status
        except HTTPError as error:
            status = error.code
        except URLError as error:
            status = f"no answer ({error.reason})"
        if status != 200:
            failures.append(f"{address}: {status} (on {where})")
    return failures


def machine_paths(page: Any, paths: list[str]) -> list[str]:
    """Paths of the publishing machine or its scratch folders in the page's HTML or text:
    `publish-scratch`, `/tmp/`, `.git/`, `file://` and each of `paths` (the test's own
    folders), each with what surrounds it."""
    text = page.content()
    found = []
    for mark in ["publish-scratch", "/tmp/", ".git/", "file://", *paths]:
        start = text.find(mark)
        if start >= 0:
            near = re.sub(r"\s+", " ", text[max(0, start - 40) : start + len(mark) + 40])
            found.append(f"{mark!r} ({text.count(mark)}x), first in: ...{near}...")
    return found


def axe_start(page: Any) -> None:
    """Start axe-core (loaded into every page by the context) on the page, WCAG 2.2 A and AA."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    page.evaluate("options => { window.__ppAxe = axe.run(document, options) }", options)


def axe_violations(page: Any) -> list[str]:
    """What the axe-core run started on the page found: a line per element."""
    violations = page.evaluate("() => window.__ppAxe")["violations"]
    return [
        f"{v['id']} ({v['impact']}) at {', '.join(map(str, node['target']))}: {v['help']}"
        for v in violations
        for node in v["nodes"]
    ]


# Where a page that redirects at once (a refresh of 0 seconds) sends the reader, or null.
REFRESH_TARGET = r"""() => {
  const refresh = document.querySelector('meta[http-equiv="refresh" i]');
  const found = refresh && /^\s*0*\s*;\s*url\s*=\s*(.+)$/i.exec(refresh.content);
  return found ? new URL(found[1].trim().replace(/^['"]|['"]$/g, ""), document.baseURI).href : null;
}"""


class Tab:
    """A browser tab of a given width, with axe-core loaded into every page and the console's
    errors and uncaught script errors kept until read."""

    def __init__(self, browser: Any, width: int) -> None:
        from importlib.resources import files

        self.width = width
        self.context = browser.new_context(
            viewport={"width": width, "height": 800}, reduced_motion="reduce"
        )
        self.context.set_default_timeout(60_000)
        self.context.add_init_script(path=str(files("axe_playwright_python") / "axe.min.js"))
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"console: {message.text}" + (f" ({where})" if where else ""))

    def go(self, url: str) -> None:
        """Start opening `url` (`settle` waits for it)."""
        self.errors.clear()
        self.page.goto(url, wait_until="commit")

    def settle(self) -> None:
        """Wait until the page has loaded and made no request for half a second; a page that
        redirects at once (<meta http-equiv="refresh">, as the site's root does) is followed
        to where it leads."""
        from playwright.sync_api import Error

        for _ in range(5):
            self.page.wait_for_load_state("networkidle")
            try:
                target = self.page.evaluate(REFRESH_TARGET)
            except Error:  # the page is already being left
                continue
            if not target:
                return
            self.page.wait_for_url(target)

    def open(self, url: str) -> None:
        self.go(url)
        self.settle()

    def console_errors(self) -> list[str]:
        errors, self.errors = list(self.errors), []
        return errors

    def close(self) -> None:
        self.context.close()


def check_page(tab: Tab, site_url: str, paths: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """The in-page checks on the page open in `tab` (all but axe, whose run is started and
    read apart, and the fetching of addresses): failures by check, and the site's addresses
    the page names."""
    page = tab.page
    found = {
        "sideways scroll": sideways_scroll(page),
        "broken words": broken_words(page),
        "table style": table_style(page),
        "chart labels": chart_labels(page),
        "machine paths": machine_paths(page, paths),
        "console errors": tab.console_errors(),
    }
    return found, site_addresses(page, site_url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright; one for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# ---------------------------------------------------------------- each check, shown to fire

# The style a Material page gives a table without a class, as main.css writes it, for the
# hand-written pages below.
MATERIAL_TABLES = """
body { margin: 0; font: 16px sans-serif; }
.md-typeset table:not([class]) { border: 1px solid #ccc; font-size: 12.8px; }
.md-typeset table:not([class]) td { border-top: 1px solid #ccc; }
"""

DEFECTS = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Defects</title>
<style>{MATERIAL_TABLES}
.narrow td {{ width: 60px; max-width: 60px; overflow-wrap: anywhere; }}
</style></head>
<body><main><article class="md-typeset">
<h1>Defects</h1>
<div style="width: 600px">A box wider than a phone's screen.</div>
<table class="narrow"><caption>Narrow</caption>
  <tr><th scope="row">Name</th><td>Supercalifragilistic</td></tr></table>
<table class="classed"><caption>Classed</caption><tbody><tr><td>Plain</td></tr></tbody></table>
<svg width="200" height="60" role="img" aria-label="Crowded chart">
  <text x="10" y="30" font-size="16">Alpha</text><text x="20" y="34" font-size="16">Beta</text>
</svg>
<p style="overflow-wrap: anywhere"><a href="missing/">A page that is not there</a>,
  <a href="/elsewhere/">a page beside the site</a> and
  the calendar at
  <code>{{site}}latest/latest/meetings.ics</code>.</p>
<p>Recorded in <code>.git/planpress/publish-scratch/data/groups.yml</code>, built in /tmp/site
  by /home/nobody/.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</article></main>
<script>console.error("Something failed"); null.property;</script>
</body></html>
"""

SOUND = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Sound</title>
<style>{MATERIAL_TABLES}
.framed {{ border: 1px solid #ccc; font-size: 12.8px; }}
.framed td {{ border-top: 1px solid #ccc; }}
.scroll {{ overflow-x: auto; }}
</style></head>
<body><main><article class="md-typeset">
<h1 id="top">Sound</h1>
<div class="scroll"><div style="width: 600px">A wide box that scrolls in its own frame.</div>
</div>
<div class="scroll"><table><caption>Plain</caption><tbody>
  <tr><th scope="row">Name</th><td>Supercalifragilisticexpialidocious, a word longer than
  a phone is wide, in a table that scrolls in its own frame rather than split it.</td></tr>
  <tr style="display: none"><td style="width: 5px; overflow-wrap: anywhere">Hidden</td></tr>
</tbody></table></div>
<table class="framed"><caption>Framed</caption><tbody><tr><td>Styled</td></tr></tbody></table>
<table style="table-layout: fixed; width: 50px"><caption>Hyphen</caption><tbody>
  <tr><td id="hyphen">long-term</td></tr></tbody></table>
<svg width="300" height="120" role="img" aria-labelledby="chart-title">
  <title id="chart-title">A tidy chart</title>
  <text x="10" y="20" font-size="16">Alpha<title>Alpha, in full</title></text>
  <text x="10" y="40" font-size="16">Beta</text>
  <text x="10" y="44" font-size="16" style="display: none">Hidden</text>
  <text x="10" y="44" font-size="16" opacity="0">Transparent</text>
  <text x="60" y="100" font-size="16" transform="rotate(-45 60 100)">Leaning</text>
  <text x="100" y="100" font-size="16" transform="rotate(-45 100 100)">Leaning</text>
</svg>
<p style="overflow-wrap: anywhere"><a href="#top">Up</a>, <a href="{{site}}">home</a>,
  <a href="https://example.org/">elsewhere</a> and the calendar at
  <code>{{site}}meetings.ics</code>, to <a href="{{calendar}}">subscribe to</a>.</p>
</article></main>
</body></html>
"""


@pytest.fixture(scope="module")
def check_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A page with one defect for each check and a page without any, served under /plan/;
    the site's address."""
    folder = tmp_path_factory.mktemp("checks")
    with serve(folder) as origin:
        site = f"{origin}/{SITE_PATH}/"
        for name, text in (("defects", DEFECTS), ("sound", SOUND)):
            (folder / SITE_PATH / name).mkdir(parents=True)
            (folder / SITE_PATH / name / "index.html").write_text(
                text.replace("{site}", site).replace(
                    "{calendar}", site.replace("http:", "webcal:") + "meetings.ics"
                ),
                encoding="utf-8",
            )
        (folder / SITE_PATH / "meetings.ics").write_text("BEGIN:VCALENDAR\n", encoding="utf-8")
        (folder / SITE_PATH / "index.html").write_text("<!doctype html>", encoding="utf-8")
        yield site


@pytest.fixture(scope="module")
def checked(browser: Any, check_pages: str) -> dict[str, dict[str, list[str]]]:
    """What every check found on the page with defects and on the sound page, 375 px wide."""
    tab = Tab(browser, 375)
    results = {}
    for name in ("defects", "sound"):
        tab.open(f"{check_pages}{name}/")
        found, addresses = check_page(tab, check_pages, ["/home/nobody/"])
        found["addresses"] = unresolved({a: {name} for a in addresses}, check_pages)
        axe_start(tab.page)
        found["axe"] = axe_violations(tab.page)
        results[name] = found
    tab.close()
    return results


EXPECTED = {
    "sideways scroll": ["600 px wide on a 375 px screen: div reaches 600 px"],
    "broken words": ['table "Narrow" (table.narrow): "Superc|alifragil|istic"'],
    "table style": ['table "Narrow" (table.narrow): border', 'table "Classed" (table.classed)'],
    "chart labels": ['chart "Crowded chart": "Alpha" and "Beta" overlap by'],
    "addresses": [
        "defects/missing/: 404",
        "/elsewhere/: outside the site's address",
        "latest/latest/meetings.ics: 404",
    ],
    "machine paths": ["'publish-scratch' (1x)", "'/tmp/'", "'.git/'", "'/home/nobody/'"],
    "console errors": ["console: Something failed", "uncaught: Cannot read properties of null"],
    "axe": ["image-alt (critical)"],
}


@pytest.mark.parametrize("check", CHECKS)
def test_check_fires_on_its_defect_and_not_on_a_sound_page(
    checked: dict[str, dict[str, list[str]]], check: str
) -> None:
    fired = checked["defects"][check]
    for expected in EXPECTED[check]:
        assert any(expected in line for line in fired), (expected, fired)
    assert len(fired) == len(EXPECTED[check]), fired
    assert checked["sound"][check] == []


def test_a_line_break_after_a_hyphen_is_not_a_broken_word(browser: Any, check_pages: str) -> None:
    tab = Tab(browser, 375)
    tab.open(f"{check_pages}sound/")
    lines = tab.page.evaluate(
        """() => {
          const range = document.createRange();
          range.selectNodeContents(document.getElementById("hyphen"));
          return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size;
        }"""
    )
    found = broken_words(tab.page)
    tab.close()
    assert lines == 2, "long-term should take two lines in its cell"
    assert found == []


# ---------------------------------------------------------------- the published site


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built from a copy of its sources as they are (nothing is
    written into the checkout); or, when PLANPRESS_JOURNEY_COMMIT names a commit, from the
    sources at that commit, to read the site an earlier planpress publishes."""
    commit = os.environ.get("PLANPRESS_JOURNEY_COMMIT")
    source = copy_sources(tmp_path_factory.mktemp("source") / "planpress", commit)
    return build_distributions(source, tmp_path_factory.mktemp("wheel"), wheel_only=True)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> dict[str, str]:
    """A fresh virtual environment with the runtime lock's packages and the wheel; the
    environment commands run in (its own HOME, git author and no git configuration)."""
    return fresh_environment(tmp_path_factory.mktemp("journey-home"), wheel)


def meetings_text(count: int) -> str:
    """data/meetings.yml of the second partnership: the meetings of MEETINGS (the last is the
    one already in its data), of which the first `count` publish their versions, then its
    later meetings."""
    held = yaml.safe_load((OTHER_DATA / "meetings.yml").read_text(encoding="utf-8"))
    assert held[0]["id"] == MEETINGS[-1][0]
    meetings = []
    for number, (meeting_id, day, version, title, stage) in enumerate(MEETINGS, start=1):
        if meeting_id == held[0]["id"]:
            meeting = dict(held[0])
        else:
            meeting = {
                "id": meeting_id,
                "date": day,
                "body": held[0]["body"],
                "title": f"Growth Board, {day}",
                "status": "held",
                "recommendations": [
                    {
                        "id": "a",
                        "text": f"That the Growth Board endorses the {stage} plan.",
                        "outcome": "endorsed",
                    }
                ],
                "publishes": {"version": version, "title": f"{title} ({day[:7]})", "stage": stage},
                "illustrative": True,
            }
        if number > count:
            del meeting["publishes"]
        meetings.append(meeting)
    return "# Board meetings of the journey test.\n\n" + yaml.safe_dump(
        meetings + held[1:], sort_keys=False, allow_unicode=True
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 (a free port), and the site's address in it, /plan/."""
    folder = tmp_path_factory.mktemp("served")
    with serve(folder) as origin:
        yield folder / SITE_PATH, f"{origin}/{SITE_PATH}/"


@pytest.fixture(scope="module")
def published(fresh: dict[str, str], served: tuple[Path, str]) -> Path:
    """The second partnership's site, written by `planpress new`, its three versions published
    for the served address; gh-pages, written out where it is served."""
    home = Path(fresh["PLANPRESS_TEST_HOME"])
    env = {**fresh, "PLANPRESS_SITE_URL": served[1]}
    ok(run(["planpress", "new", "site"], home, env))
    site = home / "site"
    shutil.rmtree(site / "data")
    shutil.copytree(OTHER_DATA, site / "data")
    for count, (meeting_id, *_) in enumerate(MEETINGS, start=1):
        (site / "data" / "meetings.yml").write_text(meetings_text(count), encoding="utf-8")
        ok(run(["git", "add", "-A", "data"], site, env))
        ok(run(["git", "commit", "--quiet", "-m", f"Data for {meeting_id}"], site, env))
        ok(run(["planpress", "publish", meeting_id], site, env))
    archive = subprocess.run(
        ["git", "archive", "gh-pages"], cwd=site, env=env, capture_output=True, check=True
    ).stdout
    pages = served[0]
    pages.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(pages)], input=archive, check=True)
    return pages


def site_pages(pages: Path) -> list[str]:
    """Every folder of the published tree that holds index.html, as a path under the site's
    address ("" for the root)."""
    folders = (path.parent.relative_to(pages).as_posix() for path in pages.rglob("index.html"))
    return sorted("" if folder == "." else folder + "/" for folder in folders)


def screenshot_name(page: str, width: int) -> str:
    """`VERSION_PAGE_WIDTH.png`: the version folder, the page's path with "-" for "/"."""
    version, _, rest = page.strip("/").partition("/")
    return f"{version or 'root'}_{rest.replace('/', '-') or 'home'}_{width}.png"


def where(page: str, tab: Tab, site_url: str) -> str:
    """The page and the width, for a report: `latest/plan/ at 375 px`; a page that sent the
    reader elsewhere (the root, to latest/) names where it led."""
    landed = tab.page.url.removeprefix(site_url)
    led = f" (led to {landed or '/'})" if landed != page else ""
    return f"{page or '/'}{led} at {tab.width} px"


@dataclass
class Journey:
    """What reading every page at every width found."""

    pages: list[str]
    failures: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CHECKS})
    seconds: float = 0.0


@pytest.fixture(scope="module")
def journey(
    browser: Any, published: Path, served: tuple[Path, str], fresh: dict[str, str]
) -> Journey:
    """Every page, in a tab 375 px wide and one 1280 px wide side by side, each checked and
    photographed; then every address they name fetched once."""
    site_url = served[1]
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    # the folders of this run: the environment's home, the checkout and the user's home
    paths = [fresh["PLANPRESS_TEST_HOME"] + "/", f"{ROOT}/"]
    paths += [f"{Path.home()}/"] if len(Path.home().parts) > 1 else []
    started = time.perf_counter()
    found = Journey(site_pages(published))
    tabs = [Tab(browser, width) for width in WIDTHS]
    addresses: dict[str, set[str]] = {}
    for page in found.pages:
        # The two tabs load side by side; axe-core works on one while the other is checked.
        for tab in tabs:
            tab.go(site_url + page)
        for tab in tabs:
            tab.settle()
        for tab in tabs:
            at = where(page, tab, site_url)
            results, named = check_page(tab, site_url, paths)
            for check, lines in results.items():
                found.failures[check] += [f"{at}: {line}" for line in lines]
            for address in named:
                addresses.setdefault(address, set()).add(page or "/")
            tab.page.screenshot(path=OUTPUT / screenshot_name(page, tab.width), full_page=True)
            axe_start(tab.page)
        for tab in tabs:
            at = where(page, tab, site_url)
            found.failures["axe"] += [f"{at}: {line}" for line in axe_violations(tab.page)]
            found.failures["console errors"] += [f"{at}: {line}" for line in tab.console_errors()]
    for tab in tabs:
        tab.close()
    found.failures["addresses"] = unresolved(addresses, site_url)
    found.seconds = time.perf_counter() - started
    (OUTPUT / "report.json").write_text(
        json.dumps({"pages": found.pages, "failures": found.failures}, indent=2) + "\n",
        encoding="utf-8",
    )
    (OUTPUT / "report.txt").write_text(report(found), encoding="utf-8")
    return found


def report(found: Journey) -> str:
    lines = [f"{len(found.pages)} pages at {WIDTHS} px in {found.seconds:.0f} s"]
    for check in CHECKS:
        lines += ["", f"{check}: {len(found.failures[check])} failures"]
        lines += [f"  {line}" for line in found.failures[check]]
    return "\n".join(lines) + "\n"


def test_the_journey_reads_every_page_of_every_version(journey: Journey, published: Path) -> None:
    versions = json.loads((published / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == [m[2] for m in reversed(MEETINGS)]
    folders = {page.split("/", 1)[0] for page in journey.pages}
    assert {m[2] for m in MEETINGS} | {"latest", "approved"} <= folders
    for folder in ("latest", "approved", *[m[2] for m in MEETINGS]):
        assert f"{folder}/plan/" in journey.pages
    shots = {path.name for path in OUTPUT.glob("*.png")}
    assert len(shots) == len(journey.pages) * len(WIDTHS)
    print(f"\n{len(journey.pages)} pages, {len(shots)} screenshots in {journey.seconds:.0f} s")


@pytest.mark.parametrize("check", CHECKS)
def test_no_page_fails(journey: Journey, check: str) -> None:
    failures = journey.failures[check]
    assert not failures, (
        f"{check}: {len(failures)} failures (test-output/journey/report.txt has every check's)\n"
        + "\n".join(failures)
    )


def test_each_version_shows_its_seal_from_seals_json(
    browser: Any, published: Path, served: tuple[Path, str]
) -> None:
    """The footer of each version's pages quotes the short seal that seals.json lists for it
    (the seal is made after the version's files, so the page reads it from there)."""
    index = json.loads((published / "seals.json").read_text(encoding="utf-8"))
    shorts = {entry["version"]: entry["short"] for entry in index["versions"]}
    tab = Tab(browser, 375)
    try:
        for _, _, version, *_ in MEETINGS:
            tab.open(f"{served[1]}{version}/plan/")
            value = tab.page.locator(".pp-seal__value.pp-seal__code")
            value.wait_for(state="attached")
            assert value.text_content() == shorts[version]
            assert not tab.console_errors()
    finally:
        tab.close()
