"""The benchmark's figures as a table, its targets met or missed, and the Performance page."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1_000_000


def _size(results: dict[str, Any], n: int, key: str) -> Any:
    return (results["sizes"].get(str(n)) or {}).get(key)


def _ratio(a: Any, b: Any) -> float | None:
    return a / b if a is not None and b else None


def around(seconds: list[float], version: int) -> float:
    """The median of the three publishes around `version` (itself, for fewer than 6)."""
    if len(seconds) < 6:
        return seconds[version - 1]
    lo = max(0, min(version - 2, len(seconds) - 3))
    near = sorted(seconds[lo : lo + 3])
    return near[len(near) // 2]


def _storage(results: dict[str, Any], versions: int, actions: int) -> float | None:
    """The gh-pages branch's checked-out bytes, for a run that published enough versions of a
    large enough plan (None otherwise)."""
    publish = results.get("publish") or {}
    if publish.get("versions", 0) < versions or publish.get("actions", 0) < actions:
        return None
    bytes_: float | None = publish.get("gh_pages_tree_bytes")
    return bytes_


def _storage_evidence(r: dict[str, Any]) -> str:
    publish = r.get("publish") or {}
    if not publish:
        return ""
    return (
        f"In this run {publish['versions']} versions of a plan of {publish['actions']:,} actions "
        f"took {publish['gh_pages_tree_bytes'] / MB:,.1f} MB checked out "
        f"({publish['gh_pages_files']:,} files) and {publish['gh_pages_history_bytes'] / MB:,.1f} "
        "MB of git history."
    )


def _publish_ratio(results: dict[str, Any], version: int) -> float | None:
    seconds = (results.get("publish") or {}).get("cpu_seconds") or []
    return around(seconds, version) / around(seconds, 1) if len(seconds) >= version else None


def trend(seconds: list[float]) -> float:
    """Seconds more (or less) per version, by least squares."""
    n = len(seconds)
    mean_x, mean_y = (n - 1) / 2, sum(seconds) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(seconds)) / spread if spread else 0


@dataclass(frozen=True)
class Target:
    key: str
    text: str
    limit: float
    measured: Callable[[dict[str, Any]], float | None]
    why: str  # the cause found by profiling, and the change recommended: shown when missed
    evidence: Callable[[dict[str, Any]], str] = lambda r: ""  # figures of this run behind it


def _check_evidence(r: dict[str, Any]) -> str:
    s = r["sizes"].get("10000") or {}
    if "load_seconds" not in s:
        return ""
    share = s["load_gc_seconds"] / s["load_seconds"]
    return (
        f"In this run, at 10,000 actions, load_plan took {s['load_seconds']:.1f} s of CPU in a "
        f"fresh process, {s['load_gc_seconds']:.1f} s of it ({share:.0%}) in the garbage "
        f"collector ({s['load_gc_full']} full collections); the bare parse took "
        f"{s['bare_parse_cpu_seconds']:.1f} s and `planpress check` {s['check_cpu_seconds']:.1f} s."
    )


def _layer_evidence(n: int) -> Callable[[dict[str, Any]], str]:
    def evidence(r: dict[str, Any]) -> str:
        s = r["sizes"].get(str(n)) or {}
        if "build_seconds" not in s:
            return ""
        added = s["build_cpu_seconds"] - s["static_build_cpu_seconds"]
        pages = ", ".join(
            f"{page.removesuffix('.md')} {seconds:.1f} s"
            for page, seconds in list(s.get("macro_seconds_by_page", {}).items())[:4]
        )
        return (
            f"In this run, at {n:,} actions, the data layer added {added:.0f} s of CPU to a "
            f"{s['static_build_cpu_seconds']:.0f} s build of the same pages; the macros took "
            f"{s.get('macro_seconds', 0):.0f} s in all, most on {pages}."
        )

    return evidence


def _growth_evidence(r: dict[str, Any]) -> str:
    small, large = r["sizes"].get("1000") or {}, r["sizes"].get("10000") or {}
    if "build_seconds" not in small or "build_seconds" not in large:
        return ""
    layer_small = small["build_cpu_seconds"] - small["static_build_cpu_seconds"]
    layer_large = large["build_cpu_seconds"] - large["static_build_cpu_seconds"]
    static_growth = large["static_build_cpu_seconds"] / small["static_build_cpu_seconds"]
    return (
        f"In this run, from 1,000 to 10,000 actions, the pre-rendered build's CPU time grew "
        f"{static_growth:.1f}x and the time the data layer adds {layer_large / layer_small:.1f}x "
        f"(wall time: {large['build_seconds'] / small['build_seconds']:.1f}x); the pages grew from "
        f"{small['pages']} to {large['pages']} and the largest from "
        f"{small['largest']['html'] / MB:.1f} MB to {large['largest']['html'] / MB:.1f} MB."
    )


def _memory_evidence(r: dict[str, Any]) -> str:
    s = r["sizes"].get("10000") or {}
    if "build_peak_mb" not in s:
        return ""
    return (
        f"In this run, at 10,000 actions, the pre-rendered build of the same pages peaked at "
        f"{s['static_build_peak_mb']:,.0f} MB without any data layer, and `planpress check` "
        f"(the plan alone) at {s['check_peak_mb']:,.0f} MB."
    )


def _page_evidence(r: dict[str, Any]) -> str:
    over = (r["sizes"].get("10000") or {}).get("over_limit") or {}
    shown = ", ".join(
        f"{page.removesuffix('index.html')} {size / MB:.1f} MB" for page, size in over.items()
    )
    return f"Pages over 2 MB at 10,000 actions in this run: {shown}." if over else ""


def _search_evidence(r: dict[str, Any]) -> str:
    s = r["sizes"].get("10000") or {}
    queries = s.get("search_queries") or {}
    if not queries:
        return ""
    return (
        "In this run, at 10,000 actions: "
        + "; ".join(
            f"“{query}” {figures['bytes'] / 1000:,.0f} KB in {figures['files']} files"
            for query, figures in queries.items()
        )
        + "."
    )


def _publish_evidence(r: dict[str, Any]) -> str:
    publish = r.get("publish") or {}
    cpu = publish.get("cpu_seconds") or []
    if len(cpu) < 2:
        return ""
    return (
        f"In this run each publish took {trend(cpu):+.2f} s of CPU per version more than the one "
        "before (least squares); CPU seconds of each: " + ", ".join(f"{s:.1f}" for s in cpu) + "."
    )


_PREVIEW_WHY = (
    "The preview (planpress/adapters/preview.py) loads the plan again (parsing only the file "
    "that changed), renders every page that shows the plan as a whole and the sub-group pages "
    "the edit affects (render/affected.py), then writes the open data files; the sub-group "
    "page is written last, so the time shown is the whole rebuild. Its log line (the figures' "
    "serve_said) says how many pages it rendered; profile Preview.render_changes to see which "
    "page's macros take the time."
)


TARGETS = (
    Target(
        "check",
        "planpress check at 10,000 actions within 1.5x the bare CSafeLoader parse (CPU time)",
        1.5,
        lambda r: _size(r, 10_000, "check_over_bare"),
        "The work load_plan (planpress/core/load.py) does beyond the parse, in Python: building "
        "values from the node tree (_Builder in planpress/core/yamlvalues.py), pydantic validation "
        "and the checks across records (planpress/core/checks.py); and the cyclic garbage "
        "collector, which "
        "load_plan pauses since commit 635c28a (before it, the collector walked the growing "
        "node trees again and again: 62% of load_plan's time at 10,000 actions). Profile with "
        "`python -m cProfile -s cumtime -m planpress check --data DIR`.",
        _check_evidence,
    ),
    Target(
        "build-1k",
        "build at 1,000 actions within 1.2x the pre-rendered build (CPU time)",
        1.2,
        lambda r: _size(r, 1_000, "build_over_static"),
        "What the data layer adds to a build is, first, a fixed part: importing pydantic and "
        "the model (which builds its validators), mkdocs-macros (which imports requests) and "
        "the templates, about half a second in all; then loading and validating the plan "
        "(load_plan, about 0.25 s per 1,000 actions) and the macros, most of their time on the "
        "action cards of the group pages (templates/action_card.html, about 0.3 ms each). At "
        "1,000 actions that is about a fifth of a 5 s build, and a pair of builds on a shared "
        "machine varies by 0.1x either way (see each pair). Profile with `python -m cProfile "
        "-s tottime -m mkdocs build` in a generated project (benchmarks/generate_plan.py).",
        _layer_evidence(1_000),
    ),
    Target(
        "build-10k",
        "build at 10,000 actions within 1.5x the pre-rendered build (CPU time)",
        1.5,
        lambda r: _size(r, 10_000, "build_over_static"),
        "As at 1,000 actions: loading the plan (about 2.5 s) and rendering 10,000 action "
        "cards on 250 group pages; the fixed part matters less.",
        _layer_evidence(10_000),
    ),
    Target(
        "growth",
        "build time at 10,000 actions within 12x of 1,000 (CPU time)",
        12,
        lambda r: _ratio(
            _size(r, 10_000, "build_cpu_seconds"), _size(r, 1_000, "build_cpu_seconds")
        ),
        "Something in the data layer grows faster than the plan: compare the pre-rendered "
        "build's growth with the data layer's below, and profile the macros by page (the "
        "figures' macro_seconds_by_page in the JSON).",
        _growth_evidence,
    ),
    Target(
        "memory",
        "peak memory of the build under 500 MB at 10,000 actions",
        500,
        lambda r: _size(r, 10_000, "build_peak_mb"),
        "The peak is the larger of the build's own Python and its search indexer: Pagefind, "
        "a child process of the build (adapters/search.py), whose peak the build's counts, "
        "holds one part of the index (at most 3,500 actions' records: PART_SIZE) while "
        "it writes it; the pre-rendered build runs the same indexer "
        "(benchmarks/search_hook.py), so compare its peak below. "
        "Beyond that: the plan's records (about 90 MB at 10,000 actions), the lookups shared "
        "by every page (PlanIndex in planpress/render/index.py) and the pages MkDocs holds "
        "whole.",
        _memory_evidence,
    ),
    Target(
        "loads",
        "the plan loaded and validated once per build, not once per page",
        1,
        lambda r: max(
            (s["loads_per_build"] for s in r["sizes"].values() if "loads_per_build" in s),
            default=None,
        ),
        "load_plan_cached (planpress/core/plancache.py) reloaded the plan within one build: a file "
        "under data/ changed during the build, or the cache key changed.",
    ),
    Target(
        "publish",
        "the 30th publish within 1.5x the 1st (CPU time, median of three neighbours each)",
        1.5,
        lambda r: _publish_ratio(r, 30),
        "Each publish reads every earlier release record (the whole plan, as JSON) and "
        "compares each version with the one before (planpress/versions/build.py, "
        "planpress/versions/published.py).",
        _publish_evidence,
    ),
    Target(
        "pdf-memory",
        "prospectus PDF peak memory under 500 MB at 10,000 actions",
        500,
        lambda r: _size(r, 10_000, "pdf_peak_mb"),
        "WeasyPrint holds every page's layout (each element's computed style and its text "
        "boxes) until the PDF is written, because the tags of the tagged PDF are built from it; "
        "the asks tables are laid out with fixed columns and, above the list limit, one line "
        "of facts per ask (templates/pdf/prospectus.html). Profile with tracemalloc around "
        "render_prospectus_html() and write_pdf() in planpress/render/pdf/prospectus.py.",
    ),
    Target(
        "pdf-growth",
        "prospectus PDF time at 10,000 actions within 10x of 1,000 (CPU time)",
        10,
        lambda r: _ratio(_size(r, 10_000, "pdf_cpu_seconds"), _size(r, 1_000, "pdf_cpu_seconds")),
        "The layout of the asks tables grows with the number of pages; compare the pages at "
        "each size (the figures' pdf_pages).",
    ),
    Target(
        "storage",
        "60 published versions of a 1,000-action plan under GitHub Pages' 1 GB (the gh-pages "
        "branch checked out)",
        1000 * MB,
        lambda r: _storage(r, 60, 1_000),
        "Each version is a whole copy of its site (mike's model): look at what one version's "
        "site holds (the figures' whole-site size, and the search index in pagefind/), and at "
        "the files that are the same in every version (the theme's assets), which git stores "
        "once but a checkout holds once per version.",
        _storage_evidence,
    ),
    Target(
        "page",
        "no page over 2 MB of HTML at 10,000 actions",
        2 * MB,
        lambda r: (_size(r, 10_000, "largest") or {}).get("html"),
        "A page that lists records one by one grew past 2 MB: the overview pages list each "
        "action only up to list_actions_up_to (plan.yml; 300 by default) and count them above "
        "it, and each group's page lists its own actions, so look for a page that lists "
        "something else in full (organisations, meetings, asks) and count it above a limit too.",
        _page_evidence,
    ),
    Target(
        "search",
        "a first search (an action id, or a word of its title) downloads under 300 KB at "
        "10,000 actions",
        300_000,
        lambda r: _size(r, 10_000, "search_first_query_bytes"),
        "What a first search downloads (measure.py's search_transfer, in Chromium) is "
        "Pagefind's script, worker and WebAssembly (about 160 KB whatever the plan's size), "
        "its meta file (which grows with the number of records: every page and every action), "
        "the index chunks holding the words typed, and the fragments of the results shown "
        "(javascripts/search.js shows 10 at a time). Look at the figures' search_queries in "
        "the JSON for the files and bytes of each query, and at what each action's record "
        "holds (templates/action_card.html, adapters/search.py).",
        _search_evidence,
    ),
    Target(
        "preview-1k",
        "planpress serve at 1,000 actions: from saving an action's file to its pages rebuilt "
        "under 2 s",
        2,
        lambda r: _size(r, 1_000, "serve_round_trip_seconds"),
        _PREVIEW_WHY,
    ),
    Target(
        "preview-10k",
        "planpress serve at 10,000 actions: from saving an action's file to its pages rebuilt "
        "under 10 s",
        10,
        lambda r: _size(r, 10_000, "serve_round_trip_seconds"),
        _PREVIEW_WHY,
    ),
    Target(
        "quick",
        "make bench-quick (the CI run, which fails when it takes longer) under 2 minutes",
        120,
        lambda r: r["total_seconds"] if r["mode"] == "quick" else None,
        "The machine was busier or slower than the one the target was set on.",
    ),
)


# The figures every run measures at every size (the serve round trip may be left out above the
# mode's limit, with a note that says why).
FIGURES = (
    "check_seconds",
    "check_cpu_seconds",
    "bare_parse_seconds",
    "build_seconds",
    "build_cpu_seconds",
    "static_build_seconds",
    "macro_seconds",
    "build_peak_mb",
    "serve_round_trip_seconds",
    "pdf_seconds",
    "search_index_bytes",
)
REQUIRED_TARGETS = {"check", "build-1k", "page", "publish"}


def unmeasured(results: dict[str, Any]) -> list[str]:
    """What a run should have measured and did not: empty when every figure is there."""
    missing = []
    for size, figures in results["sizes"].items():
        for key in FIGURES:
            if key == "serve_round_trip_seconds" and figures.get("serve_note"):
                continue
            if not figures.get(key):
                missing.append(f"{key} at {size} actions")
        if figures.get("loads_per_build") != 1:
            missing.append(f"loads_per_build at {size} actions is not 1")
        home = figures.get("home") or {}
        missing += [
            f"home page {kind} at {size} actions"
            for kind in ("html", "css", "js")
            if not home.get(kind)
        ]
    publish = results.get("publish") or {}
    if len(publish.get("seconds", [])) != publish.get("versions") or len(
        publish.get("cpu_seconds", [])
    ) != publish.get("versions"):
        missing.append("a time for each published version")
    named = {target["target"] for target in results.get("targets", [])}
    missing += [f"target {name}" for name in sorted(REQUIRED_TARGETS - named)]
    return missing


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    evaluated = []
    for target in TARGETS:
        measured = target.measured(results)
        met = None if measured is None else measured <= target.limit
        if target.key == "memory" and measured is not None:
            met = measured < target.limit
        entry = {
            "target": target.key,
            "text": target.text,
            "limit": target.limit,
            "measured": measured,
            "met": met,
            "over_by": None if measured is None or met else measured / target.limit,
        }
        if met is False:
            entry["why"] = target.why
            entry["evidence"] = target.evidence(results)
        evaluated.append(entry)
    return evaluated


# ---------------------------------------------------------------- formatting


def _s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _pair(s: dict[str, Any], name: str) -> str:
    return f"{_s(s[name + '_seconds'])} / {_s(s[name + '_cpu_seconds'])}"


def _ratios(s: dict[str, Any], name: str) -> str:
    return f"{_x(s[name])} ({_x(s[name + '_wall'])})"


def _kb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1000:,.0f} KB"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"


ROWS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    (
        "sub-group pages / data files",
        lambda s: f"{s['shape']['sub_groups']:,} / {s['shape']['files']:,}",
    ),
    ("HTML pages built", lambda s: f"{s['pages']:,}"),
    ("planpress check (s, wall / CPU)", lambda s: _pair(s, "check")),
    ("bare CSafeLoader parse (s, wall / CPU)", lambda s: _pair(s, "bare_parse")),
    ("check / bare parse (CPU; wall)", lambda s: _ratios(s, "check_over_bare")),
    (
        "load_plan / its GC (s of CPU)",
        lambda s: f"{_s(s['load_seconds'])} / {_s(s['load_gc_seconds'])}",
    ),
    ("mkdocs build, data layer (s, wall / CPU)", lambda s: _pair(s, "build")),
    ("of which the macros (s of CPU)", lambda s: _s(s.get("macro_seconds"))),
    ("mkdocs build, pre-rendered (s, wall / CPU)", lambda s: _pair(s, "static_build")),
    ("build / pre-rendered (CPU; wall)", lambda s: _ratios(s, "build_over_static")),
    (
        "each pair of builds (CPU)",
        lambda s: ", ".join(_x(r) for r in s.get("build_over_static_pairs") or []) or "-",
    ),
    ("GC during the build (s)", lambda s: _s(s["build_gc_seconds"])),
    ("peak memory of the build", lambda s: _mb(s["build_peak_mb"])),
    ("peak memory, pre-rendered", lambda s: _mb(s["static_build_peak_mb"])),
    ("plan loads per build", lambda s: str(s["loads_per_build"])),
    ("serve: save to pages rebuilt (s)", lambda s: _s(s.get("serve_round_trip_seconds"))),
    ("planpress pdf (s)", lambda s: _s(s.get("pdf_seconds"))),
    (
        "prospectus asks / PDF pages",
        lambda s: f"{s['shape']['asks']:,} / {s.get('pdf_pages') or '-'}",
    ),
    ("home page HTML+CSS+JS", lambda s: _kb(s["home"]["total"])),
    ("home page HTML", lambda s: _kb(s["home"]["html"])),
    ("largest page HTML+CSS+JS", lambda s: _kb(s["largest"]["total"])),
    ("largest page HTML", lambda s: _kb(s["largest"]["html"])),
    ("largest page", lambda s: s["largest_page"].removesuffix("index.html") or "/"),
    ("pages over 2 MB of HTML", lambda s: str(len(s["over_limit"]))),
    ("search index, all its files", lambda s: _kb(s["search_index_bytes"])),
    ("first search downloads (Chromium)", lambda s: _kb(s.get("search_first_query_bytes"))),
    ("whole site", lambda s: _kb(s["site_bytes"])),
)


def figures_table(results: dict[str, Any]) -> list[str]:
    sizes = list(results["sizes"])
    head = "| actions | " + " | ".join(f"{int(n):,}" for n in sizes) + " |"
    lines = [head, "| --- |" + " ---: |" * len(sizes)]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(results["sizes"][n]) for n in sizes) + " |")
    return lines


def publish_lines(results: dict[str, Any]) -> list[str]:
    publish = results.get("publish")
    if not publish:
        return []
    wall, cpu = publish["seconds"], publish["cpu_seconds"]
    marks = [v for v in (1, 10, 30) if v <= len(wall)] or [1]
    if len(wall) not in marks:
        marks.append(len(wall))
    times = ", ".join(
        f"{_ordinal(v)} {around(wall, v):.1f} s ({around(cpu, v):.1f} s of CPU)" for v in marks
    )
    last = len(wall)
    return [
        f"planpress publish, {publish['versions']} versions of a plan of {publish['actions']:,} "
        f"actions{', each the median of three neighbours' if last >= 6 else ''}: {times}; "
        f"{_ordinal(last)} / 1st = "
        f"{around(cpu, last) / around(cpu, 1):.2f}x in CPU time, "
        f"{around(wall, last) / around(wall, 1):.2f}x in wall time; trend "
        f"{trend(cpu):+.2f} s of CPU per version. gh-pages: "
        f"{publish['gh_pages_tree_bytes'] / MB:,.1f} MB checked out "
        f"({publish['gh_pages_files']:,} files), {publish['gh_pages_history_bytes'] / MB:,.1f} MB "
        "of history in git."
    ]


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _measured(target: dict[str, Any]) -> str:
    value = target["measured"]
    if value is None:
        return "not measured"
    if target["target"] == "page":
        return f"{value / MB:,.1f} MB"
    if target["target"] in ("memory", "pdf-memory"):
        return f"{value:,.0f} MB"
    if target["target"] == "storage":
        return f"{value / MB:,.1f} MB"
    if target["target"] == "search":
        return f"{value / 1000:,.0f} KB"
    if target["target"] in ("preview-1k", "preview-10k"):
        return f"{value:.2f} s"
    if target["target"] == "quick":
        return f"{value:.0f} s"
    if target["target"] == "loads":
        return f"{value}"
    return f"{value:.2f}x"


def target_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    for t in results["targets"]:
        if t["met"] is None:
            lines.append(f"- {t['text']}: not measured in this run")
            continue
        detail = f"{'met' if t['met'] else 'MISSED'}: {_measured(t)}"
        if t["met"] is False:
            detail += f", {t['over_by']:.2f}x the target"
        lines.append(f"- {t['text']}: {detail}")
    return lines


def caps(results: dict[str, Any]) -> list[str]:
    """What was not measured, and why; for the PDF, what the largest one measured suggests."""
    notes = []
    made = [s for s in results["sizes"].values() if s.get("pdf_seconds")]
    for n, s in results["sizes"].items():
        if s.get("serve_note"):
            notes.append(f"- {int(n):,} actions: serve round trip {s['serve_note']}")
        if s.get("pdf_note"):
            note = f"- {int(n):,} actions: PDF {s['pdf_note']}"
            if made:
                base = made[-1]
                guess = base["pdf_seconds"] * s["shape"]["asks"] / base["shape"]["asks"]
                note += (
                    f"; at the rate measured for {base['shape']['asks']:,} asks it would take "
                    f"about {guess:,.0f} s"
                )
            notes.append(note)
    return notes


def print_report(results: dict[str, Any]) -> None:
    out = sys.stdout
    m = results["machine"]
    print(f"\nplanpress benchmark ({results['mode']}), {results['date']}", file=out)
    print(f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}", file=out)
    print("", file=out)
    for line in figures_table(results):
        print(line, file=out)
    for line in publish_lines(results):
        print("\n" + line, file=out)
    notes = caps(results)
    if notes:
        print("\nCapped:", file=out)
        for line in notes:
            print(line, file=out)
    print("\nTargets:", file=out)
    for line in target_lines(results):
        print(line, file=out)
    for t in results["targets"]:
        if t["met"] is False:
            print(f"\nWhy {t['target']} is missed: {t['why']} {t['evidence']}".rstrip(), file=out)
    print(f"\nwhole run: {results['total_seconds']:.0f} s", file=out)


def write_page(results: dict[str, Any], path: Path) -> None:
    """The Performance page: the latest figures, the machine, and the command to reproduce them."""
    m = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines = [
        "---",
        "render_macros: false",
        "---",
        "",
        "# Performance",
        "",
        "How planpress scales from one partnership's plan to a national programme's. The figures "
        "below come from planpress's benchmark, which writes synthetic plans of 100, 1,000 and "
        "10,000 actions (with organisations, sub-groups, meetings, milestones and prospectus asks "
        "in the proportions of a real plan), then checks, builds, serves, prints and publishes "
        "them. This page is written by the benchmark: do not edit it by hand.",
        "",
        "To reproduce the figures, in a clone of the repository:",
        "",
        "```sh",
        results["command"],
        "```",
        "",
        f"Measured on {results['date'][:10]}, commit {m['commit']}, on {m['cpu']} "
        f"({m['cores']} cores, {m['memory_gib']} GiB of memory), {m['system']}, "
        f"Python {m['python']}, {packages}. The machine was shared (load average "
        f"{', '.join(str(x) for x in m['load_average_at_start'])} at the start), so times vary "
        "from run to run: compare the ratios, each measured within the run (the best of the "
        "repeats of each command, alternated; for the build, the median of the ratios of each "
        "build with the data layer to the pre-rendered build run straight after it).",
        "",
        "## Figures",
        "",
        *figures_table(results),
        "",
        "Times are seconds of the whole command, including Python's start: wall-clock time, and "
        "CPU time (user and system, with the command's child processes), which other work on a "
        "shared machine disturbs far less; the ratios and targets use CPU time. The pre-rendered "
        "build is the same pages with their macros already rendered to Markdown, built without "
        "the macros plugin and the sub-group hook: the difference is the cost of the data layer. "
        "The build with the data layer can be the faster: it hands Markdown each macro's HTML "
        "as a placeholder (planpress/adapters/blocks.py), while the pre-rendered pages hold "
        "that HTML, which Markdown and MkDocs parse. "
        "Sizes are in bytes of the files as built (not compressed).",
        "",
        *publish_lines(results),
        "",
    ]
    notes = caps(results)
    if notes:
        lines += ["Not measured:", "", *notes, ""]
    lines += ["## Targets", "", *target_lines(results), ""]
    missed = [t for t in results["targets"] if t["met"] is False]
    if missed:
        lines += ["## Why a target is missed", ""]
        for t in missed:
            lines += [f"**{t['text']}.** {t['why']} {t['evidence']}".rstrip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
