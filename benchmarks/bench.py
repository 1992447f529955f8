"""planpress measures itself: check, build, serve, PDF and publish, for 100 to 10,000 actions.

    make bench                      # the full run (about an hour on 2 cores)
    make bench-quick                # 100 actions and 3 published versions, for CI (under 2 minutes)
    .venv/bin/python benchmarks/bench.py [--quick] [--sizes 100,1000] [--json PATH] [--page PATH]

For each size N it writes a synthetic plan (benchmarks/generate_plan.py) into a copy of the site,
then measures:
- `planpress check` against a bare CSafeLoader parse of the same files (each a fresh process);
- `mkdocs build --strict` of the site against the same pages pre-rendered to plain Markdown and
  built without the macros plugin and the sub-group hook (the cost of the data layer), the
  build's peak memory, and how many times it loaded the plan;
- the seconds from saving an action's file to its sub-group page showing the change under
  `planpress serve` (which writes that page after every other page the edit affects);
- `planpress pdf`, with the plan's prospectus asks (about a quarter of N);
- what the home page and the largest page weigh, the search index, and what a first search
  downloads (an action id, and a word of its title), measured in Chromium;
and, once, `planpress publish` of 60 versions of a 1,000-action plan (3 of 100 actions with
--quick) into a local repository.

Ratios are measured within one run, because the machine is shared and absolute times are noisy:
the best of the repeats of each command, alternated; for the build, the median of the ratios of
each build with the data layer to the pre-rendered build run straight after it. It prints a
table, checks the targets of the benchmark issue and says which it misses and by how much,
writes the figures as JSON (benchmarks/results.json) and, for the full run, the Performance
page (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from generate_plan import first_action, generate, retitle
from measure import (
    Run,
    clean_env,
    free_port,
    run_timed,
    search_transfer,
    serve_round_trip,
    site_weights,
)
from publish_versions import publish_series
from report import evaluate_targets, print_report, unmeasured, write_page

from planpress.adapters import plugin

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SITE_PARTS = ("mkdocs.yml", "docs", "macros")  # the site's own; the rest is the package
PAGE_LIMIT = 2_000_000  # bytes of HTML

FULL = {
    "sizes": (100, 1_000, 10_000),
    "versions": 60,
    "publish_actions": 1_000,
    "serve_max": 10_000,
}
QUICK = {"sizes": (100,), "versions": 3, "publish_actions": 100, "serve_max": 100}
# Repeats of each timed command (best of; pairs of builds), by size: fewer where a run takes
# minutes.
REPEATS = {100: 3, 1_000: 5, 10_000: 3}
# Above this many asks the PDF is not made (--pdf-max-asks): WeasyPrint's time is linear in the
# asks, and the 2,478 asks of the 10,000-action plan take 1 to 3 minutes (313 pages) and 1 GB.
PDF_MAX_ASKS = 3_000

BARE_PARSE = (
    "import pathlib, sys, yaml\n"
    "files = sorted(pathlib.Path(sys.argv[1]).rglob('*.y*ml'))\n"
    "values = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in files]\n"
)

# In a fresh process: load_plan's CPU time, and how much of it Python's garbage collector took.
PROBE_LOAD = """
import gc, json, sys, time
from planpress.core.load import load_plan
spent, began = [0.0, 0], [0.0]
def timer(phase, info):
    if phase == "start":
        began[0] = time.process_time()
    else:
        spent[0] += time.process_time() - began[0]
        spent[1] += info["generation"] == 2
gc.callbacks.append(timer)
started = time.process_time()
result = load_plan(sys.argv[1])
seconds = time.process_time() - started
print(json.dumps({"load_seconds": seconds, "load_gc_seconds": spent[0], "load_gc_full": spent[1]}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def planpress_command() -> list[str]:
    script = Path(PYTHON).with_name("planpress")
    return [str(script)] if script.exists() else [PYTHON, "-m", "planpress"]


# ---------------------------------------------------------------- projects


def make_project(folder: Path) -> Path:
    """A copy of the site's sources (the package linked, as in tests) for a generated plan."""
    folder.mkdir(parents=True)
    for part in SITE_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / part)
    return folder


def _config(path: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    with open(path, "rb") as handle:
        return yaml_load(handle)


def write_capture_config(project: Path) -> Path:
    """`capture.yml`: the site's config with benchmarks/capture_hook.py added to its hooks."""
    hooks = list(_config(project / "mkdocs.yml").get("hooks") or [])
    config = {"INHERIT": "mkdocs.yml", "hooks": [*hooks, str(HERE / "capture_hook.py")]}
    path = project / "capture.yml"
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    return path


def make_static_project(project: Path, capture: Path, folder: Path) -> Path:
    """The same pages as plain Markdown, built without the macros plugin or the hooks."""
    captured = json.loads((capture / "capture.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True)
    shutil.copy2(project / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(project / "docs", folder / "docs", ignore=shutil.ignore_patterns("*.md"))
    # planpress's stylesheets and scripts, as the plugin would add them
    shutil.copytree(plugin.ASSETS_DIR, folder / "docs", dirs_exist_ok=True)
    shutil.copytree(capture / "docs", folder / "docs", dirs_exist_ok=True)
    data_layer = ("macros", "planpress")
    plugins = [
        p
        for p in _config(project / "mkdocs.yml").get("plugins") or []
        if (p if isinstance(p, str) else next(iter(p))) not in data_layer
    ]
    theme = dict(_config(project / "mkdocs.yml").get("theme") or {})
    config = {
        "INHERIT": "mkdocs.yml",
        "site_name": captured["site_name"],
        "site_description": captured["site_description"],
        "theme": {**theme, "custom_dir": str(plugin.OVERRIDES_DIR)},
        "plugins": plugins,
        # the search index, made as planpress's plugin makes it, so that both builds index
        "hooks": [str(HERE / "search_hook.py")],
        "watch": [],
        "nav": captured["nav"],
        "extra": captured["extra"],
        "extra_css": list(plugin.EXTRA_CSS),
        "extra_javascript": list(plugin.EXTRA_JAVASCRIPT),
        "markdown_extensions": [
            {name: options} if options else name
            for name, options in plugin.MARKDOWN_EXTENSIONS.items()
        ],
    }
    (folder / "static.yml").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return folder / "static.yml"


# ---------------------------------------------------------------- measurements


def best(runs: list[Run]) -> float:
    return min(run.seconds for run in runs)


def best_cpu(runs: list[Run]) -> float:
    return min(run.cpu_seconds for run in runs)


def ensure_ok(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {run.returncode}):\n{run.tail()}")
    return run


def measure_check(data: Path, repeats: int) -> dict[str, Any]:
    """`planpress check` and a bare CSafeLoader parse of the same files, alternated."""
    check_runs, bare_runs = [], []
    for _ in range(repeats):
        check_runs.append(
            ensure_ok(run_timed([*planpress_command(), "check", "--data", str(data)], data.parent),
                      "planpress check")
        )  # fmt: skip
        bare_runs.append(ensure_ok(run_timed([PYTHON, "-c", BARE_PARSE, str(data)], data.parent),
                                   "the bare parse"))  # fmt: skip
    check, bare = best(check_runs), best(bare_runs)
    check_cpu, bare_cpu = best_cpu(check_runs), best_cpu(bare_runs)
    probe = ensure_ok(run_timed([PYTHON, "-c", PROBE_LOAD, str(data)], ROOT), "load_plan")
    return {
        **json.loads(probe.output.strip().splitlines()[-1]),
        "check_seconds": check,
        "bare_parse_seconds": bare,
        "check_cpu_seconds": check_cpu,
        "bare_parse_cpu_seconds": bare_cpu,
        "check_over_bare": check_cpu / bare_cpu,
        "check_over_bare_wall": check / bare,
        "check_peak_mb": max(r.peak_mb for r in check_runs),
    }


def measure_builds(project: Path, scratch: Path, repeats: int) -> dict[str, Any]:
    """The site with its data layer, and the same pages pre-rendered, built alternately."""
    capture = scratch / "capture"
    site = scratch / "site"
    build = [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir"]
    config = write_capture_config(project)
    first = ensure_ok(
        run_timed(
            [*build, str(site), "--config-file", str(config)],
            project,
            env=clean_env(PLANPRESS_BENCH_CAPTURE=str(capture)),
        ),
        "mkdocs build (with the capture hook)",
    )
    captured = json.loads((capture / "capture.json").read_text(encoding="utf-8"))
    # The run with the capture hook counts loads and times the macros; the hook's own work
    # (timing each macro and collection, writing each page's Markdown) is not the site's, so
    # the times compared come from the runs without it, each followed by the pre-rendered build.
    data_times: list[float] = []
    data_cpu: list[float] = []
    peaks = [first.peak_mb]
    static_config = make_static_project(project, capture, scratch / "static")
    static_site = scratch / "static-site"
    static_times, static_cpu, static_peaks = [], [], []
    for _ in range(repeats):
        again = ensure_ok(run_timed([*build, str(scratch / "site-again")], project),
                          "mkdocs build")  # fmt: skip
        data_times.append(again.seconds)
        data_cpu.append(again.cpu_seconds)
        peaks.append(again.peak_mb)
        static = ensure_ok(
            run_timed([*build, str(static_site), "--config-file", str(static_config)],
                      static_config.parent),
            "mkdocs build of the pre-rendered pages",
        )  # fmt: skip
        static_times.append(static.seconds)
        static_cpu.append(static.cpu_seconds)
        static_peaks.append(static.peak_mb)
    cpu_pairs = [a / b for a, b in zip(data_cpu, static_cpu, strict=True)]
    pages = sum(1 for _ in site.rglob("*.html"))
    static_pages = sum(1 for _ in static_site.rglob("*.html"))
    if pages != static_pages:
        raise RuntimeError(f"the pre-rendered build made {static_pages} pages, not {pages}")
    return {
        "build_seconds": min(data_times),
        "static_build_seconds": min(static_times),
        "build_cpu_seconds": min(data_cpu),
        "static_build_cpu_seconds": min(static_cpu),
        # Each build with the data layer is followed by the pre-rendered build: the ratio of
        # each such pair, and their median, which a burst of other work on a shared machine
        # disturbs far less than the ratio of the two fastest runs.
        "build_over_static": statistics.median(cpu_pairs),
        "build_over_static_wall": statistics.median(
            a / b for a, b in zip(data_times, static_times, strict=True)
        ),
        "build_over_static_pairs": [round(pair, 3) for pair in cpu_pairs],
        "build_over_static_fastest": min(data_cpu) / min(static_cpu),
        "build_peak_mb": max(peaks),
        "static_build_peak_mb": max(static_peaks),
        "build_gc_seconds": captured["gc_seconds"],
        "build_gc_full_collections": captured["gc_full_collections"],
        "macro_seconds": sum(captured["macro_seconds"].values()),
        "macro_seconds_by_page": dict(
            sorted(captured["macro_seconds"].items(), key=lambda item: -item[1])[:6]
        ),
        "loads_per_build": captured["counts"]["load_plan"],
        "files_read_per_build": captured["counts"]["read_yaml"],
        "data_walks_per_build": captured["counts"]["signature"],
        "site": str(site),
    }


def measure_serve(project: Path, data: Path, build_seconds: float) -> dict[str, Any]:
    """Seconds from saving one action's new title to its sub-group page showing it."""
    path, action_id, _title = first_action(data)
    original = path.read_text(encoding="utf-8")
    new_title = f"Retitled by the benchmark at {int(time.time())}"
    port = free_port()
    url = f"http://127.0.0.1:{port}/plan/{path.stem}/"  # planpress serve previews at the root
    command = [*planpress_command(), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    try:
        trip = serve_round_trip(
            command,
            project,
            url,
            before=f'id="{action_id}"',
            edit=lambda: retitle(path, action_id, new_title),
            after=new_title,
            timeout=max(120.0, 4 * build_seconds),
            # the search index is made in the background after the first build: edit once
            # it is made, as a secretariat would, rather than race it
            ready="planpress: search index of",
        )
    finally:
        path.write_text(original, encoding="utf-8")
    said = re.findall(r"planpress: (\d+ actions? changed: .*)", trip.log)
    return {
        "serve_first_page_seconds": trip.first_page_seconds,
        "serve_round_trip_seconds": trip.seconds,
        "serve_note": trip.note,
        "serve_said": said[-1].strip() if said else None,
    }


def search_queries(data: Path) -> list[str]:
    """What a reader types: the first action's id, and the longest word of its title."""
    _path, action_id, title = first_action(data)
    return [action_id, max(re.findall(r"[A-Za-z]{4,}", title) or [title], key=len).lower()]


def measure_pdf(data: Path, scratch: Path, asks: int, cap: int) -> dict[str, Any]:
    if asks > cap:
        return {
            "pdf_seconds": None,
            "pdf_note": f"not made: {asks:,} asks, over the cap of {cap:,} (--pdf-max-asks)",
        }
    target = scratch / "prospectus.pdf"
    run = ensure_ok(
        run_timed(
            [*planpress_command(), "pdf", "--data", str(data), "--out", str(target)], scratch
        ),
        "planpress pdf",
    )
    pages = re.search(r"\((\d+) pages", run.output)
    return {
        "pdf_seconds": run.seconds,
        "pdf_cpu_seconds": run.cpu_seconds,
        "pdf_pages": int(pages.group(1)) if pages else None,
        "pdf_bytes": target.stat().st_size,
        "pdf_peak_mb": run.peak_mb,
    }


def bench_size(
    n: int,
    scratch: Path,
    seed: int,
    serve_max: int,
    repeats: int | None = None,
    pdf_max_asks: int = PDF_MAX_ASKS,
) -> dict[str, Any]:
    folder = scratch / f"n{n}"
    project = make_project(folder / "project")
    data = project / "data"
    started = time.perf_counter()
    shape = generate(n, data, seed)
    result: dict[str, Any] = {
        "shape": shape.__dict__,
        "generate_seconds": time.perf_counter() - started,
    }
    repeats = repeats or REPEATS.get(n, 1)
    log(f"N={n:,}: planpress check and the bare parse ({repeats} each)")
    result.update(measure_check(data, repeats))
    log(f"N={n:,}: mkdocs build, with the data layer and pre-rendered ({repeats} each)")
    result.update(measure_builds(project, folder, repeats))
    site = Path(result.pop("site"))
    result.update(site_weights(site, PAGE_LIMIT))
    log(f"N={n:,}: a first search in Chromium (an action id, then a word of its title)")
    result.update(search_transfer(site, search_queries(data)))
    log(f"N={n:,}: planpress pdf ({shape.asks:,} asks)")
    result.update(measure_pdf(data, folder, shape.asks, pdf_max_asks))
    if n <= serve_max:
        log(f"N={n:,}: planpress serve, from saving an action to its pages rebuilt")
        result.update(measure_serve(project, data, result["build_seconds"]))
    else:
        result.update(
            {
                "serve_round_trip_seconds": None,
                "serve_note": f"not measured above {serve_max:,} actions in this run",
            }
        )
    shutil.rmtree(folder, ignore_errors=True)
    return result


def bench_publish(scratch: Path, actions: int, versions: int, seed: int) -> dict[str, Any]:
    data = scratch / "publish-data"
    generate(actions, data, seed)
    log(f"publish: {versions} versions of a plan of {actions:,} actions")
    result = publish_series(versions, data, log=lambda line: log(f"  {line}"))
    result["actions"] = actions
    return result


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        kib = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        memory = round(int(kib.group(1)) / 1024**2, 1) if kib else None
    except OSError:
        pass
    versions = {}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mike", "PyYAML", "pydantic",
                 "weasyprint"):  # fmt: skip
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    import yaml

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": versions,
        "commit": commit or None,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 actions, 3 versions (for CI)")
    parser.add_argument(
        "--sizes", help="comma-separated numbers of actions (instead of the mode's)"
    )
    parser.add_argument("--versions", type=int, help="versions to publish (60; 3 with --quick)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic plans (1)")
    parser.add_argument("--repeats", type=int, help="runs of each timed command (3, 2, then 1)")
    parser.add_argument(
        "--pdf-max-asks", type=int, default=PDF_MAX_ASKS, help=f"({PDF_MAX_ASKS:,})"
    )
    parser.add_argument("--json", type=Path, help="where to write the figures")
    parser.add_argument("--page", type=Path, help="where to write the Performance page")
    parser.add_argument("--no-page", action="store_true", help="do not write the page")
    parser.add_argument("--fail-on-miss", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="only print (and --page) a saved run again"
    )
    args = parser.parse_args(argv)
    mode = dict(QUICK if args.quick else FULL)
    if args.sizes:
        mode["sizes"] = tuple(int(s.replace("_", "")) for s in args.sizes.split(","))
    if args.versions is not None:
        mode["versions"] = args.versions
    json_path = args.json or (
        ROOT / "test-output" / "bench-quick.json" if args.quick else HERE / "results.json"
    )
    page_path = (
        None
        if args.no_page
        else args.page or (None if args.quick else ROOT / "docs" / "performance.md")
    )

    if args.report:
        results = json.loads(args.report.read_text(encoding="utf-8"))
        results["targets"] = evaluate_targets(results)
        print_report(results)
        if args.page:
            write_page(results, args.page)
        return 0

    started = time.perf_counter()
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "command": "make bench-quick" if args.quick else "make bench",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "machine": machine(),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="planpress-bench-") as scratch_name:
        scratch = Path(scratch_name)
        try:
            for n in mode["sizes"]:
                results["sizes"][str(n)] = bench_size(
                    n, scratch, args.seed, mode["serve_max"], args.repeats, args.pdf_max_asks
                )
            if mode["versions"]:
                results["publish"] = bench_publish(
                    scratch, mode["publish_actions"], mode["versions"], args.seed
                )
        except RuntimeError as exc:
            log(f"bench: {exc}")
            return 2
    results["total_seconds"] = time.perf_counter() - started
    results["targets"] = evaluate_targets(results)
    print_report(results)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {json_path}")
    if page_path is not None:
        write_page(results, page_path)
        log(f"wrote {page_path}")
    missed = [t for t in results["targets"] if t["met"] is False]
    missing = unmeasured(results)
    for what in missing:
        log(f"bench: not measured: {what}")
    return 1 if (missed or missing) and args.fail_on_miss else 0


if __name__ == "__main__":
    sys.exit(main())
