"""The site's search index: Pagefind's, made through its Python API after every build.

Pagefind splits the index into small files, so that a search downloads only the parts of the
index its words need (assets/javascripts/search.js asks for them), not the whole index. Given:
- every built page but the 404 page (`add_html_file`, with its URL), of which it reads the main
  content (`data-pagefind-body`), not the navigation, header or footer, nor what only repeats
  actions (EXCLUDED: tables of actions, the prospectus's asks, lists of actions);
- each action as a record of its own (`add_custom_record`), made from the plan: its card's link
  (`page/#ACTION-ID`), "ID title", its filters (status, RAG rating, theme, strand, sub-group,
  owner) in the words its card shows, and its card's text as Pagefind reads a page's. On its
  page the card is left out of the page's record (`data-pagefind-ignore="all"`): an action is
  found once, not on every page that lists it.
The index is written to `pagefind/` in the site, less Pagefind's ready-made interfaces.

Pagefind holds all of an index in memory while it writes it, about 0.1 MB an action: a plan of
more than PART_SIZE actions is indexed in even parts of at most PART_SIZE actions, made one after
another, each by a Pagefind of its own, so that the indexer's memory does not grow with the plan.
The first part, in `pagefind/`, has the pages and the first actions; each further part, in
`pagefind/part-N/`, the next actions. `pagefind/parts.json` lists the further parts (none for
most plans), which search.js merges into the first as the search loads (Pagefind's `mergeIndex`).
Each part of an index in parts also holds a record of the site's words that its own records do
not hold (SiteWords), which `parts.json` tells the search to leave out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import get_executable

from planpress.adapters.search_service import SearchIndexError, Service, check_written, writes_ended
from planpress.adapters.search_text import (
    EXCLUDED,
    WORDS_FILTER,
    WORDS_URL,
    SiteWords,
    card_texts,
)
from planpress.core.model import Plan
from planpress.render import RECORD_KINDS, Site, one_line, plain_label

BUNDLE = "pagefind"  # the index's folder in the built site (one per version with mike)
# Actions in one part of the index at most: Pagefind's peak memory is about 80 MB for the pages
# and 0.1 MB an action, and each further part adds an index chunk (about 16 KB) to a search.
PART_SIZE = 3500
PARTS = "parts.json"  # in the index's folder: {"parts": ["part-2/", …]}, the further parts
PART_ONLY = ("*.js", "wasm.*")  # a further part needs no scripts: the first part's run it
SKIPPED = {"404.html"}
# Pagefind's own ready-made interfaces, which the site does not use (its dialog is its own).
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")
# A hyphen is part of a word: an action id (BUS-01) is one word, in one chunk of the index, not
# its parts ("01" is in every action's id); a hyphenated word is still found by each part too.
CONFIG: IndexConfig = {"exclude_selectors": list(EXCLUDED), "include_characters": "-"}
NAMED = (("group", "group"), ("strand", "strand"), ("theme", "theme"), ("owner", "org"))  # kinds


@dataclass(frozen=True)
class ActionRecord:
    """An action's search record, but for its card's text (`card_texts`, from its page)."""

    id: str
    title: str  # "ID title"
    filters: dict[str, list[str]]


Records = dict[str, dict[str, ActionRecord]]  # by the URL of their cards' page, by id


def action_records(plan: Plan, directory_urls: bool = True) -> Records:
    """Each action whose card is on a page of its own (its sub-group's), with the filters its
    card shows (the names of its sub-group, strand, theme and owner, its status and rating), by
    the URL of that page relative to the site's root ("plan/skills/"), by id."""
    site = Site(plan, directory_urls=directory_urls)
    found: Records = {}
    for action in plan.actions:
        page, anchor = RECORD_KINDS["action"].place(site.index, action.id)
        if anchor != action.id:
            continue
        filters = {key: one_line(site.name(kind, getattr(action, key))) for key, kind in NAMED}
        filters["status"] = plain_label(action.status)
        filters["rag"] = plain_label(action.rag) or "Not rated"
        title = f"{action.id} {one_line(action.title)}"
        kept = {key: [value] for key, value in filters.items() if value}
        found.setdefault(site.url_of(page), {})[action.id] = ActionRecord(action.id, title, kept)
    return found


T = TypeVar("T")


def _run_apart(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`work()` run to its end in an event loop of its own: in a thread of its own when this
    thread already runs one (a build made from a program that has its own loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index") as apart:
        return apart.submit(lambda: asyncio.run(work())).result()


def build_index(
    site_dir: Path,
    plan: Plan,
    *,
    directory_urls: bool = True,
    lock: Any = None,
    running: list[Any] | None = None,
    part_size: int = PART_SIZE,
) -> dict[str, int]:
    """Index the built site in `site_dir` into `site_dir/pagefind/`: how many pages, actions
    and parts.

    For a site that changes meanwhile (a preview's), `lock` is held while its pages are read and
    while the new index is swapped in; `running` is given Pagefind's process (its `kill()`)
    while it runs. Raises SearchIndexError, with a one-line reason, when Pagefind fails.
    """
    parts = split(action_records(plan, directory_urls), part_size)
    counts = {"pages": 0, "actions": 0, "parts": len(parts)}
    words = SiteWords() if len(parts) > 1 else None  # read from the pages as the first part is
    # written beside the site (on its file system: moved in, not copied), swapped in whole
    with tempfile.TemporaryDirectory(prefix=".planpress-search-", dir=site_dir.parent) as scratch:
        made = Path(scratch) / BUNDLE
        for number, records in enumerate(parts, start=1):
            bundle = made if number == 1 else Path(scratch) / f"part-{number}"
            done = _run_apart(
                partial(_index, site_dir, records, bundle, lock, running, number, words)
            )
            unused = UNUSED if number == 1 else PART_ONLY
            for path in [path for pattern in unused for path in bundle.glob(pattern)]:
                path.unlink()
            if number > 1:
                shutil.move(bundle, made / bundle.name)
            counts["pages"] += done["pages"]
            counts["actions"] += done["actions"]
        further = [f"part-{number}/" for number in range(2, len(parts) + 1)]
        listed: dict[str, Any] = {"parts": further}
        if further:
            listed["exclude"] = dict([WORDS_FILTER])
        (made / PARTS).write_text(json.dumps(listed) + "\n", encoding="utf-8")
        with lock or contextlib.nullcontext():
            if (site_dir / BUNDLE).exists():
                shutil.rmtree(site_dir / BUNDLE)
            shutil.move(made, site_dir / BUNDLE)
    return counts


def split(records: Records, size: int) -> list[Records]:
    """The action records in as few parts of `size` at most as hold them, as even as can be, in
    the order of their pages' URLs and of their cards on a page: always one part, empty if there
    are no records."""
    total = sum(map(len, records.values()))
    size = math.ceil(total / max(1, math.ceil(total / size))) or size  # as even as can be
    parts: list[Records] = [{}]
    held = 0
    for url in sorted(records):
        for action_id, record in records[url].items():
            if held == size:
                parts.append({})
                held = 0
            parts[-1].setdefault(url, {})[action_id] = record
            held += 1
    return parts


async def _index(
    site_dir: Path,
    records: Records,
    bundle: Path,
    lock: Any,
    running: list[Any] | None,
    number: int = 1,
    words: SiteWords | None = None,
) -> dict[str, int]:
    """Give Pagefind the pages (read while `lock` is held) and the actions, or, for a further
    part (`number` > 1), only the actions of `records`, and `words` as a record of their own
    (read from the pages in the first part); write the index."""
    if get_executable() is None:
        raise SearchIndexError("Pagefind is not installed (pip install 'pagefind[bin]')")
    service = Service()
    try:
        await service.launch()
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be run ({service._bin}: {exc})") from None
    stopper = SimpleNamespace(kill=partial(os.kill, service._backend.pid, signal.SIGKILL))
    running = [] if running is None else running
    running.append(stopper)
    try:
        async with asyncio.timeout(1800):
            index = await service.create_index(CONFIG)
            pages = _pages(site_dir, None if number == 1 else set(records))
            if lock is not None:  # the pages as they are now: a preview writes pages meanwhile
                with lock:
                    pages = iter(list(pages))
            counts = await _add_site(index, pages, records, with_pages=number == 1, words=words)
            await index.write_files(str(bundle))
            await writes_ended(service._backend.pid, bundle)
    except TimeoutError:
        raise SearchIndexError("Pagefind did not finish within 30 minutes") from None
    except OSError:  # its pipe closed: the process ended
        raise await service.failed() from None
    finally:
        running.remove(stopper)
        await service.stop()
    check_written(bundle)
    return counts


def _pages(site_dir: Path, only: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """Each built page but the 404 page (or those of `only`): its URL (relative to the site's
    root) and its HTML."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative not in SKIPPED and not relative.startswith(BUNDLE + "/"):
            url = relative.removesuffix("index.html") if path.name == "index.html" else relative
            if only is None or url in only:
                yield url, path.read_text(encoding="utf-8", errors="replace")


async def _add_site(
    index: PagefindIndex,
    pages: Iterator[tuple[str, str]],
    records: Records,
    *,
    with_pages: bool = True,
    words: SiteWords | None = None,
) -> dict[str, int]:
    """Each page (unless not `with_pages`), and each action of `records` whose card is on one:
    sent without waiting for the answers (read in the order sent), the next page's cards read
    meanwhile, two pages ahead at most."""
    counts, sent, own = {"pages": 0, "actions": 0}, [], set[str]()
    for url, text in pages:
        calls = []
        if with_pages:
            calls.append(asyncio.ensure_future(index.add_html_file(content=text, url="/" + url)))
            counts["pages"] += 1
            if words is not None:
                await asyncio.to_thread(words.read, text)
        cards: dict[str, str] = {}
        if url in records:
            language, cards = await asyncio.to_thread(card_texts, text, records[url])
        for action_id, content in cards.items():
            if words is not None:
                own.update(words.words_of(content))
            link, record = f"{url}#{action_id}", records[url][action_id]
            meta = {"title": record.title, "link": link}
            calls.append(asyncio.ensure_future(index.add_custom_record(url=link, content=content,
                         language=language, meta=meta, filters=record.filters)))  # fmt: skip
        counts["actions"] += len(cards)
        sent.append(asyncio.gather(*calls, return_exceptions=True))
        if len(sent) > 2:
            _raise_any(await sent.pop(0))
    for batch in sent:
        _raise_any(await batch)
    if words is not None:  # the site's words, left out of every search (search.js)
        key, value = WORDS_FILTER
        await index.add_custom_record(url=WORDS_URL, content=words.content(own),
                                      language=words.language or "en", meta={"title": ""},
                                      filters={key: [value]})  # fmt: skip
    return counts


def _raise_any(answers: list[Any]) -> None:
    for failed in (answer for answer in answers if isinstance(answer, BaseException)):
        raise failed
