"""Bring an edited workbook (or CSV file) back into `data/`: check the whole plan as it would
stand, then rewrite only what changed, in place.

What the person changed is found by comparing each row with the row as exported (kept in the
workbook); a field that changed in `data/` since the export keeps that change unless the
workbook changed it too, in which case the two edits conflict and the import stops. Without
the exported rows (a CSV file, or a workbook made by hand) the sheet is taken as the whole
table. Nothing is written unless the plan as it would stand passes every check; problems are
reported at the sheet and cell they come from, in the words `planpress check` uses.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpress.core.load import display_path, load_plan
from planpress.core.model import Plan
from planpress.core.outfiles import write_text_whole
from planpress.core.yamlfile import Problem
from planpress.exchange import yamledit
from planpress.exchange.sheets import CellProblem, ReadResult, read_file
from planpress.exchange.tables import TABLE_BY_NAME, TABLES, Table
from planpress.exchange.workbook import canonical_rows

Key = tuple[str, ...]


class ImportRefused(Exception):
    """The import was refused; `problems` lists why (nothing was changed)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Outcome:
    """What an import changed: files written, and the changes in words."""

    written: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.written)


# ---------------------------------------------------------------- merging


def _key(table: Table, row: dict[str, Any]) -> Key:
    return tuple(str(row.get(k) or "") for k in table.key)


def _keyed(table: Table, rows: list[dict[str, Any]]) -> dict[Key, dict[str, Any]]:
    return {_key(table, row): row for row in rows}


@dataclass
class Merged:
    rows: dict[str, list[dict[str, Any]]]  # table name -> the rows as they should stand
    problems: list[str]


def merge(read: ReadResult, current_plan: Plan) -> Merged:
    """The tables as they should stand after the import, and every conflict."""
    problems: list[str] = []
    result: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        current = canonical_rows(table, current_plan)
        sheet = read.sheets.get(table.name)
        if sheet is None:
            result[table.name] = current
            continue
        seen: dict[Key, int] = {}
        theirs: dict[Key, dict[str, Any]] = {}
        numbers: dict[Key, int] = {}
        for row in sheet.rows:
            key = _key(table, row.values)
            if not all(key):
                column = next(k for k, v in zip(table.key, key, strict=True) if not v)
                problems.append(
                    str(
                        CellProblem(
                            read.place(table.name, column, row.number),
                            f"{column} is empty: every row of {table.sheet} needs one",
                        )
                    )
                )
                continue
            if key in seen:
                kind = table.kind if table.name != "glossary" else "glossary term"
                problems.append(
                    str(
                        CellProblem(
                            read.place(table.name, None, row.number),
                            f"duplicate {kind} id '{'/'.join(key)}' (already used at "
                            f"{read.place(table.name, None, seen[key]).split(':', 1)[1]})",
                        )
                    )
                )
                continue
            seen[key] = row.number
            theirs[key] = row.values
            numbers[key] = row.number
        base_rows = read.base.get(table.name) if read.base is not None else None
        if base_rows is None:
            result[table.name] = list(theirs.values())
            continue
        result[table.name] = _three_way(
            table, _keyed(table, base_rows), theirs, _keyed(table, current), numbers, read, problems
        )
    return Merged(result, problems)


def _three_way(
    table: Table,
    base: dict[Key, dict[str, Any]],
    theirs: dict[Key, dict[str, Any]],
    current: dict[Key, dict[str, Any]],
    numbers: dict[Key, int],
    read: ReadResult,
    problems: list[str],
) -> list[dict[str, Any]]:
    """Rows from the workbook's edits applied to `data/` as it is now, field by field."""
    out: dict[Key, dict[str, Any]] = {key: dict(row) for key, row in current.items()}
    for key, row in theirs.items():
        place = read.place(table.name, None, numbers[key])
        before = base.get(key)
        now = current.get(key)
        if before is None:  # a row added in the workbook
            if now is not None and now != row:
                problems.append(
                    f"{place}: {table.kind} '{'/'.join(key)}' was added in the workbook and, "
                    "differently, in data/ since it was exported: give the new row another id"
                )
            out[key] = row
            continue
        edited = [c.name for c in table.columns if row.get(c.name) != before.get(c.name)]
        if not edited:
            continue
        if now is None:
            problems.append(
                f"{place}: {table.kind} '{'/'.join(key)}' was edited in the workbook but removed "
                "from data/ since it was exported: add it back in data/, or delete the row"
            )
            continue
        for name in edited:
            if now.get(name) != before.get(name) and now.get(name) != row.get(name):
                problems.append(
                    f"{read.place(table.name, name, numbers[key])}: {name} was changed in "
                    f"data/ since this workbook was exported (to {_shown(now.get(name))}) and "
                    f"in the workbook (to {_shown(row.get(name))}): keep one, by exporting "
                    "again and redoing this edit, or by typing the value data/ has"
                )
                continue
            out[key][name] = row.get(name)
    for key, before in base.items():
        if key in theirs or key not in current:
            continue
        if current[key] != before:
            problems.append(
                f"{read.display}: {table.kind} '{'/'.join(key)}' was deleted from the "
                f"{table.sheet} sheet but changed in data/ since the workbook was exported: "
                "export again to delete it"
            )
            continue
        del out[key]
    return list(out.values())


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "'" + ", ".join(value) + "'"
    return f"'{value}'"


# ---------------------------------------------------------------- writing into data/


@dataclass
class _Source:
    """Where each record of `data/` is written: its file and its node."""

    files: dict[Path, yamledit.EditableFile] = field(default_factory=dict)
    records: dict[tuple[str, Key], tuple[Path, yaml.Node, yaml.Node | None]] = field(
        default_factory=dict
    )  # (table, key) -> (file, record node, the list it is in)
    action_files: Counter[tuple[str, Path]] = field(default_factory=Counter)

    def file(self, path: Path) -> yamledit.EditableFile:
        if path not in self.files:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            self.files[path] = yamledit.EditableFile(text)
        return self.files[path]


def _index(data_dir: Path, tables: set[str]) -> _Source:
    source = _Source()
    single = {
        "organisations": "organisations.yml",
        "groups": "groups.yml",
        "meetings": "meetings.yml",
        "milestones": "milestones.yml",
        "procurements": "procurements.yml",
        "indicators": "indicators.yml",
    }
    for name, file_name in single.items():
        if name not in tables and not (name == "meetings" and "recommendations" in tables):
            continue
        path = data_dir / file_name
        edit = source.file(path)
        root = edit.root
        if isinstance(root, yaml.SequenceNode):
            for item in root.value:
                found = yamledit.get(item, "id")
                if found is not None:
                    source.records[(name, (found[1].value,))] = (path, item, root)
                    if name == "meetings":
                        recs = yamledit.get(item, "recommendations")
                        if recs is not None and isinstance(recs[1], yaml.SequenceNode):
                            for rec in recs[1].value:
                                rid = yamledit.get(rec, "id")
                                if rid is not None:
                                    key = (found[1].value, rid[1].value)
                                    source.records[("recommendations", key)] = (path, rec, recs[1])
    if "actions" in tables:
        folder = data_dir / "actions"
        for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
            if path.name.startswith("."):
                continue
            edit = source.file(path)
            if isinstance(edit.root, yaml.SequenceNode):
                for item in edit.root.value:
                    found = yamledit.get(item, "id")
                    group = yamledit.get(item, "group")
                    if found is not None:
                        source.records[("actions", (found[1].value,))] = (path, item, edit.root)
                    if group is not None:
                        source.action_files[(group[1].value, path)] += 1
    return source


def _nested(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row as the mapping written in `data/` (nested fields inside their parent)."""
    values: dict[str, Any] = {}
    for column in table.columns:
        if table.name == "recommendations" and column.name == "meeting":
            continue
        value = row.get(column.name)
        if value is None or (column.kind == "boolean" and value is False):
            continue
        if len(column.path) == 2:
            values.setdefault(column.path[0], {})[column.path[1]] = value
        else:
            values[column.path[0]] = value
    return values


def _order(table: Table) -> list[str]:
    return [".".join(c.path) for c in table.columns if c.name != "meeting"]


def apply(
    data_dir: Path, current_plan: Plan, merged: dict[str, list[dict[str, Any]]]
) -> tuple[dict[Path, str], dict[str, list[Key]]]:
    """The new text of every file that changes, and the keys of the records removed."""
    changed_tables = set()
    diffs: dict[str, tuple[dict[Key, dict[str, Any]], dict[Key, dict[str, Any]]]] = {}
    for table in TABLES:
        now = _keyed(table, canonical_rows(table, current_plan))
        want = _keyed(table, merged[table.name])
        if now != want:
            changed_tables.add(table.name)
        diffs[table.name] = (now, want)
    removed: dict[str, list[Key]] = {}
    if not changed_tables:
        return {}, removed
    source = _index(data_dir, changed_tables)
    for name in [t.name for t in TABLES]:
        if name not in changed_tables:
            continue
        table = TABLE_BY_NAME[name]
        now, want = diffs[name]
        if name == "glossary":
            _apply_glossary(source, data_dir, now, want)
            continue
        for key, row in want.items():
            if key not in now:
                _add(source, data_dir, table, key, row, current_plan)
                continue
            if row == now[key]:
                continue
            path, node, _ = source.records[(name, key)]
            edit = source.file(path)
            for column in table.columns:
                if column.name == "meeting" and name == "recommendations":
                    continue
                if row.get(column.name) != now[key].get(column.name):
                    value = row.get(column.name)
                    if column.kind == "boolean" and value is False:
                        value = None if yamledit.get(node, column.path[0]) is None else False
                    edit.set_field(node, column.path, value, _order(table))
        for key in now:
            if key not in want:
                path, node, sequence = source.records[(name, key)]
                assert isinstance(sequence, yaml.SequenceNode)
                source.file(path).remove_item(sequence, node)
                removed.setdefault(name, []).append(key)
    texts = {path: edit.result() for path, edit in source.files.items() if edit.changed}
    return texts, removed


def _add(
    source: _Source,
    data_dir: Path,
    table: Table,
    key: Key,
    row: dict[str, Any],
    plan: Plan,
) -> None:
    values = _nested(table, row)
    if table.name == "actions":
        group = row.get("group") or ""
        files = [(n, p) for (g, p), n in source.action_files.items() if g == group]
        path = max(files)[1] if files else data_dir / "actions" / f"{group or 'actions'}.yml"
        edit = source.file(path)
        root = edit.root if isinstance(edit.root, yaml.SequenceNode) else None
        edit.append_item(root, values, spaced=True)
        if root is None and not path.exists():
            name = next((g.name for g in plan.groups if g.id == group), group)
            edit.text = f"# Actions of the {name}.\n"
            edit.edits[-1].start = edit.edits[-1].end = len(edit.text)
            edit.edits[-1].text = "\n" + edit.edits[-1].text
        # the record is indexed so that a later edit of the same import finds it
        return
    if table.name == "recommendations":
        meeting_key = (key[0],)
        path, meeting, _ = source.records[("meetings", meeting_key)]
        edit = source.file(path)
        recs = yamledit.get(meeting, "recommendations")
        if recs is not None and isinstance(recs[1], yaml.SequenceNode) and recs[1].value:
            edit.append_item(recs[1], values, spaced=False)
        else:
            order = _order(TABLE_BY_NAME["meetings"])
            order.insert(order.index("publishes.version"), "recommendations")
            edit.set_field(meeting, ("recommendations",), [values], order)
        return
    file_name = {"organisations": "organisations.yml", "groups": "groups.yml"}.get(
        table.name, f"{table.name}.yml"
    )
    path = data_dir / file_name
    edit = source.file(path)
    root = edit.root if isinstance(edit.root, yaml.SequenceNode) else None
    edit.append_item(root, values, spaced=True)


def _apply_glossary(
    source: _Source,
    data_dir: Path,
    now: dict[Key, dict[str, Any]],
    want: dict[Key, dict[str, Any]],
) -> None:
    path = data_dir / "glossary.yml"
    edit = source.file(path)
    root = edit.root if isinstance(edit.root, yaml.MappingNode) else None
    for key, row in want.items():
        if now.get(key) != row:
            edit.set_entry(root, key[0], row["definition"])
    for key in now:
        if key not in want:
            edit.set_entry(root, key[0], None)


# ---------------------------------------------------------------- checking and reporting


def _place_of(
    problem: Problem, texts: dict[str, str], read: ReadResult, merged: dict[str, list[dict]]
) -> str | None:
    """The workbook cell a problem in a changed file points at, if it is in a row read."""
    text = texts.get(problem.path)
    if text is None:
        try:
            text = Path(problem.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    root = yamledit.compose(text)
    file_name = Path(problem.path).name
    in_actions = Path(problem.path).parent.name == "actions"
    table_name = "actions" if in_actions else file_name.removesuffix(".yml")
    found = _record_at(root, problem.line - 1, table_name)
    if found is None:
        return None
    table_name, record, field_path = found
    table = TABLE_BY_NAME.get(table_name)
    sheet = read.sheets.get(table_name)
    if table is None or sheet is None:
        return None
    key = _record_key(table, record)
    for row in sheet.rows:
        if _key(table, row.values) == key:
            column = next(
                (c.name for c in table.columns if c.path == field_path[: len(c.path)]), None
            )
            return read.place(table_name, column, row.number)
    return None


def _record_at(root: yaml.Node | None, line: int, table_name: str) -> tuple[str, Any, tuple] | None:
    """The record (and the field path) whose text holds a line, in a changed data file."""

    def within(node: yaml.Node) -> bool:
        return node.start_mark.line <= line <= max(node.end_mark.line - 1, node.start_mark.line)

    if isinstance(root, yaml.MappingNode):  # glossary.yml
        for key_node, value_node in root.value:
            if key_node.start_mark.line <= line <= value_node.end_mark.line:
                return "glossary", key_node, ("definition",)
        return None
    if not isinstance(root, yaml.SequenceNode):
        return None
    for item in root.value:
        if not isinstance(item, yaml.MappingNode) or not within(item):
            continue
        for key_node, value_node in item.value:
            if key_node.value == "recommendations" and isinstance(value_node, yaml.SequenceNode):
                for rec in value_node.value:
                    if within(rec):
                        return "recommendations", (item, rec), _field_at(rec, line)
        return table_name, item, _field_at(item, line)
    return None


def _field_at(item: yaml.MappingNode, line: int) -> tuple[str, ...]:
    for key_node, value_node in item.value:
        last = max(value_node.end_mark.line - 1, key_node.start_mark.line)
        if key_node.start_mark.line <= line <= last:
            if isinstance(value_node, yaml.MappingNode):
                inner = _field_at(value_node, line)
                return (key_node.value, *inner) if inner else (key_node.value,)
            return (key_node.value,)
    return ()


def _record_key(table: Table, record: Any) -> Key:
    if table.name == "recommendations":
        meeting, rec = record
        return (yamledit.get(meeting, "id")[1].value, yamledit.get(rec, "id")[1].value)  # type: ignore[index]
    if table.name == "glossary":
        return (record.value,)
    found = yamledit.get(record, "id")
    return (found[1].value,) if found else ("",)


def check_as_it_would_stand(
    data_dir: Path, texts: dict[Path, str]
) -> tuple[Plan | None, list[Problem], dict[str, str]]:
    """Load the plan with the new texts in place of the old, in a copy of `data/`."""
    with tempfile.TemporaryDirectory(prefix="planpress-import-") as folder:
        copy = Path(folder) / data_dir.name
        shutil.copytree(data_dir, copy, symlinks=True)
        shown_texts = {}
        for path, text in texts.items():
            target = copy / path.relative_to(data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
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
    """Import a workbook or CSV file into `data_dir`; `ImportRefused` lists every problem."""
    from planpress.exchange.sheets import SheetError

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
    if read.problems:
        raise ImportRefused([str(p) for p in read.problems])
    merged = merge(read, current)
    if merged.problems:
        raise ImportRefused(merged.problems)
    texts, removed = apply(data_dir, current, merged.rows)
    if not texts:
        return Outcome()
    plan, problems, shown_texts = check_as_it_would_stand(data_dir, texts)
    if problems or plan is None:
        lines = []
        for problem in problems:
            place = _place_of(problem, shown_texts, read, merged.rows)
            lines.append(f"{place}: {problem.message}" if place else str(problem))
        raise ImportRefused(lines)
    for table in TABLES:
        got = _keyed(table, canonical_rows(table, plan))
        if got != _keyed(table, merged.rows[table.name]):
            raise ImportRefused(
                [
                    f"{read.display}: the {table.sheet} sheet could not be written into data/ "
                    "exactly, so nothing was changed"
                ]
            )
    outcome = Outcome()
    for file_path, text in sorted(texts.items()):
        write_text_whole(file_path, text)
        outcome.written.append(display_path(file_path))
    outcome.lines = describe(current, plan, removed)
    return outcome


def describe(before: Plan, after: Plan, removed: dict[str, list[Key]]) -> list[str]:
    """What the import changed, in the words of the What changed page."""
    from planpress.render.changes import describe_change
    from planpress.render.site import Site
    from planpress.render.text import plain_label
    from planpress.versions.changes import compare

    site = Site(after)
    found = compare(before, after)
    lines = []
    for action in found.added:
        lines.append(f"Added {action.id}: {action.title}")
    for action in found.removed:
        lines.append(f"Removed {action.id}: {action.title}")
    for action in found.changed:
        words = "; ".join(describe_change(site, c) for c in action.changes)
        lines.append(f"Changed {action.id}: {words}")
    for rec in found.recommendations:
        if rec.kind == "changed":
            before_words = plain_label(rec.before) or "not set"
            words = f"{before_words} to {plain_label(rec.after) or 'not set'}"
        else:
            words = rec.kind
        lines.append(f"Recommendation ({rec.id}) of {rec.meeting_title}: {words}")
    for table in TABLES:
        if table.name in ("actions", "recommendations"):
            continue
        old = _keyed(table, canonical_rows(table, before))
        new = _keyed(table, canonical_rows(table, after))
        added = [k for k in new if k not in old]
        gone = [k for k in old if k not in new]
        edited = [k for k in new if k in old and new[k] != old[k]]
        for verb, keys in (("Added", added), ("Removed", gone), ("Changed", edited)):
            if keys:
                noun = table.kind if len(keys) == 1 else table.name
                if table.name == "glossary":
                    noun = "glossary term" if len(keys) == 1 else "glossary terms"
                lines.append(f"{verb} {noun}: " + ", ".join("/".join(k) for k in keys))
    return lines
