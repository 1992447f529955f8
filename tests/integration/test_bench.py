"""The benchmark's synthetic plans pass `planpress check` and are the same for a seed, and a
run that leaves a figure unmeasured is told (`make bench-quick`, run by .ci/run, runs the
quick benchmark end to end and fails then)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from report import print_report, unmeasured

GENERATOR = ROOT / "benchmarks" / "generate_plan.py"


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


def saved_run() -> dict:
    return json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))


def test_every_figure_of_the_saved_run_is_measured_and_a_missing_one_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`make bench-quick` (run by .ci/run, end to end) fails when a figure is not measured;
    the committed full run has every figure, and its report prints."""
    results = saved_run()
    assert unmeasured(results) == []
    print_report(results)
    assert "| check / bare parse (CPU; wall) |" in capsys.readouterr().out

    broken = saved_run()
    broken["sizes"]["100"]["pdf_seconds"] = None
    broken["sizes"]["1000"]["loads_per_build"] = 2
    broken["sizes"]["100"]["home"]["js"] = 0
    broken["publish"]["seconds"] = broken["publish"]["seconds"][:-1]
    broken["targets"] = [t for t in broken["targets"] if t["target"] != "page"]
    assert unmeasured(broken) == [
        "pdf_seconds at 100 actions",
        "home page js at 100 actions",
        "loads_per_build at 1000 actions is not 1",
        "a time for each published version",
        "target page",
    ]
