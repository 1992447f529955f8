"""The search index: Pagefind's, made after every build in the site's pagefind/ folder.

The example site has it (and not Material's search/search_index.json, the whole site's text in
one file); each action is a record of its own, made from the plan, whose text, title and
filters are what Pagefind reads of its card; a site whose mkdocs.yml still lists Material's
`search` plugin builds with --strict, the plugin switched off; and when the indexer fails, the
build fails with one line that says so, without a traceback.
"""

from __future__ import annotations

import asyncio
import gzip
import inspect
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from pagefind.service import PagefindService

from planpress.adapters import search, search_service, search_text
from planpress.adapters.search import action_records
from planpress.adapters.search_text import card_texts
from planpress.core.plancache import require_plan
from planpress.render.text import plain_label

ROOT = Path(__file__).resolve().parents[2]


def test_built_site_has_its_own_pagefind_index_and_no_lunr_index(example_site: Path) -> None:
    bundle = example_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert any((bundle / "index").glob("*.pf_index"))
    assert any((bundle / "fragment").glob("*.pf_fragment"))
    assert any((bundle / "filter").glob("*.pf_filter"))
    assert not (example_site / "search" / "search_index.json").exists()
    # no ready-made Pagefind interface is published: the dialog is planpress's own
    assert not list(bundle.glob("pagefind-*ui*"))
    # a plan of fewer than PART_SIZE actions has an index of one part
    assert json.loads((bundle / search.PARTS).read_text(encoding="utf-8")) == {"parts": []}
    assert not list(bundle.glob("part-*"))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = [p for p in example_site.rglob("*.html") if p != example_site / "404.html"]
    actions = require_plan(ROOT / "data")[0].actions
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(pages) + len(
        actions
    )


def _records(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """The records of an index (its fragments: gzipped, "pagefind_dc" then JSON), by URL."""
    found = {}
    for path, content in files.items():
        if path.startswith("fragment/"):
            raw = gzip.decompress(content)
            record = json.loads(raw[raw.index(b"{") :])
            found[record["url"]] = record
    return found


def _built_records(site: Path) -> dict[str, dict[str, Any]]:
    bundle = site / "pagefind"
    return _records({p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*.*")})


def test_each_action_is_a_record_made_from_the_plan_linking_to_its_card(
    example_site: Path,
) -> None:
    plan = require_plan(ROOT / "data")[0]
    records = _built_records(example_site)
    by_page = action_records(plan)  # by the URL of the card's page, by id
    made = {action_id: r for page in by_page.values() for action_id, r in page.items()}
    assert set(made) == {a.id for a in plan.actions}
    assert all(a.id in by_page[f"plan/{a.group}/"] for a in plan.actions)
    for action in plan.actions:
        link = f"plan/{action.group}/#{action.id}"
        record = records[link]  # the record's URL is its card's, as is the link the dialog follows
        assert record["meta"] == {"title": f"{action.id} {action.title}", "link": link}
        assert record["filters"] == made[action.id].filters
        assert record["filters"]["status"] == [plain_label(action.status)]
        assert set(record["filters"]) == {"status", "rag", "theme", "strand", "group", "owner"}
        assert record["content"].startswith(f"{action.id} {action.title}. ")
    # on its page, the card is left out of the page's own record
    action = plan.actions[0]
    page = (example_site / "plan" / action.group / "index.html").read_text(encoding="utf-8")
    assert f'id="{action.id}" data-pagefind-ignore="all"' in page
    assert action.title not in records[f"/plan/{action.group}/"]["content"]


async def _pagefind_reads(documents: dict[str, str]) -> dict[str, dict[str, Any]]:
    """What Pagefind makes of each of `documents` (HTML by URL), given as a page of its own."""
    service = search_service.Service()
    await service.launch()
    try:
        index = await service.create_index(search.CONFIG)
        for url, html in documents.items():
            await index.add_html_file(content=html, url=url)
        files = await index.get_files()
    finally:
        await service.stop()
    return _records({file["path"]: file["content"] for file in files})


def test_an_action_record_is_what_pagefind_reads_of_its_card(example_site: Path) -> None:
    """The record's text, title and filters (from the plan) are what Pagefind itself reads of
    the card, cut out of its page as a page of its own: its data-pagefind-* attributes, and
    its text, with the lists of actions in it left out and its title weighted as a heading."""
    plan = require_plan(ROOT / "data")[0]
    built = _built_records(example_site)
    by_group = Counter(a.group for a in plan.actions)
    for group in sorted(by_group, key=by_group.__getitem__)[-2:]:  # the two largest
        text = (example_site / "plan" / group / "index.html").read_text(encoding="utf-8")
        ids = {a.id for a in plan.actions if a.group == group}
        language, cards = card_texts(text, ids)
        assert language == "en" and set(cards) == ids
        documents = {}
        for card in lxml.html.document_fromstring(text).iterfind(".//article[@id]"):
            if card.get("id") in ids:
                del card.attrib["data-pagefind-ignore"]
                documents[card.get("id")] = (
                    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>'
                    "<main data-pagefind-body>"
                    f"{lxml.html.tostring(card, encoding='unicode', with_tail=False)}"
                    "</main></body></html>"
                )
        assert set(documents) == ids
        # in a thread of its own: a browser test run before this one may leave its event loop
        # running in this thread
        with ThreadPoolExecutor(max_workers=1) as apart:
            read = apart.submit(asyncio.run, _pagefind_reads(documents)).result()
        for action_id in ids:
            record = built[f"plan/{group}/#{action_id}"]
            assert record["content"] == read[action_id]["content"], action_id
            assert record["word_count"] == read[action_id]["word_count"], action_id
            assert record["meta"]["title"] == read[action_id]["meta"]["title"]
            assert record["filters"] == read[action_id]["filters"]
            # the title, an h3, weighs in the record as in the card (5, in Pagefind's markers)
            assert cards[action_id].startswith(f"___PAGEFIND_AUTO_WEIGHT___5 {action_id} ")
            assert "___PAGEFIND" not in record["content"]


def test_the_pagefind_package_still_has_what_planpress_replaces_in_it() -> None:
    """adapters/search.py reads the service's answers with a reader of its own (the package's
    waits 0.1 s for each): the names it relies on are still the package's."""
    assert inspect.iscoroutinefunction(PagefindService._wait_for_responses)
    launch = inspect.getsource(PagefindService.launch)
    send = inspect.getsource(PagefindService.send)
    assert "self._wait_for_responses()" in launch and "self._poll_task" in launch
    assert "self._backend" in launch and "self._responses[message_id]" in send


def test_the_excluded_selectors_are_all_understood() -> None:
    assert len(search_text._EXCLUSIONS) == len(search_text.EXCLUDED)


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "site"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "macros", "data"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    return project


def _build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    unset = ("PLANPRESS_VERSION", "MIKE_DOCS_VERSION", "PLANPRESS_SITE_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "built"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )


def test_a_site_still_listing_material_search_builds_with_it_switched_off(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - search\n" not in text
    config.write_text(text.replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8")
    done = _build(project)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Material's `search` plugin is switched off" in done.stderr
    assert not (project / "built" / "search" / "search_index.json").exists()
    assert (project / "built" / "pagefind" / "pagefind.js").is_file()


def test_a_failing_indexer_fails_the_build_in_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    done = _build(project, PAGEFIND_BINARY_PATH=shutil.which("false") or "/bin/false")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "never retrieved" not in output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output[-3000:]
    assert "planpress: the search index could not be built: Pagefind failed" in errors[0]


def test_the_index_is_used_only_once_pagefind_has_finished_writing_it(tmp_path: Path) -> None:
    """Pagefind says it has written the index while its last writes may still be under way:
    the index is taken once no file in it is held open by the process writing it."""
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    writer = subprocess.Popen(  # opens a file of the index, writes it 1 s later, then lingers
        [sys.executable, "-c", "import sys, time\n"
         "f = open(sys.argv[1], 'w'); print('open', flush=True); time.sleep(1)\n"
         "f.write('{\"languages\": {\"en\": {}}}'); f.close(); time.sleep(30)",
         str(bundle / "pagefind-entry.json")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "open\n"
        (bundle / "pagefind.js").write_text("//", encoding="utf-8")
        with pytest.raises(search_service.SearchIndexError, match="incomplete: 1 empty files"):
            search_service.check_written(bundle)  # what stopping Pagefind now would leave
        search._run_apart(lambda: search_service.writes_ended(writer.pid, bundle))
        assert writer.poll() is None  # still running: waited for the file, not the process
        search_service.check_written(bundle)
        assert json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        with pytest.raises(search_service.SearchIndexError, match="within 1 s"):
            held = subprocess.Popen(
                [sys.executable, "-c", "import sys, time; f = open(sys.argv[1], 'a'); "
                 "print('open', flush=True); time.sleep(30)", str(bundle / "pagefind.js")],
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                assert held.stdout is not None and held.stdout.readline() == "open\n"
                search._run_apart(lambda: search_service.writes_ended(held.pid, bundle, within=1))
            finally:
                held.kill()
                held.wait()
    finally:
        writer.kill()
        writer.wait()


def test_the_action_records_are_split_in_even_parts_of_a_size_in_their_pages_order() -> None:
    records = action_records(require_plan(ROOT / "data")[0])
    flat = [(url, i) for url in sorted(records) for i in records[url]]
    for size in (1, 7, 10, len(flat) - 1, len(flat), len(flat) + 5):
        parts = search.split(records, size)
        assert len(parts) == max(1, -(-len(flat) // size))  # as few as hold them
        sizes = [sum(map(len, part.values())) for part in parts]
        assert max(sizes) <= size and max(sizes) - min(sizes) <= len(parts)  # as even as can be
        assert [(url, i) for p in parts for url in p for i in p[url]] == flat
        assert all(p[url][i] is records[url][i] for p in parts for url in p for i in p[url])
    assert search.split({}, 10) == [{}]
