"""`planpress check` as a command, in a child process: its exit codes and output, and files
that must not hang it or fill the memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from support import ACTION, write_data

NOT_A_FILE = "not a file (the data folder may hold only ordinary files: put the file itself here)"


def with_action(more: str) -> dict[str, str]:
    return {"actions/skills.yml": ACTION.format(id="SKL-01", more=more)}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}  # plain output
    return subprocess.run(
        [sys.executable, "-m", "planpress", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_check_passes_on_good_data(minimal_data: Path) -> None:
    done = run_cli("check", cwd=minimal_data.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "data: no problems (2 actions, 1 meetings, 2 organisations" in done.stderr


def test_cli_check_lists_problems_and_exits_1_without_traceback(minimal_data: Path) -> None:
    write_data(minimal_data, {"groups.yml": "- id: board\n\tname: x\n", "plan.yml": None})
    done = run_cli("check", "--data", "data", cwd=minimal_data.parent)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "data/groups.yml:2:1: a tab is used for indentation: indent with spaces only",
        "data/plan.yml:1:1: file is missing (it should hold the plan's title, strands and themes)",
    ]
    assert done.stderr == "2 problems found in data\n"
    assert "Traceback" not in done.stdout + done.stderr


def _limit_memory() -> None:  # a check that reads without bound fails instead of filling memory
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def run_check_bounded(cwd: Path) -> subprocess.CompletedProcess:
    """`planpress check` in a child process that cannot hang the tests or fill the memory."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "planpress", "check", "--data", "data"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )


def test_a_link_to_a_device_does_not_hang_or_fill_memory(minimal_data: Path) -> None:
    os.symlink("/dev/zero", minimal_data / "actions" / "zero.yml")
    os.symlink("/dev/urandom", minimal_data / "glossary.yml")
    done = run_check_bounded(minimal_data.parent)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        f"data/actions/zero.yml:1:1: this is a symbolic link to '/dev/zero', {NOT_A_FILE}",
        f"data/glossary.yml:1:1: this is a symbolic link to '/dev/urandom', {NOT_A_FILE}",
    ]
    assert "Traceback" not in done.stderr


def test_a_named_pipe_is_refused_without_waiting_on_it(minimal_data: Path) -> None:
    os.mkfifo(minimal_data / "glossary.yml")
    os.mkfifo(minimal_data / "actions" / "pipe.yml")
    done = run_check_bounded(minimal_data.parent)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        f"data/actions/pipe.yml:1:1: this is a named pipe (FIFO), {NOT_A_FILE}",
        f"data/glossary.yml:1:1: this is a named pipe (FIFO), {NOT_A_FILE}",
    ]


def test_a_date_out_of_range_gives_a_message_not_a_traceback(minimal_data: Path) -> None:
    write_data(minimal_data, with_action("  start: 0000-04\n  due: 2021-03\n"))
    done = run_check_bounded(minimal_data.parent)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("data/actions/skills.yml:8:10: '0000-04' is not a valid date")
