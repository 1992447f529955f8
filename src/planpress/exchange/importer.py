"""Bring an edited workbook (or CSV file) back into `data/`: check the whole plan as it would
stand, then rewrite only what changed, in place, all files or none.

What the person asked for is merged with `data/` as it is now (`merging`): a workbook against
the rows as exported (kept in its hidden sheet, refused if that sheet is missing or damaged), a
CSV file against the history of `data/` in git; a CSV file never removes a record. The rows are
written into the files' text (`writeback`), never into a file whose name comes from a cell or
that is outside the data folder. Nothing is written unless the plan as it would stand passes
every check; problems are reported at the sheet and cell they come from, in the words `planpress
check` uses, all of them in one pass. The files are then written together (`staging`): a run
stopped half way is completed, or undone, by the next import.
"""

from __future__ import annotations

import bisect
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpress.core.load import display_path, load_plan
from planpress.core.model import Plan
from planpress.core.yamlfile import Problem
from planpress.exchange import children, staging, yamledit
from planpress.exchange.githistory import DataHistory
from planpress.exchange.merging import merge
from planpress.exchange.sheets import ReadResult, SheetError, read_file
from planpress.exchange.tables import TABLE_BY_NAME, TABLES
from planpress.exchange.workbook import canonical_rows
from planpress.exchange.writeback import Key, Where, apply, key_of, keyed


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


# ---------------------------------------------------------------- checking and reporting


class _Locator:
    """The workbook cell each problem of the plan as it would stand points at.

    Each file's text is parsed once and its records indexed by line, and each sheet's rows by
    key, so that any number of problems is placed in time proportional to their number.
    """

    def __init__(self, texts: dict[str, str], read: ReadResult):
        self.texts = texts
        self.read = read
        self._files: dict[str, tuple[list[int], list[yaml.Node], yaml.Node | None]] = {}
        self._rows: dict[str, dict[Key, int]] = {}

    def place(self, problem: Problem) -> str | None:
        index = self._file(problem.path)
        if index is None:
            return None
        starts, items, root = index
        line = problem.line - 1
        position = bisect.bisect_right(starts, line) - 1
        if position < 0:
            return None
        path = Path(problem.path)
        table_name = "actions" if path.parent.name == "actions" else path.stem
        found = _record_at(root, items[position], line, table_name)
        if found is None:
            return None
        table_name, record, field_path = found
        table = TABLE_BY_NAME.get(table_name)
        sheet = self.read.sheets.get(table_name)
        if table is None or sheet is None:
            return None
        rows = self._rows.get(table_name)
        if rows is None:
            rows = {}
            for row in sheet.rows:
                rows.setdefault(key_of(table, row.values), row.number)
            self._rows[table_name] = rows
        number = rows.get(_record_key(table_name, record))
        if number is None:
            return None
        column = next((c.name for c in table.columns if c.path == field_path[: len(c.path)]), None)
        return self.read.place(table_name, column, number)

    def _file(self, shown_path: str) -> tuple[list[int], list[yaml.Node], yaml.Node | None] | None:
        if shown_path in self._files:
            return self._files[shown_path]
        text = self.texts.get(shown_path)
        if text is None:
            try:
                text = Path(shown_path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError):
                text = ""
        try:
            root = yamledit.compose(text) if text else None
        except yaml.YAMLError:
            root = None
        items: list[yaml.Node] = []
        if isinstance(root, yaml.SequenceNode):
            items = list(root.value)
        elif isinstance(root, yaml.MappingNode):
            items = [key for key, _ in root.value]
        starts = [item.start_mark.line for item in items]
        found = (starts, items, root) if items else None
        self._files[shown_path] = found  # type: ignore[assignment]
        return found


def _record_at(
    root: yaml.Node | None, item: yaml.Node, line: int, table_name: str
) -> tuple[str, Any, tuple[str, ...]] | None:
    """The record (and the field path) whose text holds a line, given the item it is in."""

    def within(node: yaml.Node) -> bool:
        return node.start_mark.line <= line <= max(node.end_mark.line - 1, node.start_mark.line)

    if isinstance(root, yaml.MappingNode):  # glossary.yml: `item` is a term's key
        value = dict((id(k), v) for k, v in root.value).get(id(item))
        if value is not None and item.start_mark.line <= line <= value.end_mark.line:
            return "glossary", item, ("definition",)
        return None
    if not isinstance(item, yaml.MappingNode) or not within(item):
        return None
    for key_node, value_node in item.value:
        child = children.child_table(table_name, str(key_node.value))
        if child is not None and isinstance(value_node, yaml.SequenceNode):
            for inner in value_node.value:
                if within(inner):
                    return child.name, (item, inner), _field_at(inner, line)
    return table_name, item, _field_at(item, line)


def _field_at(item: yaml.MappingNode, line: int) -> tuple[str, ...]:
    for key_node, value_node in item.value:
        last = max(value_node.end_mark.line - 1, key_node.start_mark.line)
        if key_node.start_mark.line <= line <= last:
            if isinstance(value_node, yaml.MappingNode):
                inner = _field_at(value_node, line)
                return (key_node.value, *inner) if inner else (key_node.value,)
            return (key_node.value,)
    return ()


def _scalar(node: yaml.Node, key: str) -> str:
    found = yamledit.get(node, key)
    return str(found[1].value) if found and isinstance(found[1], yaml.ScalarNode) else ""


def _record_key(table_name: str, record: Any) -> Key:
    table = TABLE_BY_NAME.get(table_name)
    if table is not None and table.child is not None:
        parent, item = record
        return (_scalar(parent, "id"), children.item_key(table, item) or "")
    if table_name == "glossary":
        return (str(record.value),)
    return (_scalar(record, "id"),)


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
                raise staging.StagingError(f"refused to write {display_path(path)}")
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
    with staging.locked(data_dir):
        completed = staging.recover(data_dir)
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
    written = apply(data_dir, current, merged.rows, _where(read), start.locations)
    if written.problems:
        raise ImportRefused(written.problems)
    texts = written.texts
    if not texts:
        return Outcome()
    plan = _as_it_would_stand(data_dir, texts, read, merged.rows)
    outcome = Outcome()
    for file_path in staging.write_all(data_dir, dict(sorted(texts.items())), written.originals):
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
        locator = _Locator(shown_texts, read)
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


def _where(read: ReadResult) -> Where:
    """The cell of a row's field, for `writeback.apply`."""
    rows: dict[str, dict[Key, int]] = {}

    def where(table_name: str, key: Key, column: str | None) -> str | None:
        sheet = read.sheets.get(table_name)
        if sheet is None:
            return None
        if table_name not in rows:
            table = TABLE_BY_NAME[table_name]
            rows[table_name] = {}
            for row in sheet.rows:
                rows[table_name].setdefault(key_of(table, row.values), row.number)
        number = rows[table_name].get(key)
        return None if number is None else read.place(table_name, column, number)

    return where


def describe(before: Plan, after: Plan) -> list[str]:
    """What the import changed in the records other than actions and recommendations (those
    the command says in the words of the What changed page, which the rendering layer has)."""
    lines = []
    for table in TABLES:
        if table.name in ("actions", "recommendations"):
            continue
        old = keyed(table, canonical_rows(table, before))
        new = keyed(table, canonical_rows(table, after))
        added = [k for k in new if k not in old]
        gone = [k for k in old if k not in new]
        edited = [k for k in new if k in old and new[k] != old[k]]
        for verb, keys in (("Added", added), ("Removed", gone), ("Changed", edited)):
            if keys:
                noun = table.kind if len(keys) == 1 else table.sheet.lower()
                if table.name == "glossary":
                    noun = "glossary term" if len(keys) == 1 else "glossary terms"
                lines.append(f"{verb} {noun}: " + ", ".join("/".join(k) for k in keys))
    return lines
