"""The rows an import decided on, written back into the text of `data/`'s files, in place.

Only the fields that changed are rewritten (`yamledit`); a record added goes at the end of the
file that holds its kind (an action: the file holding the most actions of its group), an item
of a list inside a record (a meeting's papers) into that list (`childwriter`). No file name
ever comes from a cell: an action of a group that has no file of actions yet is refused at its
group cell, and every file written must resolve to a place inside the data folder.

A record written in YAML flow style (`- {id: ...}`) is rewritten in flow style. What the import
cannot rewrite faithfully is refused with its file and line, never half-edited: a record that is
a YAML anchor other records use (`- &name`), a field written with an anchor or alias, a field a
merge key (`<<: *name`) may give, and a record in flow style holding any of these
(`editable`). Where each record is written is `recordindex`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpress.core.characters import shown
from planpress.core.model import Plan
from planpress.core.problems import display_path
from planpress.exchange import yamlnodes
from planpress.exchange.children import field_order, nested, yaml_value
from planpress.exchange.childwriter import Children
from planpress.exchange.editable import Checks
from planpress.exchange.recordindex import (
    SINGLE_FILES,
    ActionFiles,
    SourceFile,
    action_files,
    index_records,
)
from planpress.exchange.rowkeys import Key, Where, keyed
from planpress.exchange.staging import StagingError, real_folder, target_inside
from planpress.exchange.tables import TABLES, Table
from planpress.exchange.workbook import canonical_rows


@dataclass
class Written:
    """What `apply` decided: the new text of each file, the records removed, and problems."""

    texts: dict[Path, str] = field(default_factory=dict)
    originals: dict[Path, str] = field(default_factory=dict)  # each file's text as it was read
    removed: dict[str, list[Key]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class _Writer(Checks):
    """Adds, changes and removes the records of each table in the files' text."""

    def __init__(
        self,
        data_dir: Path,
        plan: Plan,
        where: Where,
        tables: set[str],
        actions: ActionFiles | None,
    ):
        source = index_records(data_dir, tables, actions.needed if actions else None)
        if actions is not None:
            source.action_files = actions.counts
        super().__init__(data_dir, plan, where, source)
        self.children = Children(self)  # the items of lists inside records

    def change(self, table: Table, key: Key, row: dict[str, Any], now: dict[str, Any]) -> None:
        found = self.record(table, key)
        if found is None:
            return
        path, node, _ = found
        what = f"{table.kind} '{shown('/'.join(key))}'"
        if not self.editable(path, node, what):
            return
        assert isinstance(node, yaml.MappingNode)
        edit = self.source.file(path).edit
        for column in table.columns:
            if table.child is not None and column.name == table.child.column:
                continue
            if row.get(column.name) == now.get(column.name):
                continue
            value = yaml_value(column, row.get(column.name))
            if not self.field_editable(path, node, what, column.path, value):
                return
            if column.kind == "boolean" and value is False:
                value = None if yamlnodes.get(node, column.path[0]) is None else False
            try:
                edit.set_field(node, column.path, value, field_order(table))
            except ValueError:
                self.problems.append(
                    f"{self.at(path, node)}: {what}: its {column.name} cannot be removed in "
                    "place (it is the first field of the record): remove it in the file by hand"
                )
                return

    def remove(self, table: Table, key: Key) -> bool:
        if table.child is not None:
            return self.children.remove(table, key)
        found = self.record(table, key)
        if found is None:
            return False
        path, node, sequence = found
        what = f"{table.kind} '{shown('/'.join(key))}'"
        if not self.editable(path, node, what):
            return False
        start, end = node.start_mark.index, node.end_mark.index
        if any(start <= at < end for at in self.source.file(path).anchors):
            return self.refuse(path, node, what, "holds a YAML anchor (&name) other records use")
        if not isinstance(sequence, yaml.SequenceNode):
            return False
        if not self.list_editable(path, sequence, table.name):
            return False
        self.source.file(path).edit.remove_item(sequence, node)
        self.removed_nodes.add(id(node))
        return True

    def add(self, table: Table, key: Key, row: dict[str, Any]) -> None:
        if table.child is not None:
            return  # written by `children.finish`, or with the record added that holds it
        values = nested(table, row)
        if table.name == "actions":
            self._add_action(table, key, row, values)
            return
        values = self.children.with_lists(table, key[0], values)
        path = self.data_dir / SINGLE_FILES[table.name]
        file = self.source.file(path)
        root = file.edit.root if isinstance(file.edit.root, yaml.SequenceNode) else None
        if self.list_editable(path, root, table.name):
            file.edit.append_item(root, values, spaced=True)

    def _add_action(
        self, table: Table, key: Key, row: dict[str, Any], values: dict[str, Any]
    ) -> None:
        group = str(row.get("group") or "")
        files = [(n, p) for (g, p), n in self.source.action_files.items() if g == group]
        if not files:
            place = self.where(table.name, key, "group") or display_path(self.data_dir)
            if not group:
                message = "group is empty: give the id of the group the action belongs to"
            else:
                message = (
                    f"group '{shown(group)}' has no file of actions in "
                    f"{display_path(self.data_dir / 'actions')} yet, so planpress import does "
                    "not know where to write this action: add the first action of a new group "
                    "to data/actions/ by hand (a file named after the group), then import again"
                )
            self.problems.append(f"{place}: {message}")
            return
        path = max(files)[1]
        file = self.source.file(path)
        root = file.edit.root if isinstance(file.edit.root, yaml.SequenceNode) else None
        if self.list_editable(path, root, "actions"):
            file.edit.append_item(root, values, spaced=True)

    def glossary(self, now: dict[Key, dict[str, Any]], want: dict[Key, dict[str, Any]]) -> None:
        path = self.data_dir / SINGLE_FILES["glossary"]
        file = self.source.file(path)
        root = file.edit.root if isinstance(file.edit.root, yaml.MappingNode) else None
        if root is not None and root.flow_style and file.references:
            self.problems.append(
                f"{self.at(path, root)}: the glossary is written in YAML flow style with an "
                "anchor or alias, which planpress import does not rewrite: make this change by "
                "hand"
            )
            return
        for key, row in want.items():
            if now.get(key) != row and self._glossary_entry_editable(file, root, key[0]):
                file.edit.set_entry(root, key[0], row["definition"])
        for key in now:
            if key not in want and self._glossary_entry_editable(file, root, key[0]):
                file.edit.set_entry(root, key[0], None)

    def _glossary_entry_editable(self, file: SourceFile, root: yaml.Node | None, term: str) -> bool:
        found = yamlnodes.get(root, term) if root is not None else None
        if found is None:
            return True
        start, end = found[0].start_mark.index, found[1].end_mark.index
        if any(start <= at < end for at in file.references):
            self.problems.append(
                f"{self.at(file.path, found[0])}: the glossary term '{shown(term)}' uses a YAML "
                "anchor or alias, which planpress import does not rewrite: make this change "
                "by hand"
            )
            return False
        return True


def apply(
    data_dir: Path,
    current_plan: Plan,
    merged: dict[str, list[dict[str, Any]]],
    where: Where,
    locations: dict[tuple[str, str], Any] | None = None,
) -> Written:
    """The new text of every file that changes, the records removed, and every problem.

    `locations` (from `load_plan`) says in which file each record is, so that only the files
    of actions that change are read; without it every file of actions is.
    """
    changed: dict[str, tuple[dict[Key, dict[str, Any]], dict[Key, dict[str, Any]]]] = {}
    for table in TABLES:
        now = keyed(table, canonical_rows(table, current_plan))
        want = keyed(table, merged[table.name])
        if now != want:
            changed[table.name] = (now, want)
    result = Written()
    if not changed:
        return result
    actions = None
    if locations is not None and "actions" in changed:
        actions = action_files(data_dir, current_plan, locations, *changed["actions"])
    writer = _Writer(data_dir, current_plan, where, set(changed), actions)
    for table in TABLES:
        if table.child is not None and table.name in changed:
            writer.children.expect(table, *changed[table.name])
    for table in TABLES:
        if table.name in changed:
            _write_table(writer, table, *changed[table.name], result)
    writer.children.finish()
    result.problems = writer.problems
    if not result.problems:
        _collect_texts(data_dir, writer, result)
    return result


def _write_table(
    writer: _Writer,
    table: Table,
    now: dict[Key, dict[str, Any]],
    want: dict[Key, dict[str, Any]],
    result: Written,
) -> None:
    """Add, change and remove the records of one table that the workbook changes."""
    if table.name == "glossary":
        writer.glossary(now, want)
        return
    for key, row in want.items():
        if key not in now:
            writer.add(table, key, row)
        elif row != now[key]:
            writer.change(table, key, row, now[key])
    for key in now:
        if key not in want and writer.remove(table, key):
            result.removed.setdefault(table.name, []).append(key)


def _collect_texts(data_dir: Path, writer: _Writer, result: Written) -> None:
    """Each changed file's new text and its text before, for files inside the data folder."""
    root = real_folder(data_dir)
    for path, file in writer.source.files.items():
        if not file.edit.changed:
            continue
        try:
            target_inside(root, path)
        except StagingError as exc:
            result.problems.append(str(exc))
            continue
        result.texts[path] = file.edit.result()
        result.originals[path] = file.edit.text
