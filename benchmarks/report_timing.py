"""Time the board report for a plan: the report to its last version-publishing meeting,
compared with the plan as published by the one before (the same plan, as a stand-in record).

    python benchmarks/report_timing.py DATA_DIR OUT.pdf

Prints the seconds and the PDF's pages; run it under `/usr/bin/time -f "%e s %M KB"` for the
peak memory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from planpress.core.load import load_plan
from planpress.render.board_report import make_report
from planpress.render.pdf import write_report_pdf
from planpress.render.site import Site
from planpress.versions.published import PublishedVersion


def main(data: Path, out: Path) -> None:
    started = time.perf_counter()
    plan = load_plan(data).plan
    assert plan is not None, "the data has problems: run planpress check"
    publishing = sorted((m for m in plan.meetings if m.publishes), key=lambda m: m.date.first_day)
    before, meeting = publishing[-2], publishing[-1]
    assert before.publishes is not None
    previous = PublishedVersion(
        before.publishes.version,
        before.publishes.title,
        before.publishes.stage,
        before.id,
        before.date.first_day.isoformat(),
        before.title,
        before.body,
        None,
        plan,
    )
    report = make_report(plan, meeting, previous, meeting.date.first_day, Site(plan))
    done = write_report_pdf(plan, report, out)
    seconds = time.perf_counter() - started
    print(
        f"{len(plan.actions)} actions: {done.pages} pages in {seconds:.1f} s "
        f"({done.seconds:.1f} s of it the PDF)"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
