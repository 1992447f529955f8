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


def _publish_evidence(r: dict[str, Any]) -> str:
    publish = r.get("publish") or {}
    cpu = publish.get("cpu_seconds") or []
    if len(cpu) < 2:
        return ""
    return (
        f"In this run each publish took {trend(cpu):+.2f} s of CPU per version more than the one "
        "before (least squares); CPU seconds of each: " + ", ".join(f"{s:.1f}" for s in cpu) + "."
    )


TARGETS = (
    Target(
        "check",
        "planpress check at 10,000 actions within 1.5x the bare CSafeLoader parse (CPU time)",
        1.5,
        lambda r: _size(r, 10_000, "check_over_bare"),
        "The work load_plan (macros/load.py) does beyond the parse, in Python: building values "
        "from the node tree (_Builder in macros/yamlfile.py), pydantic validation and the "
        "checks across records (macros/checks.py); and the cyclic garbage collector, which "
        "load_plan pauses since commit 635c28a (before it, the collector walked the growing "
        "node trees again and again: 62% of load_plan's time at 10,000 actions). Profile with "
        "`python -m cProfile -s cumtime -m macros.cli check --data DIR`.",
        _check_evidence,
    ),
    Target(
        "build-1k",
        "build at 1,000 actions within 1.2x the pre-rendered build (CPU time)",
        1.2,
        lambda r: _size(r, 1_000, "build_over_static"),
        "The macros' cost is proportional to the HTML they write, and they write most of it "
        "twice over: each action's card on its sub-group page (group_page.html, "
        "action_card.html), and again in the tables of every action on plan/index.md (three "
        "times: by theme, group and owner), the timeline, the partners page and the prospectus. "
        "Profiled with cProfile at 1,000 actions, the hot spots in macros/render_site.py are "
        "polish() (splits all of a macro's HTML on tags in Python, then runs the glossary's "
        "regular expression over each text), Site.href (posixpath.relpath for every link) and "
        "Site.source_path (Path.resolve() on disk for every action card). Recommended: stop "
        "listing every action on the overview pages (see the page-size target); in Site, cache "
        "source_path by file and href by target page; in polish(), run the glossary's "
        "expression only over text that can contain a term. (The partners page and "
        "Site.dependents_of scanned every action for every organisation and every card: "
        "indexed since commit 635c28a.)",
        _layer_evidence(1_000),
    ),
    Target(
        "build-10k",
        "build at 10,000 actions within 1.5x the pre-rendered build (CPU time)",
        1.5,
        lambda r: _size(r, 10_000, "build_over_static"),
        "As at 1,000 actions, and more so, because the pages that list every action grow with "
        "the plan while MkDocs holds each whole; and each of the 250 sub-group pages gets its "
        "own Site (macros/__init__.py, define_env's `sites`), which builds dicts of every "
        "record and copies every record's location, and now its own indexes of every action "
        "by group and by dependency: work that grows with pages x actions (see the memory "
        "target for the change recommended).",
        _layer_evidence(10_000),
    ),
    Target(
        "growth",
        "build time at 10,000 actions within 12x of 1,000 (CPU time)",
        12,
        lambda r: _ratio(
            _size(r, 10_000, "build_cpu_seconds"), _size(r, 1_000, "build_cpu_seconds")
        ),
        "Two things grow faster than the plan: the pages that list every action, which MkDocs "
        "holds whole and which Markdown's md_in_html and the search plugin's HTML parser each "
        "parse in full (while each of the growing number of pages renders the whole "
        "navigation), and a Site per page, each building lookups over every record (pages x "
        "actions). Splitting those pages (see the page-size target) and sharing one plan-wide "
        "index between the pages' Sites (see the memory target) address both.",
        _growth_evidence,
    ),
    Target(
        "memory",
        "peak memory of the build under 500 MB at 10,000 actions",
        500,
        lambda r: _size(r, 10_000, "build_peak_mb"),
        "Three things, measured at 10,000 actions. (1) A Site per page: define_env "
        "(macros/__init__.py) keeps a Site for every page it renders, and each Site "
        "(macros/render_site.py, Site.__init__) builds its own dicts of every action, "
        "organisation, group and meeting, copies the locations of every record and, since "
        "635c28a, indexes every action by group and dependency: 250 Sites hold about 225 MB. "
        "Recommended: build those lookups once per build (a plan-wide index "
        "made in define_env, with dependents and actions by group, owner and partner) and make "
        "Site a per-page view that refers to it. (2) load_plan (macros/load.py) creates the "
        "plan's records while every file's YAML node tree is alive, so the 35 MB of records "
        "stay scattered over the memory that held the trees: the process keeps about 245 MB "
        "after loading, against 90 MB for a compact copy of the same plan. Recommended: drop "
        "each file's node tree once it is validated (keep the line of each record, and "
        "re-compose a file's text only to place a problem), which also keeps fewer objects "
        "alive while loading. (3) The pages that list every action, held whole as Markdown, "
        "element tree and HTML: the pre-rendered build's own peak (see the page-size target).",
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
        "load_plan_cached (macros/load.py) reloaded the plan within one build: a file under "
        "data/ changed during the build, or the cache key changed.",
    ),
    Target(
        "publish",
        "the 30th publish within 1.5x the 1st (CPU time, median of three neighbours each)",
        1.5,
        lambda r: _publish_ratio(r, 30),
        "Each publish reads every earlier release record (the whole plan, as JSON) and "
        "compares each version with the one before (macros/edition.py, macros/releases.py).",
        _publish_evidence,
    ),
    Target(
        "page",
        "no page over 2 MB of HTML at 10,000 actions",
        2 * MB,
        lambda r: (_size(r, 10_000, "largest") or {}).get("html"),
        "Pages that list every action in full. Recommended, keeping every action's detail on "
        "its sub-group page: docs/plan/index.md keeps the counts and the table of sub-groups "
        "and drops the three tables of every action (actions_by_theme, actions_by_group and "
        "actions_by_owner in macros/render_pages.py list each action three times), or has "
        "them generated as pages of at most 1,000 rows; the timeline (macros/render_timeline.py"
        ") charts and tabulates each sub-group's span and the milestones, with a sub-group's "
        "actions on its own page; partners.html gives each organisation the number of actions "
        "it owns and joins with links to the sub-group pages, not every action; the "
        "prospectus's asks go on one page per theme.",
        _page_evidence,
    ),
    Target(
        "quick",
        "make bench-quick (the CI run) under 2 minutes",
        120,
        lambda r: r["total_seconds"] if r["mode"] == "quick" else None,
        "The machine was busier or slower than the one the target was set on.",
    ),
)


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
    ("GC during the build (s)", lambda s: _s(s["build_gc_seconds"])),
    ("peak memory of the build", lambda s: _mb(s["build_peak_mb"])),
    ("peak memory, pre-rendered", lambda s: _mb(s["static_build_peak_mb"])),
    ("plan loads per build", lambda s: str(s["loads_per_build"])),
    ("serve: save to page shown (s)", lambda s: _s(s.get("serve_round_trip_seconds"))),
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
    ("search index", lambda s: _kb(s["search_index_bytes"])),
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
    if target["target"] in ("memory",):
        return f"{value:,.0f} MB"
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
        "repeats of each command, alternated).",
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
