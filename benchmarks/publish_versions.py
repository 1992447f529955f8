"""Time `planpress publish` for the 1st to the Nth version into a local repository.

    python benchmarks/publish_versions.py [N] [--data DIR]

Builds a repository from the example's site sources and a plan's data (the second
partnership's, tests/fixtures/other/data, unless --data says otherwise), then for each of N
board meetings changes a few actions' titles, commits a meeting that publishes a version and
publishes it, as a secretariat does after each board. Prints the seconds each publish took and
the size of the gh-pages branch. `benchmarks/bench.py` runs the same with a synthetic plan.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from generate_plan import retitle
from measure import run_timed

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "other" / "data"
SITE_PARTS = ("mkdocs.yml", "docs", "macros")  # the site's own; the rest is the package
EDITS_PER_VERSION = 3


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def publish_series(
    count: int, data: Path = DATA, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Publish `count` versions of the plan in `data`, one per meeting; time each publish."""
    os.environ.update(
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )
    with tempfile.TemporaryDirectory(prefix="planpress-bench-publish-") as scratch:
        repo = Path(scratch) / "plan"
        repo.mkdir()
        for part in SITE_PARTS:
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / part)
        shutil.copytree(data, repo / "data")
        meetings = repo / "data" / "meetings.yml"
        base = _without_publishes(meetings.read_text(encoding="utf-8"))
        meetings.write_text(base, encoding="utf-8")
        actions = _action_ids(repo / "data" / "actions")
        git(repo, "init", "--quiet", "--initial-branch=main")
        git(repo, "add", "-A")
        git(repo, "commit", "--quiet", "-m", "data")
        body = next(
            line.split(":", 1)[1].strip()
            for line in base.splitlines()
            if line.strip().startswith("body:")
        )
        extra = ""
        times: list[float] = []
        cpu_times: list[float] = []
        for number in range(1, count + 1):
            year, month = 2030 + (number - 1) // 12, (number - 1) % 12 + 1
            extra += (
                f"\n- id: bench-{number}\n  date: {year}-{month:02d}-15\n  body: {body}\n"
                f"  title: Board {number}\n  publishes:\n    version: v{number}\n"
                f"    title: Version {number}\n    stage: draft\n"
            )
            meetings.write_text(base + extra, encoding="utf-8")
            if number > 1:  # each version after the first changes a few actions
                for k in range(EDITS_PER_VERSION):
                    path, action_id = actions[(number * 7 + k * 13) % len(actions)]
                    retitle(path, action_id, f"Action {action_id}, as revised for version {number}")
            git(repo, "commit", "--quiet", "-am", f"meeting {number}")
            done = run_timed(
                [sys.executable, "-m", "planpress", "publish", f"bench-{number}"],
                repo,
                timeout=900,
            )
            if done.returncode != 0:
                raise RuntimeError(f"publish {number} failed:\n{done.tail(30)}")
            times.append(done.seconds)
            cpu_times.append(done.cpu_seconds)
            log(f"publish {number:>3}: {times[-1]:.2f} s ({cpu_times[-1]:.2f} s of CPU)")
        subprocess.run(["git", "gc", "--quiet"], cwd=repo, check=True)
        tree = git(repo, "ls-tree", "-r", "-l", "gh-pages").splitlines()
        tree_bytes = sum(int(line.split()[3]) for line in tree if line.split()[3] != "-")
        objects = subprocess.run(
            ["git", "rev-list", "--objects", "gh-pages"],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        sizes = subprocess.run(
            ["git", "cat-file", "--batch-check=%(objectsize:disk)"],
            cwd=repo,
            input="".join(line.split()[0] + "\n" for line in objects.splitlines()),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        return {
            "versions": count,
            "seconds": times,
            "cpu_seconds": cpu_times,
            "gh_pages_tree_bytes": tree_bytes,
            "gh_pages_history_bytes": sum(int(size) for size in sizes),
            "gh_pages_files": len(tree),
        }


def _action_ids(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for path in sorted(folder.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        found += [(path, m) for m in re.findall(r"^- id: (\S+)\n  title: ", text, re.M)]
    return found


def _without_publishes(text: str) -> str:
    lines, skip = [], False
    for line in text.splitlines():
        if line.strip().startswith("publishes:"):
            skip = True
            continue
        if skip and line.startswith("    "):
            continue
        skip = False
        lines.append(line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=30, help="versions (30)")
    parser.add_argument("--data", type=Path, default=DATA, help="the plan's data folder")
    args = parser.parse_args()
    try:
        result = publish_series(args.count, args.data)
    except RuntimeError as exc:
        sys.exit(str(exc))
    seconds = result["seconds"]
    first, last = seconds[0], seconds[-1]
    print(json.dumps({**result, "last_over_first": round(last / first, 2)}))
