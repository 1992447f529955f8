"""MkDocs hook used by the benchmark's first build of each plan (never by the site itself).

It does two things, and times itself so that the benchmark can subtract its cost:
- writes every page's Markdown as the macros rendered it (front matter put back) to
  `$PLANPRESS_BENCH_CAPTURE/docs/`, with the final navigation, site name and `extra` in
  `$PLANPRESS_BENCH_CAPTURE/capture.json`: the sources of the pre-rendered, macro-free build;
- counts how often the build loads and validates the plan (`planpress.core.load.load_plan`), reads a
  data file (`read_yaml`) and checks whether the data changed (`folder_signature`, a walk of data/),
  how long Python's cyclic garbage collector ran during the build, and the CPU time the macros
  took on each page (from `on_pre_page` to the end of the macros plugin's `on_page_markdown`).
"""

from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import event_priority

import planpress.core.load
import planpress.core.plancache
from planpress.adapters.blocks import expanded

OUT = Path(os.environ["PLANPRESS_BENCH_CAPTURE"])
COUNTS = {"load_plan": 0, "read_yaml": 0, "signature": 0}
SPENT = [0.0]  # seconds spent in this hook
PAGE_STARTED: dict[str, float] = {}
MACRO_SECONDS: dict[str, float] = {}
GC = {"seconds": 0.0, "full_collections": 0, "started": 0.0}


def _gc_timer(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        GC["started"] = time.perf_counter()
        return
    GC["seconds"] += time.perf_counter() - GC["started"]
    GC["full_collections"] += info["generation"] == 2


gc.callbacks.append(_gc_timer)


def _counting(name: str, function: Any) -> Any:
    def counted(*args: Any, **kwargs: Any) -> Any:
        COUNTS[name] += 1
        return function(*args, **kwargs)

    return counted


planpress.core.plancache.load_plan = _counting("load_plan", planpress.core.plancache.load_plan)
planpress.core.load.read_yaml = _counting("read_yaml", planpress.core.load.read_yaml)
planpress.core.plancache.folder_signature = _counting(
    "signature", planpress.core.plancache.folder_signature
)


@event_priority(100)
def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    PAGE_STARTED[page.file.src_uri] = time.process_time()
    return page


@event_priority(-100)  # after every plugin, so the macros have been rendered
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    now = time.process_time()
    MACRO_SECONDS[page.file.src_uri] = now - PAGE_STARTED.pop(page.file.src_uri, now)
    started = time.perf_counter()
    target = OUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in (page.meta or {}).items() if k != "render_macros"}
    head = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" if meta else ""
    # the macros' HTML, which Markdown sees only as placeholders in the build
    target.write_text(head + expanded(markdown, page), encoding="utf-8")
    SPENT[0] += time.perf_counter() - started
    return markdown


def _plain(value: Any) -> Any:
    """Config values as JSON (Markup as text, anything odd as its text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


@event_priority(-100)
def on_post_build(config: Any) -> None:
    started = time.perf_counter()
    SPENT[0] += time.perf_counter() - started
    captured = {
        "site_name": str(config["site_name"]),
        "site_description": str(config.get("site_description") or ""),
        "nav": _plain(config["nav"]),
        "extra": _plain(dict(config["extra"])),
        "counts": COUNTS,
        "hook_seconds": SPENT[0],
        "gc_seconds": GC["seconds"],
        "gc_full_collections": GC["full_collections"],
        "macro_seconds": MACRO_SECONDS,
    }
    (OUT / "capture.json").write_text(json.dumps(captured, indent=1), encoding="utf-8")
