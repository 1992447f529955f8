"""Items of lists inside records (`children`) written into the text of `data/`.

A change is made in place by `writeback`; here, removals and additions, once every table is
seen. A removal takes the item's lines (the whole field when every item of the list goes, and
the blank lines before a run of items removed at the end of a list); an item added goes at the
end of its list, or, for an indicator's values that are in date order, before the first value
dated after it (and before the comments just above that value); the items of a record added go
inside it, values in date order. How an item's text is inserted or removed is `listitems`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planpress.core.characters import shown
from planpress.core.model import PlanDate
from planpress.core.problems import display_path
from planpress.exchange import yamlnodes
from planpress.exchange.children import (
    children_of,
    field_order,
    item_key,
    nested,
    not_there,
    ordered,
)
from planpress.exchange.editable import Checks
from planpress.exchange.listitems import insert_after, insert_before, remove_tail
from planpress.exchange.rowkeys import Key
from planpress.exchange.tables import TABLE_BY_NAME, Table


@dataclass
class _Removal:
    path: Path
    sequence: yaml.SequenceNode
    parent: yaml.Node | None
    table: Table
    nodes: list[yaml.Node] = field(default_factory=list)


class Children:
    """The child records an import adds and removes, written once every table is seen."""

    def __init__(self, writer: Checks):
        self.writer = writer
        self.additions: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (table, parent id)
        self.added_parents: set[tuple[str, str]] = set()  # (parent table, id) added whole
        self.removals: dict[int, _Removal] = {}  # by the list's id
        self.gone: set[int] = set()  # ids of item nodes removed

    def expect(self, table: Table, now: dict[Key, Any], want: dict[Key, dict[str, Any]]) -> None:
        """Note the rows of a child table that are new, before the records holding them are
        written (a record added takes its new items with it)."""
        for key, row in want.items():
            if key not in now:
                self.additions.setdefault((table.name, key[0]), []).append(row)

    def with_lists(self, table: Table, record_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """A record being added, with the child records added to it."""
        self.added_parents.add((table.name, record_id))
        lists = {}
        for child in children_of(table.name):
            assert child.child is not None
            rows = self.additions.pop((child.name, record_id), [])
            if rows:
                lists[child.child.field] = _in_order(child, [nested(child, r) for r in rows])
        if not lists:
            return values
        return ordered({**values, **lists}, field_order(table))

    def remove(self, table: Table, key: Key) -> bool:
        """Note a child record to remove (nothing to do if its record goes too)."""
        writer = self.writer
        found = writer.record(table, key)
        if found is None:
            return False
        path, node, sequence = found
        parent = writer.source.parents.get(id(sequence))
        if parent is not None and id(parent) in writer.removed_nodes:
            return True  # removed with the record holding it
        what = f"{table.kind} '{shown('/'.join(key))}'"
        if not writer.editable(path, node, what):
            return False
        start, end = node.start_mark.index, node.end_mark.index
        if any(start <= at < end for at in writer.source.file(path).anchors):
            return writer.refuse(path, node, what, "holds a YAML anchor (&name) other records use")
        if not isinstance(sequence, yaml.SequenceNode):
            return False
        if not writer.list_editable(path, sequence, table.sheet.lower()):
            return False
        removal = self.removals.setdefault(id(sequence), _Removal(path, sequence, parent, table))
        removal.nodes.append(node)
        return True

    def finish(self) -> None:
        """Write the removals, then the additions to records that were there."""
        for removal in self.removals.values():
            self._remove(removal)
        for (name, record_id), rows in self.additions.items():
            table = TABLE_BY_NAME[name]
            assert table.child is not None
            if (table.child.parent, record_id) not in self.added_parents:
                self._add(table, record_id, rows)

    def _remove(self, removal: _Removal) -> None:
        writer, table, parent = self.writer, removal.table, removal.parent
        assert table.child is not None
        edit = writer.source.file(removal.path).edit
        self.gone.update(id(node) for node in removal.nodes)
        whole = len(removal.nodes) == len(removal.sequence.value)
        if whole and isinstance(parent, yaml.MappingNode):
            # every item goes: the field goes (or, with items added, is written anew by `_add`)
            record_id = _scalar(parent, "id")
            if (table.name, record_id) in self.additions:
                return
            list_field = table.child.field
            what = f"{TABLE_BY_NAME[table.child.parent].kind} '{shown(record_id)}'"
            if writer.field_editable(removal.path, parent, what, (list_field,), None):
                order = field_order(TABLE_BY_NAME[table.child.parent])
                edit.set_field(parent, (list_field,), None, order)
            return
        items = removal.sequence.value
        last = len(items)
        while last > 0 and id(items[last - 1]) in self.gone:
            last -= 1  # items[last:], at the end of the list, all go
        if last == 0:
            last = len(items)  # every item, and no record to remove the field from
        for node in items[:last]:
            if id(node) in self.gone:
                edit.remove_item(removal.sequence, node)
        if last < len(items):
            remove_tail(edit, items[last - 1], items[last], items[-1])

    def _add(self, table: Table, record_id: str, rows: list[dict[str, Any]]) -> None:
        writer = self.writer
        child = table.child
        assert child is not None
        holders = TABLE_BY_NAME[child.parent]
        if not any(r.id == record_id for r in getattr(writer.plan, child.parent)):
            key = (record_id, str(rows[0].get(table.key_name) or ""))
            place = writer.where(table.name, key, child.column) or display_path(writer.data_dir)
            writer.problems.append(f"{place}: {not_there(table, record_id)}")
            return
        found = writer.record(holders, (record_id,))
        if found is None:
            return
        path, parent, _ = found
        what = f"{holders.kind} '{shown(record_id)}'"
        if not writer.editable(path, parent, what):
            return
        assert isinstance(parent, yaml.MappingNode)
        items = [nested(table, row) for row in rows]
        if not writer.field_editable(path, parent, what, (child.field,), items):
            return
        edit = writer.source.file(path).edit
        existing = yamlnodes.get(parent, child.field)
        sequence = existing[1] if existing is not None else None
        kept = []
        if isinstance(sequence, yaml.SequenceNode):
            kept = [n for n in sequence.value if id(n) not in self.gone]
        if not kept:  # no list, an empty one, or every item removed: the list written anew
            edit.set_field(parent, (child.field,), _in_order(table, items), field_order(holders))
            return
        assert isinstance(sequence, yaml.SequenceNode)
        if not writer.list_editable(path, sequence, table.sheet.lower()):
            return
        for item, before in _places(table, kept, items):
            if before is None:
                insert_after(edit, kept[-1], item)
            else:
                insert_before(edit, before, item)


def _scalar(node: yaml.Node, key: str) -> str:
    found = yamlnodes.get(node, key)
    return str(found[1].value) if found and isinstance(found[1], yaml.ScalarNode) else ""


def _date_order(table: Table, node_or_item: Any) -> tuple[Any, ...] | None:
    """Where a value's date falls, for putting values in date order (None if it has none)."""
    if isinstance(node_or_item, yaml.Node):
        text = item_key(table, node_or_item)
    else:
        text = node_or_item.get("date")
        text = None if text is None else str(text)
    if text is None:
        return None
    try:
        date = PlanDate.parse_year_or_date(text)
    except ValueError:
        return None
    return (date.first_day, date.last_day)


def _in_order(table: Table, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A new list's items, values in date order."""
    if table.column(table.key_name).kind != "date":
        return items
    return sorted(items, key=lambda item: _date_order(table, item) or ())


def _places(
    table: Table, kept: list[yaml.Node], items: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], yaml.Node | None]]:
    """Each item added and the item it goes before (None: after the last).

    An indicator's values in date order stay so: each new value goes before the first value
    dated after it. Other lists, and values not in date order, take new items at the end.
    """
    if table.column(table.key_name).kind != "date":
        return [(item, None) for item in items]
    dates = [_date_order(table, node) for node in kept]
    known = [d for d in dates if d is not None]
    if len(known) != len(dates) or known != sorted(known):
        return [(item, None) for item in items]
    placed = []
    for item in sorted(items, key=lambda i: _date_order(table, i) or ()):
        when = _date_order(table, item)
        before = None
        if when is not None:
            before = next((n for n, d in zip(kept, known, strict=True) if d > when), None)
        placed.append((item, before))
    return placed
