"""mike, run as a child of `planpress publish` that dies with it, and whose children do too.

`python -m planpress.publishing.mike_child deploy ...` is `mike deploy ...`, except that the mkdocs
build and the `git fast-import` that mike starts are killed when this process dies, and this
process is killed when `planpress publish` dies. So a publish that is killed leaves nothing
running that could still commit a version behind its back.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planpress.publishing.processes import (
    children_die_with_this_process,
    die_with_parent,
    run_child,
)


def run_mike(arguments: list[str], *, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run `mike ARGUMENTS...` this way, to the end; its exit code and everything it printed."""
    done = run_child(
        [sys.executable, "-m", __name__, *arguments],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return done.returncode, done.stdout or ""


def main() -> None:
    die_with_parent()
    children_die_with_this_process()
    from mike.driver import main as mike_main

    sys.argv = ["mike", *sys.argv[1:]]
    mike_main()


if __name__ == "__main__":
    main()
