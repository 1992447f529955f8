"""Items of a block list written into a file's text, as an import adds and removes them: an
item inserted after another or before it (and before the comment lines just above it), written
with the same indent and dash; and a run of items at the end of a list removed with the blank
lines before it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from planpress.exchange.yamledit import Edit, EditableFile
from planpress.exchange.yamlnodes import end_of, line_end
from planpress.exchange.yamltext import render_mapping


def remove_tail(edit: EditableFile, kept: yaml.Node, first: yaml.Node, last: yaml.Node) -> None:
    """Remove the items from `first` to `last`, which ends its list, with the blank lines
    between them and `kept`, the item before them (comments there stay)."""
    text = edit.text
    start = line_end(text, end_of(text, kept))
    first_line = text.rfind("\n", 0, first.start_mark.index) + 1
    if text[start:first_line].strip():
        start = first_line
    edit.edits.append(Edit(start, line_end(text, end_of(text, last)), ""))


def _dash(text: str, node: yaml.Node) -> tuple[int, str]:
    """Where a block list item's `-` is, and the text from it to the item (`- `)."""
    start = text.rfind("\n", 0, node.start_mark.index) + 1
    prefix = text[start : node.start_mark.index]
    found = re.fullmatch(r"( *)(- +)", prefix)
    if found is None:
        return max(node.start_mark.column - 2, 0), "- "
    return len(found.group(1)), found.group(2)


def _item_text(text: str, node: yaml.Node, values: dict[str, Any]) -> str:
    column, dash = _dash(text, node)
    return " " * column + dash + render_mapping(values, column + len(dash), True)


def insert_after(edit: EditableFile, node: yaml.Node, values: dict[str, Any]) -> None:
    end = end_of(edit.text, node)
    text = "\n" + _item_text(edit.text, node, values)
    edit.edits.append(Edit(end, end, text, order=1_000_000 + len(edit.edits)))


def insert_before(edit: EditableFile, node: yaml.Node, values: dict[str, Any]) -> None:
    """Insert an item before another, and before the comment lines just above it."""
    text = edit.text
    start = text.rfind("\n", 0, node.start_mark.index) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if not text[above:start].strip().startswith("#"):
            break
        start = above
    item = _item_text(text, node, values) + "\n"
    edit.edits.append(Edit(start, start, item, order=1_000_000 + len(edit.edits)))
