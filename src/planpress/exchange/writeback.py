"""The rows an import decided on, written back into the text of `data/`'s files, in place.

Only the fields that changed are rewritten (`yamledit`); a record added goes at the end of the
file that holds its kind (an action: the file holding the most actions of its group), an item
of a list inside a record (a meeting's papers) into that list (`childwriter`). No file name
ever comes from a cell: an action of a group that has no file of actions yet is refused at its
group cell, and every file written must resolve to a place inside the data folder.

A record written in YAML flow style (`- {id: ...}`) is rewritten in flow style. What the import
cannot rewrite faithfully is refused with its file and line, never half-edited: a record that is
a YAML anchor other records use (`- &name`), a field written with an anchor or alias, a field a
merge key (`<<: *name`) may give, and a record in flow style holding any of these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpress.core.characters import shown
from planpress.core.load import display_path
from planpress.core.model import Plan
from planpress.exchange import yamledit
from planpress.exchange.children import (
    children_of,
    field_order,
    index_items,
    nested,
    yaml_value,
)
from planpress.exchange.childwriter import Children
from planpress.exchange.staging import StagingError, real_folder, target_inside
from planpress.exchange.tables import TABLES, Table
from planpress.exchange.workbook import canonical_rows

Key = tuple[str, ...]
Where = Callable[[str, Key, str | None], str | None]
"""The cell a row's field came from (table name, key, column), or None if not from a cell."""

SINGLE_FILES = {
    "organisations": "organisations.yml",
    "groups": "groups.yml",
    "meetings": "meetings.yml",
    "milestones": "milestones.yml",
    "procurements": "procurements.yml",
    "indicators": "indicators.yml",
    "glossary": "glossary.yml",
}


def key_of(table: Table, row: dict[str, Any]) -> Key:
    return tuple(str(row.get(k) or "") for k in table.key)


def keyed(table: Table, rows: list[dict[str, Any]]) -> dict[Key, dict[str, Any]]:
    return {key_of(table, row): row for row in rows}


@dataclass
class _File:
    """One data file: its text being edited, and where anchors and aliases are written."""

    path: Path
    edit: yamledit.EditableFile
    _tokens: tuple[list[int], list[int]] | None = None

    @property
    def references(self) -> list[int]:
        """The offsets of the anchors (`&name`) and aliases (`*name`) in the text."""
        return self._scanned()[1]

    @property
    def anchors(self) -> list[int]:
        """The offsets of the anchors (`&name`) in the text."""
        return self._scanned()[0]

    def _scanned(self) -> tuple[list[int], list[int]]:
        if self._tokens is None:
            anchors, aliases = _references(self.edit.text)
            self._tokens = (anchors, sorted(anchors + aliases))
        return self._tokens


@dataclass
class _Source:
    """Where each record of `data/` is written: its file and its node."""

    files: dict[Path, _File] = field(default_factory=dict)
    records: dict[tuple[str, Key], tuple[Path, yaml.Node, yaml.Node | None]] = field(
        default_factory=dict
    )  # (table, key) -> (file, record node, the list it is in)
    parents: dict[int, yaml.Node] = field(default_factory=dict)  # list of child records -> record
    action_files: Counter[tuple[str, Path]] = field(default_factory=Counter)

    def file(self, path: Path) -> _File:
        if path not in self.files:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            self.files[path] = _File(path, yamledit.EditableFile(text))
        return self.files[path]


def _references(text: str) -> tuple[list[int], list[int]]:
    """Where the anchors and the aliases of a text start."""
    anchors: list[int] = []
    aliases: list[int] = []
    if "&" not in text and "*" not in text:
        return anchors, aliases
    try:
        for token in yaml.scan(text, Loader=yamledit._Loader):
            if isinstance(token, yaml.AnchorToken):
                anchors.append(token.start_mark.index)
            elif isinstance(token, yaml.AliasToken):
                aliases.append(token.start_mark.index)
    except yaml.YAMLError:
        pass
    return anchors, aliases


def _index(data_dir: Path, tables: set[str], action_paths: list[Path] | None) -> _Source:
    """Where the records of the tables that change are written; of the files of actions,
    only `action_paths` are read when they are given (with `action_files` counted already)."""
    source = _Source()
    for name, file_name in SINGLE_FILES.items():
        wanted = name in tables or any(t.name in tables for t in children_of(name))
        if not wanted or name == "glossary":
            continue
        path = data_dir / file_name
        root = source.file(path).edit.root
        if not isinstance(root, yaml.SequenceNode):
            continue
        for item in root.value:
            found = yamledit.get(item, "id")
            if found is None or not isinstance(found[1], yaml.ScalarNode):
                continue
            source.records[(name, (found[1].value,))] = (path, item, root)
            index_items(source.records, source.parents, path, item, found[1].value, name)
    if "actions" in tables:
        folder = data_dir / "actions"
        paths = action_paths
        if paths is None:
            paths = sorted(folder.glob("*.yml")) if folder.is_dir() else []
        for path in paths:
            if path.name.startswith("."):
                continue
            root = source.file(path).edit.root
            if not isinstance(root, yaml.SequenceNode):
                continue
            for item in root.value:
                found = yamledit.get(item, "id")
                group = yamledit.get(item, "group")
                if found is not None and isinstance(found[1], yaml.ScalarNode):
                    source.records[("actions", (found[1].value,))] = (path, item, root)
                if action_paths is None and group and isinstance(group[1], yaml.ScalarNode):
                    source.action_files[(group[1].value, path)] += 1
    return source


@dataclass
class Written:
    """What `apply` decided: the new text of each file, the records removed, and problems."""

    texts: dict[Path, str] = field(default_factory=dict)
    originals: dict[Path, str] = field(default_factory=dict)  # each file's text as it was read
    removed: dict[str, list[Key]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class _Writer:
    def __init__(
        self,
        data_dir: Path,
        plan: Plan,
        where: Where,
        tables: set[str],
        actions: _ActionFiles | None,
    ):
        self.data_dir = data_dir
        self.plan = plan
        self.where = where
        self.source = _index(data_dir, tables, actions.needed if actions else None)
        if actions is not None:
            self.source.action_files = actions.counts
        self.children = Children(self)  # the items of lists inside records
        self.problems: list[str] = []
        self.refused: set[int] = set()  # ids of record nodes already refused
        self.removed_nodes: set[int] = set()  # ids of record nodes removed

    # ---------------------------------------------------------------- what can be edited

    def _at(self, path: Path, node: yaml.Node) -> str:
        mark = node.start_mark
        return f"{display_path(path)}:{mark.line + 1}:{mark.column + 1}"

    def _refuse(self, path: Path, node: yaml.Node, what: str, reason: str) -> bool:
        if id(node) not in self.refused:
            self.refused.add(id(node))
            self.problems.append(
                f"{self._at(path, node)}: {what} {reason}, which planpress import does not "
                "rewrite: make this change in the file by hand"
            )
        return False

    def _tokens(self, path: Path, start: int, end: int) -> bool:
        return any(start <= at < end for at in self.source.file(path).references)

    def editable(self, path: Path, node: yaml.Node, what: str) -> bool:
        """True if the record `node` can be rewritten (see the module docstring); else a
        problem, once per record."""
        if id(node) in self.refused:
            return False
        if not isinstance(node, yaml.MappingNode):
            return self._refuse(path, node, what, "is not a mapping of fields")
        if node.start_mark.index in self.source.file(path).references:
            return self._refuse(path, node, what, "is a YAML anchor (&name) other records use")
        return True

    def field_editable(
        self, path: Path, node: yaml.MappingNode, what: str, steps: tuple[str, ...], value: Any
    ) -> bool:
        """True if one field of an editable record can be rewritten; else a problem.

        A field that is not written in the record but may come from a merge key can be given
        a value (written in the record, it wins), but not removed nor changed in part.
        """
        key = steps[0]
        found = yamledit.get(node, key)
        if found is None:
            if _merged(node, key) and (value is None or len(steps) > 1):
                return self._refuse(
                    path, node, what, f"may take its {key} from a YAML merge key (<<:)"
                )
            return True
        key_node, value_node = found
        start, end = node.start_mark.index, node.end_mark.index
        inside = start <= value_node.start_mark.index and value_node.end_mark.index <= end
        if not inside or self._tokens(path, key_node.start_mark.index, value_node.end_mark.index):
            return self._refuse(
                path, node, what, f"has its {key} written with a YAML anchor or alias"
            )
        return True

    def list_editable(self, path: Path, sequence: yaml.Node | None, what: str) -> bool:
        """True if items can be added to or removed from a list of records."""
        if sequence is None or not getattr(sequence, "flow_style", False):
            return True
        if id(sequence) not in self.refused:
            self.refused.add(id(sequence))
            self.problems.append(
                f"{self._at(path, sequence)}: the list of {what} is written in YAML flow style "
                "([...]), which planpress import does not rewrite: write it in block style "
                "(each item starting '- ' on a line of its own), or make this change by hand"
            )
        return False

    def record(self, table: Table, key: Key) -> tuple[Path, yaml.Node, yaml.Node | None] | None:
        found = self.source.records.get((table.name, key))
        if found is None:
            place = self.where(table.name, key, None) or display_path(self.data_dir)
            self.problems.append(
                f"{place}: {table.kind} '{shown('/'.join(key))}' is written in data/ in a way "
                "planpress import cannot find (through a YAML alias or merge key?): make this "
                "change in data/ by hand"
            )
        return found

    # ---------------------------------------------------------------- changes

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
                value = None if yamledit.get(node, column.path[0]) is None else False
            try:
                edit.set_field(node, column.path, value, field_order(table))
            except ValueError:
                self.problems.append(
                    f"{self._at(path, node)}: {what}: its {column.name} cannot be removed in "
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
            return self._refuse(path, node, what, "holds a YAML anchor (&name) other records use")
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
                f"{self._at(path, root)}: the glossary is written in YAML flow style with an "
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

    def _glossary_entry_editable(self, file: _File, root: yaml.Node | None, term: str) -> bool:
        found = yamledit.get(root, term) if root is not None else None
        if found is None:
            return True
        start, end = found[0].start_mark.index, found[1].end_mark.index
        if any(start <= at < end for at in file.references):
            self.problems.append(
                f"{self._at(file.path, found[0])}: the glossary term '{shown(term)}' uses a YAML "
                "anchor or alias, which planpress import does not rewrite: make this change "
                "by hand"
            )
            return False
        return True


def _merged(node: yaml.Node, key: str, depth: int = 0) -> bool:
    """True if a mapping takes `key` from a merge key (`<<: *name`), directly or not."""
    for merge_key, source in yamledit.pairs(node):
        if merge_key.value != "<<" or depth > 20:
            continue
        sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
        for one in sources:
            if yamledit.get(one, key) is not None or _merged(one, key, depth + 1):
                return True
    return False


@dataclass
class _ActionFiles:
    """The files of actions an import reads: those holding the actions it changes or removes,
    and the file each new action goes to; and how many actions of each group each file holds."""

    needed: list[Path]
    counts: Counter[tuple[str, Path]]


def _action_files(
    data_dir: Path,
    plan: Plan,
    locations: dict[tuple[str, str], Any],
    now: dict[Key, dict[str, Any]],
    want: dict[Key, dict[str, Any]],
) -> _ActionFiles | None:
    """`_ActionFiles` from where the plan's loading found each action (None if it did not)."""
    folder = data_dir / "actions"
    file_of: dict[str, Path] = {}
    counts: Counter[tuple[str, Path]] = Counter()
    for action in plan.actions:
        found = locations.get(("action", action.id))
        if found is None:
            return None
        file_of[action.id] = folder / Path(found.path).name
        counts[(action.group, file_of[action.id])] += 1
    needed = {file_of[key[0]] for key in now if want.get(key) != now[key]}
    for key, row in want.items():
        if key not in now:
            group = str(row.get("group") or "")
            files = [(n, p) for (g, p), n in counts.items() if g == group]
            if files:
                needed.add(max(files)[1])
    return _ActionFiles(sorted(needed), counts)


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
        actions = _action_files(data_dir, current_plan, locations, *changed["actions"])
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
