"""The benchmark's synthetic plans pass `planpress check`, are the same for a seed, and the
quick benchmark runs end to end (`make bench-quick` runs it in full)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import ROOT

GENERATOR = ROOT / "benchmarks" / "generate_plan.py"
BENCH = ROOT / "benchmarks" / "bench.py"


def generate(n: int, out: Path, seed: int = 1) -> dict:
    done = subprocess.run(
        [sys.executable, str(GENERATOR), str(n), str(out), "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.yml")}


def test_a_generated_plan_passes_planpress_check(tmp_path):
    shape = generate(250, tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "planpress", "check", "--data", str(tmp_path / "data")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems (250 actions" in done.stderr
    assert shape["actions"] == 250
    assert shape["sub_groups"] == 6
    assert len(list((tmp_path / "data" / "actions").glob("*.yml"))) == shape["sub_groups"]
    assert 0 < shape["asks"] < 250


def test_the_generator_is_deterministic_for_a_seed(tmp_path):
    generate(120, tmp_path / "one", seed=7)
    generate(120, tmp_path / "two", seed=7)
    generate(120, tmp_path / "other", seed=8)
    one = files_of(tmp_path / "one")
    assert one == files_of(tmp_path / "two")
    assert one != files_of(tmp_path / "other")
    assert set(one) == set(files_of(tmp_path / "other"))


def test_the_quick_benchmark_runs_end_to_end(tmp_path):
    """One repeat of each command and two published versions: every figure is measured."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--repeats", "1", "--versions", "2"]
        + ["--json", str(out), "--no-page"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    figures = results["sizes"]["100"]
    for key in (
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
    ):
        assert figures[key], key
    assert figures["loads_per_build"] == 1
    assert figures["home"]["html"] > 0 and figures["home"]["css"] > 0 and figures["home"]["js"] > 0
    assert len(results["publish"]["seconds"]) == len(results["publish"]["cpu_seconds"]) == 2
    assert {t["target"] for t in results["targets"]} >= {"check", "build-1k", "page", "publish"}
    assert "| check / bare parse (CPU; wall) |" in done.stdout
