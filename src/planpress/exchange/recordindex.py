"""Where each record of `data/` is written: its file, its node in the file's tree, and the list
it is in (`Source`, made by `index_records`); and which files of actions an import has to read
(`action_files`): those holding the actions it changes or removes, and the file each new action
goes to.

Each file is read once, its text kept to be edited (`EditableFile`), with where its
anchors (`&name`) and aliases (`*name`) are written, found when first asked for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpress.core.model import Plan
from planpress.exchange import yamlnodes
from planpress.exchange.children import children_of, index_items
from planpress.exchange.rowkeys import Key
from planpress.exchange.yamledit import EditableFile

# The file that holds each kind of record other than actions (those are in data/actions/).
SINGLE_FILES = {
    "organisations": "organisations.yml",
    "groups": "groups.yml",
    "meetings": "meetings.yml",
    "milestones": "milestones.yml",
    "procurements": "procurements.yml",
    "indicators": "indicators.yml",
    "glossary": "glossary.yml",
}


@dataclass
class SourceFile:
    """One data file: its text being edited, and where anchors and aliases are written."""

    path: Path
    edit: EditableFile
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
            anchors, aliases = anchors_and_aliases(self.edit.text)
            self._tokens = (anchors, sorted(anchors + aliases))
        return self._tokens


@dataclass
class Source:
    """Where each record of `data/` is written: its file and its node."""

    files: dict[Path, SourceFile] = field(default_factory=dict)
    records: dict[tuple[str, Key], tuple[Path, yaml.Node, yaml.Node | None]] = field(
        default_factory=dict
    )  # (table, key) -> (file, record node, the list it is in)
    parents: dict[int, yaml.Node] = field(default_factory=dict)  # list of child records -> record
    action_files: Counter[tuple[str, Path]] = field(default_factory=Counter)

    def file(self, path: Path) -> SourceFile:
        if path not in self.files:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            self.files[path] = SourceFile(path, EditableFile(text))
        return self.files[path]


def anchors_and_aliases(text: str) -> tuple[list[int], list[int]]:
    """Where the anchors and the aliases of a text start."""
    anchors: list[int] = []
    aliases: list[int] = []
    if "&" not in text and "*" not in text:
        return anchors, aliases
    try:
        for token in yaml.scan(text, Loader=yamlnodes.Loader):
            if isinstance(token, yaml.AnchorToken):
                anchors.append(token.start_mark.index)
            elif isinstance(token, yaml.AliasToken):
                aliases.append(token.start_mark.index)
    except yaml.YAMLError:
        pass
    return anchors, aliases


def index_records(data_dir: Path, tables: set[str], action_paths: list[Path] | None) -> Source:
    """Where the records of the tables that change are written; of the files of actions,
    only `action_paths` are read when they are given (with `action_files` counted already)."""
    source = Source()
    for name, file_name in SINGLE_FILES.items():
        wanted = name in tables or any(t.name in tables for t in children_of(name))
        if not wanted or name == "glossary":
            continue
        path = data_dir / file_name
        root = source.file(path).edit.root
        if not isinstance(root, yaml.SequenceNode):
            continue
        for item in root.value:
            found = yamlnodes.get(item, "id")
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
                found = yamlnodes.get(item, "id")
                group = yamlnodes.get(item, "group")
                if found is not None and isinstance(found[1], yaml.ScalarNode):
                    source.records[("actions", (found[1].value,))] = (path, item, root)
                if action_paths is None and group and isinstance(group[1], yaml.ScalarNode):
                    source.action_files[(group[1].value, path)] += 1
    return source


@dataclass
class ActionFiles:
    """The files of actions an import reads: those holding the actions it changes or removes,
    and the file each new action goes to; and how many actions of each group each file holds."""

    needed: list[Path]
    counts: Counter[tuple[str, Path]]


def action_files(
    data_dir: Path,
    plan: Plan,
    locations: dict[tuple[str, str], Any],
    now: dict[Key, dict[str, Any]],
    want: dict[Key, dict[str, Any]],
) -> ActionFiles | None:
    """`ActionFiles` from where the plan's loading found each action (None if it did not)."""
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
    return ActionFiles(sorted(needed), counts)
