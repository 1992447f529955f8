"""Turn a YAML file's node tree into plain Python values, stricter than `yaml.safe_load` where
the loader would lose data, misread it or hang (`build_values`):
- a key repeated inside one mapping is an error (loaders silently keep the last one);
- aliases may not expand to more than `MAX_ALIAS_VALUES` values (the "billion laughs" bomb);
- values may not be nested more than `MAX_DEPTH` levels deep;
- unquoted dates stay the text the user wrote (`version: 2020-07-16` is "2020-07-16");
- whole numbers are plain decimal digits, leading zeros included (`0240000` is 240000, not the
  octal 81920); the other forms YAML 1.1 reads as numbers (`0x10`, `0b101`, `1_000`, `190:20:30`)
  and numbers of more than `MAX_DIGITS` digits stay text (`YamlNumberText`), which number fields
  refuse;
- a tag other than the standard ones for text, numbers, true/false, null, lists and mappings is
  an error, wherever it is written (`!!python/object/apply:...`, `!custom`).
Every problem is a `FileError` whose line and column are counted from 1 as editors do.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from planpress.core.characters import shown
from planpress.core.problems import FileError, Problem

MAX_ALIAS_VALUES = 100_000
MAX_DEPTH = 100
MAX_DIGITS = 30

_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()
_DECIMAL = re.compile(r"[-+]?[0-9]+")
# Every form YAML 1.1 reads as a whole number (PyYAML's resolver), to be matched in full.
_YAML11_INT = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_TAG_OR_ANCHOR = re.compile(r"(?:&\S*\s+)?!")


class YamlInt(int):
    """An integer that remembers how it was written, for fields that want text."""

    yaml_text: str


class YamlFloat(float):
    """A number with a decimal point that remembers how it was written (`1.10`)."""

    yaml_text: str


class YamlNumberText(str):
    """A plain value YAML 1.1 reads as a number that is not plain decimal digits, or has more
    than `MAX_DIGITS` digits: kept as the text written, so a text field reads what the user
    typed (`title: 10:30`) and a number field refuses it."""

    too_long: bool = False


def build_values(root: yaml.Node, display: str, text: str) -> Any:
    """The values of the node tree `root`, composed from `text` (the file `display`), or
    `FileError` at the first node refused."""
    return _Builder(display, text).build(root, 0)


def too_deep() -> str:
    """The message for values nested more than `MAX_DEPTH` levels deep."""
    return (
        f"values are nested more than {MAX_DEPTH} levels deep (lists and mappings may be "
        f"nested at most {MAX_DEPTH} levels)"
    )


def _shown_tag(tag: str) -> str:
    """A tag as it is written in a file: `!!binary` for `tag:yaml.org,2002:binary`."""
    return shown("!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag)


def _tag_message(tag: str) -> str:
    return (
        f"the tag '{_shown_tag(tag)}' is not allowed (remove it: values are written as plain "
        "text, numbers, true or false, lists and mappings, without tags)"
    )


class _Builder:
    """Turns a node tree into values, refusing repeated keys and runaway aliases."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.text = text
        self.seen: set[int] = set()
        self.alias_values = 0

    def fail(self, node: yaml.Node, message: str) -> FileError:
        mark = node.start_mark
        return FileError(Problem(self.display, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth > MAX_DEPTH:
            raise self.fail(node, too_deep())
        if node.tag not in _COLLECTION_TAGS:
            raise self.fail(node, _tag_message(node.tag))
        key = id(node)
        if key in self.seen:  # reached again through an alias
            self.alias_values += _count(node, MAX_ALIAS_VALUES - self.alias_values + 1)
            if self.alias_values > MAX_ALIAS_VALUES:
                raise self.fail(
                    node,
                    f"aliases expand to more than {MAX_ALIAS_VALUES:,} values "
                    "(an anchor used inside an anchor many times over): write the values out",
                )
        else:
            self.seen.add(key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.merge_into(merged, key_node, value_node, depth)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a key must be plain text, not a list or mapping")
            if key_node.tag not in _SCALAR_TAGS:
                raise self.fail(key_node, _tag_message(key_node.tag))
            name = key_node.value
            if name in first_line:
                raise self.fail(
                    key_node,
                    f"key '{shown(name)}' appears twice in this mapping (first on line "
                    f"{first_line[name]}): keep one, or the first value is lost",
                )
            first_line[name] = key_node.start_mark.line + 1
            result[name] = self.build(value_node, depth + 1)
        for name, value in merged.items():
            result.setdefault(name, value)
        return result

    def merge_into(
        self, merged: dict[Any, Any], key_node: yaml.Node, value_node: yaml.Node, depth: int
    ) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            value = self.build(source, depth + 1)
            if not isinstance(value, dict):
                raise self.fail(key_node, "'<<' must merge a mapping (an alias such as *defaults)")
            for name, item in value.items():
                merged.setdefault(name, item)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            if node.style or not _DECIMAL.fullmatch(value) or self.tagged(node):
                return value
            return _integer(value)  # a plain `0980`: text to YAML 1.1, a number to a person
        if tag == _INT:  # kept as text unless plain decimal digits, so never computed here
            if not _YAML11_INT.fullmatch(value) and self.tagged(node):
                raise self.fail(node, _not_read(value, "a whole number", tag))
            return _integer(value)
        if tag in _TEXT_TAGS:
            return value
        if tag == _TAG + "float":
            try:
                number = YamlFloat(_constructor.construct_yaml_float(node))
            except ValueError:
                raise self.fail(node, _not_read(value, "a number", tag)) from None
            number.yaml_text = value
            return number
        if tag == _TAG + "bool":
            if value.lower() not in _constructor.bool_values:
                raise self.fail(node, _not_read(value, "true or false", tag))
            return _constructor.construct_yaml_bool(node)
        if tag == _TAG + "null":
            return None
        raise self.fail(node, _tag_message(tag))

    def tagged(self, node: yaml.Node) -> bool:
        """Whether the node is written with an explicit tag (`!!str 0980`)."""
        return bool(_TAG_OR_ANCHOR.match(self.text, node.start_mark.index))


_STR, _INT = _TAG + "str", _TAG + "int"
_TEXT_TAGS = (_TAG + "timestamp", _TAG + "value")  # dates stay text; `=` alone is text too
_COLLECTION_TAGS = frozenset({_TAG + "seq", _TAG + "map"})
_SCALAR_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "value", "merge")
)


def _integer(text: str) -> Any:
    """A whole number as a person reads `text`: decimal digits, or else the text itself."""
    if not _DECIMAL.fullmatch(text):
        return YamlNumberText(text)
    if len(text.lstrip("+-")) > MAX_DIGITS:
        kept = YamlNumberText(text)
        kept.too_long = True
        return kept
    number = YamlInt(text)
    number.yaml_text = text
    return number


def _not_read(value: str, what: str, tag: str) -> str:
    return (
        f"'{shown(value)}' cannot be read as {what} (remove the tag '{_shown_tag(tag)}', or "
        "write a value it allows)"
    )


def _count(node: yaml.Node, limit: int) -> int:
    """How many values the node stands for once expanded, counting no further than `limit`."""
    total = 0
    stack = [node]
    while stack and total < limit:
        current = stack.pop()
        total += 1
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for _key, value in current.value)
    return total
