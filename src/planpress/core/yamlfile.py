"""Read one YAML file into plain Python values, keeping where each value came from.

The file's bytes are read safely (`safe_read`): only a regular file, not too large. Here they
must be UTF-8 text of YAML, not empty; a syntax error is worded by `yamlsyntax`, and the node
tree is turned into values strictly (`yamlvalues`: no repeated keys, runaway aliases, deep
nesting, misread numbers or tags). The parsed file (`YamlDocument`) places any problem found
later at its line and column, counted from 1 as editors do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planpress.core.problems import FileError, Problem
from planpress.core.safe_read import read_bytes
from planpress.core.yamlsyntax import syntax_problem
from planpress.core.yamlvalues import build_values, too_deep

_FastLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml: the same results, several times faster
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _FastLoader


@dataclass
class YamlDocument:
    """A parsed file: its values, and the node tree that knows where each value is.

    A large plan's node trees take several times the memory of its records, so the loader
    `release`s each file's tree and values once they are validated; the tree is composed
    again from the text, only if a problem has to be placed in the file.
    """

    display: str
    value: Any
    root: yaml.Node | None
    text: str = ""

    def release(self) -> None:
        """Drop the node tree and the values (kept: the text, to place a problem later)."""
        self.root = None
        self.value = None

    def _tree(self) -> yaml.Node:
        if self.root is None:
            root = yaml.compose(self.text, Loader=_FastLoader)
            assert root is not None, "parse_yaml read this text once, and refuses an empty one"
            self.root = root
        return self.root

    def locate(self, loc: tuple[Any, ...]) -> tuple[yaml.Node | None, yaml.Node]:
        """The key node (if the last step is a key) and the value node at `loc`.

        Where `loc` leads nowhere (a missing field, say), the nearest ancestor that exists.
        """
        key_node: yaml.Node | None = None
        node = self._tree()
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                match = [
                    pair
                    for pair in node.value
                    if isinstance(pair[0], yaml.ScalarNode) and pair[0].value == str(step)
                ]
                if not match:
                    return None, node
                key_node, node = match[-1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return None, node
                key_node, node = None, node.value[step]
            else:
                return None, node
        return key_node, node

    def problem(self, loc: tuple[Any, ...], message: str, *, at_key: bool = False) -> Problem:
        """A problem placed at `loc`: at its key when `at_key`, else at its value."""
        key_node, value_node = self.locate(loc)
        node = key_node if at_key and key_node is not None else value_node
        mark = node.start_mark
        return Problem(self.display, mark.line + 1, mark.column + 1, message)

    def line_of(self, loc: tuple[Any, ...]) -> int:
        """The line (from 1) where the value at `loc` starts."""
        return self.locate(loc)[1].start_mark.line + 1


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse `path` into values and nodes, or raise `FileError` saying what is wrong.

    `path` is read as `safe_read.read_bytes` reads it: without following a symbolic link or
    waiting on a pipe or device, and only if it is a regular file.
    """
    return parse_bytes(read_bytes(path, display), display)


def parse_bytes(raw: bytes, display: str) -> YamlDocument:
    """Parse a file's bytes (UTF-8 text of YAML); see `read_yaml`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise FileError(
            Problem(
                display,
                line,
                column,
                f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read): "
                "save it with UTF-8 encoding",
            )
        ) from None
    return parse_yaml(text.removeprefix("\ufeff"), display)


def parse_yaml(text: str, display: str) -> YamlDocument:
    """Parse YAML text; see `read_yaml`."""
    try:
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        raise FileError(syntax_problem(text, display, exc)) from None
    except RecursionError:  # pragma: no cover - PyYAML without libyaml, which has no limit
        raise FileError(Problem(display, 1, 1, too_deep())) from None
    if root is None:
        raise FileError(Problem(display, 1, 1, "file is empty"))
    return YamlDocument(display, build_values(root, display, text), root, text)
