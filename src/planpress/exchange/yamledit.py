"""Change values in a YAML file's text in place, leaving every other character as it was.

An import rewrites only the fields that changed: each edit replaces the text of one field (its
key and value), inserts a field after the one before it in the record's order, removes a
field's lines, or adds or removes a list item. Comments, blank lines, key order, quoting and
line breaks elsewhere stay byte for byte. Positions come from the node tree of the text as it
was; edits are applied from the end of the file backwards so that none moves another.

A mapping written in flow style (`{id: A-1, status: planned}`) that changes is written again
whole, on one line and in flow style, its unchanged values as they were written. How a value
is written as text is `yamltext`'s; the node tree and its positions are `yamlnodes`'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from planpress.exchange.yamlnodes import Loader, compose, end_of, get, line_end, line_start, pairs
from planpress.exchange.yamltext import flow_value, render_field, render_key, render_mapping


@dataclass
class Edit:
    start: int
    end: int
    text: str
    order: int = 0  # among insertions at one place, the higher comes later in the text


@dataclass
class EditableFile:
    """One file's text, its node tree, and the edits to make to it."""

    text: str
    root: yaml.Node | None = None
    edits: list[Edit] = field(default_factory=list)
    # flow-style mappings that change: id -> (the mapping, {key: new value, None to remove})
    flows: dict[int, tuple[yaml.MappingNode, dict[str, Any]]] = field(default_factory=dict)
    _alias_spans: list[tuple[int, int]] | None = None

    def __post_init__(self) -> None:
        if self.root is None and self.text.strip():
            self.root = compose(self.text)

    @property
    def changed(self) -> bool:
        return bool(self.edits) or bool(self.flows)

    def result(self) -> str:
        text = self.text
        edits = self.edits + self._flow_edits()
        for edit in sorted(edits, key=lambda e: (e.start, e.order), reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text

    # ---------------------------------------------------------------- mappings in flow style

    def _others(self, mapping: yaml.MappingNode, key: str) -> list[str]:
        """The keys of a mapping other than `key`, less those already to be removed."""
        removed = self.flows.get(id(mapping), (mapping, {}))[1]
        return [
            k.value
            for k, _ in pairs(mapping)
            if k.value != key and not (k.value in removed and removed[k.value] is None)
        ]

    def _set_flow(self, mapping: yaml.MappingNode, key: str, value: Any) -> None:
        if value is None and get(mapping, key) is None:
            return
        self.flows.setdefault(id(mapping), (mapping, {}))[1][key] = value

    def _aliases(self) -> list[tuple[int, int]]:
        """Where each alias (`*name`) is written: its start and end offsets, in order."""
        if self._alias_spans is None:
            self._alias_spans = []
            if "*" in self.text:
                for token in yaml.scan(self.text, Loader=Loader):
                    if isinstance(token, yaml.AliasToken):
                        self._alias_spans.append((token.start_mark.index, token.end_mark.index))
        return self._alias_spans

    def _child_text(self, node: yaml.Node, cursor: int, end: int) -> tuple[str, int]:
        """A child's text, written at or after `cursor` (an alias: its `*name`), and its end.

        An alias's node is the node it names, written elsewhere: so a node that does not lie
        between `cursor` and `end` is the next alias written after `cursor`.
        """
        if cursor <= node.start_mark.index and node.end_mark.index <= end:
            return self._flow_text(node), node.end_mark.index
        for start, stop in self._aliases():
            if start >= cursor:
                return self.text[start:stop], stop
        raise ValueError("an alias whose text cannot be found")

    def _flow_text(self, node: yaml.Node) -> str:
        """A flow node's text with the changes asked for (its own text if there are none)."""
        start, end = node.start_mark.index, node.end_mark.index
        changes = self.flows[id(node)][1] if id(node) in self.flows else None
        inner = any(
            start <= m.start_mark.index and m.end_mark.index <= end and m is not node
            for m, _ in self.flows.values()
        )
        if changes is None and not inner:
            return self.text[start:end]
        cursor = start
        if isinstance(node, yaml.SequenceNode):
            items = []
            for child in node.value:
                text, cursor = self._child_text(child, cursor, end)
                items.append(text)
            return "[" + ", ".join(items) + "]"
        if not isinstance(node, yaml.MappingNode):
            return self.text[start:end]
        changes = changes or {}
        parts = []
        for key_node, value_node in node.value:
            key_text, cursor = self._child_text(key_node, cursor, end)
            value_text, cursor = self._child_text(value_node, cursor, end)
            if key_node.value not in changes:
                parts.append(f"{key_text}: {value_text}")
            elif changes[key_node.value] is not None:
                parts.append(f"{key_text}: {flow_value(changes[key_node.value])}")
        present = {k.value for k, _ in node.value}
        for key, value in changes.items():
            if key not in present and value is not None:
                parts.append(f"{render_key(key)}: {flow_value(value)}")
        return "{" + ", ".join(parts) + "}"

    def _flow_edits(self) -> list[Edit]:
        """One edit per outermost flow mapping that changes: its whole text written again."""
        spans = [(m.start_mark.index, m.end_mark.index) for m, _ in self.flows.values()]
        edits = []
        for mapping, _ in self.flows.values():
            start, end = mapping.start_mark.index, mapping.end_mark.index
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
                continue  # written with the mapping it is in
            edits.append(Edit(start, end, self._flow_text(mapping)))
        return edits

    # ---------------------------------------------------------------- fields of a mapping

    def set_field(
        self, mapping: yaml.Node, path: Sequence[str], value: Any, order: Sequence[str]
    ) -> None:
        """Give the field at `path` (one or two keys deep) this value; None removes it.

        `order` is the record's keys in their usual order, to place a field that is new.
        """
        if isinstance(mapping, yaml.MappingNode) and mapping.flow_style:
            if len(path) == 2:
                found = get(mapping, path[0])
                if found is not None and isinstance(found[1], yaml.MappingNode):
                    if value is None and not self._others(found[1], path[1]):
                        self._set_flow(mapping, path[0], None)
                    else:
                        self._set_flow(found[1], path[1], value)
                    return
                if value is None:
                    return
                path, value = path[:1], {path[1]: value}
            self._set_flow(mapping, path[0], value)
            return
        if len(path) == 2:
            found = get(mapping, path[0])
            if found is not None and isinstance(found[1], yaml.MappingNode):
                inner = found[1]
                if value is None and not self._others(inner, path[1]):
                    self._remove(found[0], found[1])
                else:
                    nested = [p[1] for p in _nested_order(order, path[0])]
                    self.set_field(inner, path[1:], value, nested)
                return
            if value is None:
                return
            path, value = path[:1], {path[1]: value}
        key = path[0]
        found = get(mapping, key)
        if found is not None:
            key_node, value_node = found
            if value is None:
                self._remove(key_node, value_node)
            else:
                indent = key_node.start_mark.column
                end = end_of(self.text, value_node)
                self.edits.append(
                    Edit(key_node.start_mark.index, end, render_field(key, value, indent))
                )
            return
        if value is None:
            return
        self._insert(mapping, key, value, [o.split(".")[0] for o in order])

    def _insert(self, mapping: yaml.Node, key: str, value: Any, order: list[str]) -> None:
        present = {k.value: (k, v) for k, v in pairs(mapping)}
        before = order[: order.index(key)] if key in order else order
        previous = next((present[k] for k in reversed(before) if k in present), None)
        if previous is None and present:  # new first field: before the first one
            first_key = mapping.value[0][0]
            indent = first_key.start_mark.column
            text = render_field(key, value, indent) + "\n" + " " * indent
            self.edits.append(Edit(first_key.start_mark.index, first_key.start_mark.index, text))
            return
        if previous is None:
            raise ValueError("cannot add a field to an empty mapping")
        indent = previous[0].start_mark.column
        end = end_of(self.text, previous[1])
        text = "\n" + " " * indent + render_field(key, value, indent)
        self.edits.append(Edit(end, end, text, order=len(self.edits)))

    def _remove(self, key_node: yaml.Node, value_node: yaml.Node) -> None:
        start = line_start(self.text, key_node.start_mark.index)
        end = line_end(self.text, end_of(self.text, value_node))
        if self.text[start : key_node.start_mark.index].strip():  # `- key:` opens an item
            raise ValueError("cannot remove the first field of a list item")
        self.edits.append(Edit(start, end, ""))
        for key, (mapping, _) in list(self.flows.items()):  # changes inside go with it
            if start <= mapping.start_mark.index and mapping.end_mark.index <= end:
                del self.flows[key]

    # ---------------------------------------------------------------- items of a list

    def remove_item(self, sequence: yaml.SequenceNode, item: yaml.Node) -> None:
        """Remove one item of a block list, with the lines it takes up."""
        start = line_start(self.text, item.start_mark.index)
        end = line_end(self.text, end_of(self.text, item))
        index = sequence.value.index(item)
        if index + 1 < len(sequence.value):  # up to the next item, keeping its comments
            next_start = line_start(self.text, sequence.value[index + 1].start_mark.index)
            gap = self.text[end:next_start]
            kept = [line for line in gap.splitlines(keepends=True) if line.strip()]
            if not kept:
                end = next_start
        elif index > 0:  # the last item: take the blank lines before it with it
            previous_end = line_end(self.text, end_of(self.text, sequence.value[index - 1]))
            if not self.text[previous_end:start].strip():
                start = previous_end
        self.edits.append(Edit(start, end, ""))

    def append_item(
        self, sequence: yaml.SequenceNode | None, values: dict[str, Any], *, spaced: bool
    ) -> None:
        """Add a mapping at the end of a block list (`spaced`: a blank line before it)."""
        if sequence is None or not sequence.value:
            item = "- " + render_mapping(values, 2, True) + "\n"
            if self.text.strip() in ("", "[]"):
                start = 0 if not self.text.strip() else self.text.index("[")
                self.edits.append(Edit(start, len(self.text), item))
            else:
                sep = "" if self.text.endswith("\n") else "\n"
                self.edits.append(Edit(len(self.text), len(self.text), sep + "\n" + item))
            return
        last = sequence.value[-1]
        column = last.start_mark.column - 2
        end = end_of(self.text, last)
        item = " " * column + "- " + render_mapping(values, column + 2, True)
        text = ("\n\n" if spaced else "\n") + item
        self.edits.append(Edit(end, end, text, order=1_000_000 + len(self.edits)))

    # ---------------------------------------------------------------- a mapping of texts

    def set_entry(self, mapping: yaml.MappingNode | None, key: str, value: str | None) -> None:
        """Set, add (at the end) or remove one `key: value` of a top-level mapping."""
        if mapping is not None and mapping.flow_style:
            self._set_flow(mapping, key, value)
            return
        found = get(mapping, key) if mapping is not None else None
        if found is not None:
            if value is None:
                self._remove(*found)
            else:
                self.edits.append(
                    Edit(
                        found[0].start_mark.index,
                        end_of(self.text, found[1]),
                        render_field(key, value, found[0].start_mark.column),
                    )
                )
            return
        if value is None:
            return
        line = render_field(key, value, 0) + "\n"
        if mapping is None or not mapping.value:
            self.edits.append(Edit(0, len(self.text), line))
            return
        end = line_end(self.text, end_of(self.text, mapping.value[-1][1]))
        prefix = "" if self.text[:end].endswith("\n") else "\n"
        self.edits.append(Edit(end, end, prefix + line, order=len(self.edits)))


def _nested_order(order: Sequence[str], parent: str) -> list[tuple[str, str]]:
    return [tuple(o.split(".", 1)) for o in order if o.startswith(parent + ".")]  # type: ignore[misc]
