"""Time `planpress publish` for the 1st to the Nth version into a local repository.

    python benchmarks/publish_versions.py [N]

Builds a repository from the example's site sources and the second partnership's data, then
for each of N board meetings commits a meeting that publishes a version and publishes it.
Prints the seconds each publish took and the size of the gh-pages branch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "other" / "data"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def main(count: int) -> dict:
    os.environ.update(
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )
    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / "plan"
        repo.mkdir()
        for part in ("mkdocs.yml", "docs", "overrides"):
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / part)
        shutil.copytree(DATA, repo / "data")
        meetings = repo / "data" / "meetings.yml"
        base = _without_publishes(meetings.read_text())
        git(repo, "init", "--quiet", "--initial-branch=main")
        git(repo, "add", "-A")
        git(repo, "commit", "--quiet", "-m", "data")
        body = next(
            line.split(":", 1)[1].strip()
            for line in meetings.read_text().splitlines()
            if line.strip().startswith("body:")
        )
        extra = ""
        times = []
        for number in range(1, count + 1):
            year, month = 2030 + (number - 1) // 12, (number - 1) % 12 + 1
            extra += (
                f"\n- id: bench-{number}\n  date: {year}-{month:02d}-15\n  body: {body}\n"
                f"  title: Board {number}\n  publishes:\n    version: v{number}\n"
                f"    title: Version {number}\n    stage: draft\n"
            )
            meetings.write_text(base + extra)
            git(repo, "commit", "--quiet", "-am", f"meeting {number}")
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "macros.cli", "publish", f"bench-{number}"],
                cwd=repo,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                sys.exit(f"publish {number} failed:\n{done.stdout}{done.stderr}")
            times.append(time.perf_counter() - started)
            print(f"publish {number:>3}: {times[-1]:.2f} s", flush=True)
        subprocess.run(["git", "gc", "--quiet"], cwd=repo, check=True)
        packed = git(repo, "count-objects", "-v")
        pack_kib = int(packed.split("size-pack: ")[1].split()[0])
        tree = git(repo, "ls-tree", "-r", "-l", "gh-pages").splitlines()
        pages_bytes = sum(int(line.split()[3]) for line in tree if line.split()[3] != "-")
        return {"seconds": times, "repo_pack_kib": pack_kib, "gh_pages_tree_bytes": pages_bytes}


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
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    first, last = result["seconds"][0], result["seconds"][-1]
    print(json.dumps({**result, "last_over_first": round(last / first, 2)}))
