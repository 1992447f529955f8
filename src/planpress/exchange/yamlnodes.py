"""A YAML file's node tree, as the import reads it to find what to rewrite: the tree of a text,
a mapping's fields, and where a node's own text ends.

The tree is composed with PyYAML's safe loader (its C version when there is one), which builds
plain values only; every position is an offset in the text the tree was composed from.
"""

from __future__ import annotations

import yaml

Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as Loader


def compose(text: str) -> yaml.Node | None:
    """The node tree of a text (None for a text with no document)."""
    return yaml.compose(text, Loader=Loader)


def pairs(node: yaml.Node) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    """A mapping's (key, value) nodes, in the order written (none for any other node)."""
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def get(node: yaml.Node, key: str) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    """The key and value nodes of a mapping's field `key`, or None."""
    for key_node, value_node in pairs(node):
        if key_node.value == key:
            return key_node, value_node
    return None


def end_of(text: str, node: yaml.Node) -> int:
    """Where the node's own text ends: before the blank lines and comments that follow it."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            start = node.start_mark.index
            return start + len(text[start : node.end_mark.index].rstrip())
        return node.end_mark.index
    if getattr(node, "flow_style", False) or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return end_of(text, last[1] if isinstance(node, yaml.MappingNode) else last)


def line_start(text: str, index: int) -> int:
    """Where the line holding `index` starts."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Just past the line break that ends the line holding `index` (or the end of the text)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1
