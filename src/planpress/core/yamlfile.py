"""Read one YAML file into plain Python values, keeping where each value came from.

Stricter than `yaml.safe_load` where the loader would lose data, misread it or hang:
- a key repeated inside one mapping is an error (loaders silently keep the last one);
- aliases may not expand to more than `MAX_ALIAS_VALUES` values (the "billion laughs" bomb);
- values may not be nested more than `MAX_DEPTH` levels deep;
- unquoted dates stay the text the user wrote (`version: 2020-07-16` is "2020-07-16");
- whole numbers are plain decimal digits, leading zeros included (`0240000` is 240000, not the
  octal 81920); the other forms YAML 1.1 reads as numbers (`0x10`, `0b101`, `1_000`, `190:20:30`)
  and numbers of more than `MAX_DIGITS` digits stay text (`YamlNumberText`), which number fields
  refuse;
- a tag other than the standard ones for text, numbers, true/false, null, lists and mappings is
  an error, wherever it is written (`!!python/object/apply:...`, `!custom`);
- only a regular file is read: a link, a named pipe or a device is refused without being
  followed, opened for reading or waited on;
- a file that is not UTF-8, is empty, or is too large is refused with a plain message.
Every problem carries a line and column, counted from 1 as editors do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planpress.core.characters import shown

_FastLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml: the same results, several times faster
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _FastLoader

MAX_FILE_BYTES = 64 * 1024 * 1024
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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, at a place in a file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


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


class FileError(Exception):
    """The file cannot be read as YAML at all; `problem` says why and where."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


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


def not_a_file(mode: int, link_target: str | None = None, *, folder: bool = False) -> str:
    """The message for something in the data folder that is not a regular file (with
    `folder`: that is not the ordinary folder it should be)."""
    if stat.S_ISLNK(mode):
        to = f" to '{shown(link_target, 300)}'" if link_target is not None else ""
        what = f"a symbolic link{to}"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    elif stat.S_ISDIR(mode):
        what = "a folder"
    else:
        what = "something other than a file"
    if folder:
        return (
            f"this is {what}, not a folder (actions/ must be an ordinary folder: put the folder "
            "itself here)"
        )
    return (
        f"this is {what}, not a file (the data folder may hold only ordinary files: "
        "put the file itself here)"
    )


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse `path` into values and nodes, or raise `FileError` saying what is wrong.

    `path` is opened without following a symbolic link and without waiting on a pipe or
    device, and read only if what was opened is a regular file (so it cannot change between
    a check and the read).
    """
    return parse_bytes(read_bytes(path, display), display)


def read_bytes(path: Path, display: str) -> bytes:
    """The bytes of `path`, opened and checked as `read_yaml` says (`FileError` if not)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and Path(path).is_symlink()):
            target = None
            with contextlib.suppress(OSError):
                target = str(Path(path).readlink())
            message = not_a_file(stat.S_IFLNK, target)
        else:
            message = f"cannot read the file ({exc.strerror})"
        raise FileError(Problem(display, 1, 1, message)) from None
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(file.fileno())
        if not stat.S_ISREG(mode.st_mode):
            raise FileError(Problem(display, 1, 1, not_a_file(mode.st_mode)))
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES or mode.st_size > MAX_FILE_BYTES:
        size = max(len(raw), mode.st_size)
        raise FileError(
            Problem(
                display,
                1,
                1,
                f"file is too large ({size:,} bytes; at most {MAX_FILE_BYTES:,}): "
                "split it into several files",
            )
        )
    return raw


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
        raise FileError(_syntax_problem(text, display, exc)) from None
    except RecursionError:  # pragma: no cover - PyYAML without libyaml, which has no limit
        raise FileError(Problem(display, 1, 1, _too_deep())) from None
    if root is None:
        raise FileError(Problem(display, 1, 1, "file is empty"))
    builder = _Builder(display, text)
    return YamlDocument(display, builder.build(root, 0), root, text)


def _too_deep() -> str:
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
            raise self.fail(node, _too_deep())
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


_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be put in quotes",
    "could not find expected ':'": "each line of a mapping needs 'name: value'",
    "did not find expected key": "check the indentation of this line against the ones above",
    "expected <block end>": "check the indentation of this line against the ones above",
    "expected '<document start>'": "check the indentation of this line against the ones above",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "found undefined alias": "an alias (*name) must refer to an anchor (&name) above it",
}


def _syntax_problem(text: str, display: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    tab = _tab_indentation(text, line)
    if tab is not None:
        return Problem(
            display, tab[0], tab[1], "a tab is used for indentation: indent with spaces only"
        )
    problem = getattr(exc, "problem", None) or str(exc)
    if "exceeded maximum nesting depth" in problem:  # libyaml's own limit, above MAX_DEPTH
        return Problem(display, line, column, _too_deep())
    context = getattr(exc, "context", None)
    # libyaml words some problems differently from PyYAML; PyYAML's words are the ones people
    # find in documentation, so ask it about the same text up to the line that failed.
    shorter = "\n".join(text.split("\n")[: line + 2])
    try:
        yaml.compose(shorter, Loader=yaml.SafeLoader)
    except yaml.YAMLError as python_exc:
        python_mark = getattr(python_exc, "problem_mark", None)
        if (
            isinstance(python_exc, yaml.MarkedYAMLError)  # the only errors with a problem_mark
            and python_mark
            and (python_mark.line + 1, python_mark.column + 1) == (line, column)
        ):
            problem = python_exc.problem or problem
            context = python_exc.context
    except RecursionError:
        pass
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        message += f" ({context} at line {context_mark.line + 1})"
    for needle, hint in _HINTS.items():
        if needle in message:
            message += f"; {hint}"
            break
    return Problem(display, line, column, message)


def _tab_indentation(text: str, up_to_line: int) -> tuple[int, int] | None:
    """The first tab in the indentation of any line up to the one that failed, if any."""
    for number, line in enumerate(text.split("\n")[:up_to_line], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None
