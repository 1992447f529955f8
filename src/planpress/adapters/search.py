"""The site's search index: Pagefind, run on the built site after every build.

Pagefind splits the index into small files, so that a search downloads only the parts of the
index its words need (assets/javascripts/search.js asks for them), not the whole index.

What is indexed (the templates mark it with `data-pagefind-*` attributes):
- every page's main content (`data-pagefind-body`), not its navigation, header or footer, and
  not the 404 page; what only repeats actions (the rows of the tables of actions, the
  prospectus's asks, lists of actions) is left out, since each action has its own record
  (below): a search for an action finds it, not every page that lists it;
- each action as a record of its own, made from its card on its sub-group's page: its id and
  title as the result's title, its card's text, the card's link (`page/#ACTION-ID`) and its
  filters (status, RAG rating, theme, strand, sub-group, owner). On its page the card is left
  out of the page's own record (`data-pagefind-ignore="all"`), so an action is found once.

The pages and the cards' records are written to a scratch folder laid out as the site, indexed
there with Pagefind's command line, and the index is written to `pagefind/` in the site.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

BUNDLE = "pagefind"  # the index's folder in the built site (one per version with mike)
# Pagefind's own folder in the scratch copy: the cards' records, under a path no page has.
RECORDS = "_pp-actions"
# What repeats actions, each of which has a record of its own: the rows of the tables of
# actions, the prospectus's asks (cards or rows; an action's record holds its ask and pitch)
# and the inline lists of actions (an organisation's on the partners page, dependencies).
EXCLUDED = ("tr[data-status]", "article.pp-ask", "tr[id^='ask-']", "ul.pp-inline-list")
SKIPPED = {"404.html"}
# Pagefind's own ready-made interfaces, which the site does not use (its dialog is its own).
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")

_CARD = re.compile(
    r'<article class="pp-card pp-action" id="(?P<id>[^"]+)"(?P<attrs>[^>]*)>.*?</article>', re.S
)
_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')
_IGNORED = ' data-pagefind-ignore="all"'


class SearchIndexError(Exception):
    """The index could not be made: the message says why, in one line."""


def _executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None:
        raise SearchIndexError("Pagefind is not installed (pip install 'pagefind[bin]')")
    return str(found)


def page_url(relative: str) -> str:
    """The URL of a built page, relative to the site's root, as its links give it."""
    if relative == "index.html":
        return ""
    return relative.removesuffix("index.html")


def card_records(page: str, text: str) -> list[tuple[str, str]]:
    """Each action card on a built page as a small document of its own: (action id, HTML).

    The document's `link` is where the card is (its page and the `#ACTION-ID` anchor); the
    card's own attributes give its title and its filters.
    """
    found = []
    lang = _LANG.search(text)
    language = html.escape(lang.group(1) if lang else "en")
    for match in _CARD.finditer(text):
        card = match.group(0).replace(_IGNORED, "", 1)
        link = html.escape(f"{page_url(page)}#{match.group('id')}")
        found.append(
            (
                html.unescape(match.group("id")),
                f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
                f'<meta data-pagefind-meta="link[content]" content="{link}"></head>'
                f"<body><main data-pagefind-body>{card}</main></body></html>",
            )
        )
    return found


def build_index(site_dir: Path) -> dict[str, int]:
    """Index the built site in `site_dir` into `site_dir/pagefind/`: how many pages and actions.

    Raises SearchIndexError, with a one-line reason, when Pagefind fails.
    """
    executable = _executable()
    bundle = site_dir / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    with tempfile.TemporaryDirectory(prefix="planpress-search-") as scratch:
        counts = _copy_pages(site_dir, Path(scratch))
        _run_pagefind(executable, Path(scratch), bundle)
    return counts


def index_copy(site_dir: Path, lock: Any, running: list[Any] | None = None) -> dict[str, int]:
    """`build_index` for a site that changes meanwhile (a preview's): its pages are copied
    while `lock` is held, indexed without it, and the new index swapped in while it is held
    again. `running` is given the Pagefind process while it runs, so that it can be stopped."""
    executable = _executable()
    with tempfile.TemporaryDirectory(
        prefix="planpress-search-", ignore_cleanup_errors=True
    ) as scratch:
        root = Path(scratch) / "site"
        with lock:
            counts = _copy_pages(site_dir, root)
        made = Path(scratch) / BUNDLE
        _run_pagefind(executable, root, made, running)
        with lock:
            bundle = site_dir / BUNDLE
            if bundle.exists():
                shutil.rmtree(bundle)
            shutil.move(str(made), str(bundle))
    return counts


def _copy_pages(site_dir: Path, root: Path) -> dict[str, int]:
    """The site's pages, and a page per action card, in `root`, laid out as the site."""
    counts = {"pages": 0, "actions": 0}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative in SKIPPED or relative.startswith(BUNDLE + "/"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        counts["pages"] += 1
        for number, (_action, document) in enumerate(card_records(relative, text)):
            record = root / RECORDS / relative.removesuffix(".html") / f"{number}.html"
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(document, encoding="utf-8")
            counts["actions"] += 1
    return counts


def _run_pagefind(
    executable: str, root: Path, bundle: Path, running: list[Any] | None = None
) -> None:
    """Index the pages in `root` into `bundle` (`running`: see `index_copy`)."""
    command = [executable, "--site", str(root), "--output-path", str(bundle), "--quiet"]
    # A hyphen is part of a word: an action id (BUS-01) is one word, found in one chunk of
    # the index, not as its parts ("bus", "01": the latter in every action's id).
    # Hyphenated words are still found by each part too.
    command += ["--include-characters", "-"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env={**os.environ, "NO_COLOR": "1"},
        )
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be run ({executable}: {exc})") from None
    if running is not None:
        running.append(process)
    try:
        stdout, stderr = process.communicate(timeout=1800)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise SearchIndexError("Pagefind did not finish within 30 minutes") from None
    finally:
        if running is not None:
            running.remove(process)
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        lines = [line.strip() for line in (stderr + stdout).splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()]
        reason = (errors or lines or [f"exit status {process.returncode}"])[-1]
        raise SearchIndexError(f"Pagefind failed: {reason}")
    for pattern in UNUSED:
        for unused in bundle.glob(pattern):
            unused.unlink()
