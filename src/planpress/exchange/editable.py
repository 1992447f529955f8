"""What of `data/`'s text an import can rewrite faithfully, each "no" a problem with its file and
line, reported once per record: a record that is not a mapping, or is a YAML anchor other
records use; a field written with an anchor or alias, or that a merge key (`<<: *name`) may
give; a list written in flow style (`[...]`); and a record the import cannot find.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from planpress.core.characters import shown
from planpress.core.model import Plan
from planpress.core.problems import display_path
from planpress.exchange import yamlnodes
from planpress.exchange.recordindex import Source
from planpress.exchange.rowkeys import Key, Where
from planpress.exchange.tables import Table


class Checks:
    """The checks of a writer of `data/`'s text, and the problems they found.

    `source` is where each record is written; `removed_nodes` the records removed so far.
    """

    def __init__(self, data_dir: Path, plan: Plan, where: Where, source: Source):
        self.data_dir = data_dir
        self.plan = plan
        self.where = where
        self.source = source
        self.problems: list[str] = []
        self.refused: set[int] = set()  # ids of record nodes already refused
        self.removed_nodes: set[int] = set()  # ids of record nodes removed

    def at(self, path: Path, node: yaml.Node) -> str:
        """Where a node is written: `file:line:column`."""
        mark = node.start_mark
        return f"{display_path(path)}:{mark.line + 1}:{mark.column + 1}"

    def refuse(self, path: Path, node: yaml.Node, what: str, reason: str) -> bool:
        """Note that the record `node` cannot be rewritten (once per record); False."""
        if id(node) not in self.refused:
            self.refused.add(id(node))
            self.problems.append(
                f"{self.at(path, node)}: {what} {reason}, which planpress import does not "
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
            return self.refuse(path, node, what, "is not a mapping of fields")
        if node.start_mark.index in self.source.file(path).references:
            return self.refuse(path, node, what, "is a YAML anchor (&name) other records use")
        return True

    def field_editable(
        self, path: Path, node: yaml.MappingNode, what: str, steps: tuple[str, ...], value: Any
    ) -> bool:
        """True if one field of an editable record can be rewritten; else a problem.

        A field that is not written in the record but may come from a merge key can be given
        a value (written in the record, it wins), but not removed nor changed in part.
        """
        key = steps[0]
        found = yamlnodes.get(node, key)
        if found is None:
            if merged(node, key) and (value is None or len(steps) > 1):
                return self.refuse(
                    path, node, what, f"may take its {key} from a YAML merge key (<<:)"
                )
            return True
        key_node, value_node = found
        start, end = node.start_mark.index, node.end_mark.index
        inside = start <= value_node.start_mark.index and value_node.end_mark.index <= end
        if not inside or self._tokens(path, key_node.start_mark.index, value_node.end_mark.index):
            return self.refuse(
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
                f"{self.at(path, sequence)}: the list of {what} is written in YAML flow style "
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


def merged(node: yaml.Node, key: str, depth: int = 0) -> bool:
    """True if a mapping takes `key` from a merge key (`<<: *name`), directly or not."""
    for merge_key, source in yamlnodes.pairs(node):
        if merge_key.value != "<<" or depth > 20:
            continue
        sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
        for one in sources:
            if yamlnodes.get(one, key) is not None or merged(one, key, depth + 1):
                return True
    return False
