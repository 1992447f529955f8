"""Bring an edited workbook (or CSV file) back into `data/`: check the whole plan as it would
stand, then rewrite only what changed, in place, all files or none.

What the person asked for is merged with `data/` as it is now (`merging`): a workbook against
the rows as exported (kept in its hidden sheet, refused if that sheet is missing or damaged), a
CSV file against the history of `data/` in git; a CSV file never removes a record. The rows are
written into the files' text (`writeback`), never into a file whose name comes from a cell or
that is outside the data folder. Nothing is written unless the plan as it would stand passes
every check; problems are reported at the sheet and cell they come from, in the words `planpress
check` uses, all of them in one pass (`cellplaces` finds each cell). The files are then written
together (`staging`): a run stopped half way is completed, or undone, by the next import
(`recovery`). What changed is then said in words (`changelines`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planpress.core.load import load_plan
from planpress.core.model import Plan
from planpress.core.problems import Problem, display_path
from planpress.exchange import children
from planpress.exchange.cellplaces import Locator, field_places
from planpress.exchange.changelines import describe
from planpress.exchange.githistory import DataHistory
from planpress.exchange.merging import merge
from planpress.exchange.reading import read_file
from planpress.exchange.recovery import recover
from planpress.exchange.rowkeys import keyed
from planpress.exchange.sheets import ReadResult, SheetError
from planpress.exchange.staging import StagingError, locked, write_all
from planpress.exchange.tables import TABLE_BY_NAME, TABLES
from planpress.exchange.workbook import canonical_rows
from planpress.exchange.writeback import apply


class ImportRefused(Exception):
    """The import was refused; `problems` lists why (nothing was changed by it)."""

    def __init__(self, problems: list[str], completed: list[str] | None = None):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.completed = completed or []  # files of an earlier, stopped import it completed


@dataclass
class Outcome:
    """What an import changed: files written, and the changes in words (`lines`, for records
    other than actions and recommendations: `describe`)."""

    written: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # as `ImportRefused.completed`
    before: Plan | None = None  # the plan before the import and after it, if it changed
    after: Plan | None = None

    @property
    def changed(self) -> bool:
        return bool(self.written)


def check_as_it_would_stand(
    data_dir: Path, texts: dict[Path, str]
) -> tuple[Plan | None, list[Problem], dict[str, str]]:
    """Load the plan with the new texts in place of the old, in a copy of `data/`."""
    with tempfile.TemporaryDirectory(prefix="planpress-import-") as folder:
        copy = Path(folder) / data_dir.name
        shutil.copytree(data_dir, copy, symlinks=True)
        root = copy.resolve()
        shown_texts = {}
        for path, text in texts.items():
            target = copy / path.relative_to(data_dir)
            if os.path.lexists(target):
                target.unlink()  # a link is replaced, never written through
            if not target.parent.resolve().is_relative_to(root):
                raise StagingError(f"refused to write {display_path(path)}")
            target.write_text(text, encoding="utf-8")
            shown_texts[display_path(path)] = text
        result = load_plan(copy)
        prefix, real = display_path(copy), display_path(data_dir)
        problems = [
            Problem(
                real + p.path[len(prefix) :] if p.path.startswith(prefix) else p.path,
                p.line,
                p.column,
                p.message,
            )
            for p in result.problems
        ]
    return result.plan, problems, shown_texts


def import_file(path: Path, data_dir: Path) -> Outcome:
    """Import a workbook or CSV file into `data_dir`; `ImportRefused` lists every problem.

    `staging.StagingError` (an `OutputError`) if the files cannot be written.
    """
    if not data_dir.is_dir():
        return _import(path, data_dir)  # which says that the folder is not there
    with locked(data_dir):
        completed = recover(data_dir)
        try:
            outcome = _import(path, data_dir)
        except ImportRefused as exc:
            exc.completed = completed
            raise
        outcome.completed = completed
        return outcome


def _import(path: Path, data_dir: Path) -> Outcome:
    start = load_plan(data_dir)
    if not start.ok or start.plan is None:
        raise ImportRefused(
            [str(p) for p in start.problems]
            + [f"{display_path(data_dir)} has problems of its own: fix them first (see above)"]
        )
    current = start.plan
    try:
        read = read_file(path, display_path(path))
    except SheetError as exc:
        raise ImportRefused([str(exc)]) from None
    _refuse_from_csv(read)
    refused = [*read.problems, *children.unknown_parents(read, current)]
    if refused:
        raise ImportRefused([str(p) for p in refused])
    histories: list[DataHistory] = []

    def history() -> DataHistory:
        if not histories:
            histories.append(DataHistory(data_dir))
        return histories[0]

    merged = merge(read, current, history)
    if merged.problems:
        raise ImportRefused(merged.problems)
    written = apply(data_dir, current, merged.rows, field_places(read), start.locations)
    if written.problems:
        raise ImportRefused(written.problems)
    texts = written.texts
    if not texts:
        return Outcome()
    plan = _as_it_would_stand(data_dir, texts, read, merged.rows)
    outcome = Outcome()
    for file_path in write_all(data_dir, dict(sorted(texts.items())), written.originals):
        outcome.written.append(display_path(file_path))
    outcome.before, outcome.after = current, plan
    outcome.lines = describe(current, plan)
    return outcome


NOT_FROM_CSV = frozenset({"papers", "indicator_values"})
"""Tables a CSV file cannot bring back: `githistory` reads no committed versions of them."""


def _refuse_from_csv(read: ReadResult) -> None:
    """Refuse a CSV file of a table that only a workbook brings back (`NOT_FROM_CSV`)."""
    for name in read.sheets if read.is_csv else ():
        if name in NOT_FROM_CSV:
            sheet = TABLE_BY_NAME[name].sheet
            raise ImportRefused(
                [
                    f"{read.display}: {sheet.lower()} are imported from a workbook, not a CSV "
                    f"file (planpress export --xlsx plan.xlsx, edit the {sheet} sheet, then "
                    "planpress import plan.xlsx)"
                ]
            )


def _as_it_would_stand(
    data_dir: Path, texts: dict[Path, str], read: ReadResult, rows: dict[str, Any]
) -> Plan:
    """The plan as the new texts would make it, checked as `planpress check` would, and read
    back row for row as the workbook says it; `ImportRefused` (each problem at its cell where it
    has one) if not."""
    plan, problems, shown_texts = check_as_it_would_stand(data_dir, texts)
    if problems or plan is None:
        locator = Locator(shown_texts, read)
        lines = []
        for problem in problems:
            place = locator.place(problem)
            lines.append(f"{place}: {problem.message}" if place else str(problem))
        raise ImportRefused(lines)
    for table in TABLES:
        got = keyed(table, canonical_rows(table, plan))
        if got != keyed(table, rows[table.name]):
            raise ImportRefused(
                [
                    f"{read.display}: the {table.sheet} sheet could not be written into data/ "
                    "exactly, so nothing was changed"
                ]
            )
    return plan
