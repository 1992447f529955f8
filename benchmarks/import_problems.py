"""Time `planpress import` of a workbook holding many bad rows: every row a new action whose
owner is not an organisation, so that each is reported at its cell.

    python benchmarks/import_problems.py [ROWS ...]        (default: 1000 10000)

For each number of rows: a copy of the example's data, a workbook exported from it with the
rows added (by openpyxl, as a person's program would save it), then `planpress import` run as a
command. Prints the rows, the problems reported and the seconds the import took.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent


def planpress(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planpress", *args], cwd=cwd, capture_output=True, text=True
    )


def measure(rows: int) -> tuple[int, float]:
    with tempfile.TemporaryDirectory(prefix="planpress-bench-import-") as folder:
        site = Path(folder)
        shutil.copytree(ROOT / "data", site / "data")
        done = planpress("export", "--xlsx", "plan.xlsx", cwd=site)
        assert done.returncode == 0, done.stderr
        book = openpyxl.load_workbook(site / "plan.xlsx")
        actions = book["Actions"]
        columns = {cell.value: cell.column for cell in actions[1]}
        values = {
            "title": "A bad row",
            "strand": "trade",
            "theme": "short-term-recovery",
            "group": "business-trade",
            "owner": "nobody",
            "status": "planned",
        }
        first = actions.max_row + 1
        for number in range(rows):
            row = first + number
            actions.cell(row, columns["id"]).value = f"BAD-{number + 1}"
            for name, value in values.items():
                actions.cell(row, columns[name]).value = value
        book.save(site / "bad.xlsx")
        started = time.perf_counter()
        done = planpress("import", "bad.xlsx", cwd=site)
        took = time.perf_counter() - started
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
        problems = sum(
            "owner 'nobody' is not an organisation" in x for x in done.stdout.split("\n")
        )
        return problems, took


def main(counts: list[int]) -> None:
    for rows in counts:
        problems, took = measure(rows)
        print(f"{rows:>7,} bad rows: {problems:>7,} problems reported in {took:6.1f} s", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
