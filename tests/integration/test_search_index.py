"""The search index: Pagefind's, made after every build in the site's pagefind/ folder.

The example site has it (and not Material's search/search_index.json, the whole site's text in
one file); each action is a record of its own; a site whose mkdocs.yml still lists Material's
`search` plugin builds with --strict, the plugin switched off; and when the indexer fails, the
build fails with one line that says so, without a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from planpress.adapters.search import card_records
from planpress.core.load import require_plan

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
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = [p for p in example_site.rglob("*.html") if p != example_site / "404.html"]
    actions = require_plan(ROOT / "data")[0].actions
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(pages) + len(
        actions
    )


def test_each_action_card_is_a_record_linking_to_its_card(example_site: Path) -> None:
    plan = require_plan(ROOT / "data")[0]
    action = plan.actions[0]
    page = f"plan/{action.group}/index.html"
    text = (example_site / page).read_text(encoding="utf-8")
    records = dict(card_records(page, text))
    assert set(records) == {a.id for a in plan.actions if a.group == action.group}
    record = records[action.id]
    assert f'content="plan/{action.group}/#{action.id}"' in record
    assert 'data-pagefind-ignore="all"' not in record  # ignored on its page, not in its record
    assert 'data-pagefind-filter="status"' in record and "data-pagefind-body" in record
    # on the page itself, the card is left out of the page's own record
    assert f'id="{action.id}" data-pagefind-ignore="all"' in text


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
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output[-3000:]
    assert "planpress: the search index could not be built: Pagefind failed" in errors[0]
