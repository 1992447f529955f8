"""The workbook cell that a problem of an import points at: a problem of the plan as it would
stand, found in a file's text by line (`Locator`), and a row's field as the import writes it
back (`field_places`).
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

import yaml

from planpress.core.problems import Problem
from planpress.exchange import children, yamlnodes
from planpress.exchange.rowkeys import Key, Where, key_of
from planpress.exchange.sheets import ReadResult
from planpress.exchange.tables import TABLE_BY_NAME


class Locator:
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
            root = yamlnodes.compose(text) if text else None
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
    found = yamlnodes.get(node, key)
    return str(found[1].value) if found and isinstance(found[1], yaml.ScalarNode) else ""


def _record_key(table_name: str, record: Any) -> Key:
    table = TABLE_BY_NAME.get(table_name)
    if table is not None and table.child is not None:
        parent, item = record
        return (_scalar(parent, "id"), children.item_key(table, item) or "")
    if table_name == "glossary":
        return (str(record.value),)
    return (_scalar(record, "id"),)


def field_places(read: ReadResult) -> Where:
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
