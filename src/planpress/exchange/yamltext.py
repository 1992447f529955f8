"""Values written as YAML text that reads back as exactly that value: a scalar (plain, folded
or double-quoted), a field (`key: value`), a mapping in block style, and a value in flow style.

Text is written plain where it reads back unchanged, long text folded (`>-`) where folding keeps
it exact, anything else double-quoted with every character YAML may not hold escaped.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml

from planpress.exchange.yamlnodes import Loader

WIDTH = 80  # folded text is wrapped to this many columns, as the data files are written
_PRINTABLE = re.compile(r"[\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
_DATE_LIKE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def scalar(value: Any, indent: int, *, plain_dates: bool = False, room: int = WIDTH) -> str:
    """A value as YAML text that reads back as exactly that value.

    Text that fits is written plain where it reads back unchanged, long text as a folded
    block (`>-`) when folding keeps it exact, anything else double-quoted with escapes.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as the same number
        return text if "e" not in text else format(value, "f")
    text = str(value)
    if plain_dates and _DATE_LIKE.fullmatch(text):
        return text
    if len(text) > room and _foldable(text):
        return ">-\n" + _fold(text, indent + 2)
    if _plain(text):
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """Text in double quotes, every character YAML may not hold as it is escaped."""
    inner = json.dumps(text, ensure_ascii=False)[1:-1]
    return '"' + _UNPRINTABLE.sub(_escape, inner) + '"'


_UNPRINTABLE = re.compile(r"[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@lru_cache(maxsize=8192)
def _plain(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or not _PRINTABLE.fullmatch(text):
        return False
    try:
        # Loader is a SafeLoader: it builds plain values only
        same: bool = yaml.load(f"k: {text}\n", Loader=Loader) == {"k": text}
        return same
    except yaml.YAMLError:
        return False


def _foldable(text: str) -> bool:
    return (
        text == text.strip()
        and "\n" not in text
        and "  " not in text
        and "\t" not in text
        and bool(_PRINTABLE.fullmatch(text))
    )


def _fold(text: str, indent: int) -> str:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) + indent > WIDTH:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(" " * indent + line for line in lines)


def render_value(value: Any, indent: int, key_length: int) -> str:
    """The text after `key:` for a value: a scalar on the same line, or an indented block."""
    if isinstance(value, dict):
        return "\n" + render_mapping(value, indent + 2)
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict):
                items.append(" " * (indent + 2) + "- " + render_mapping(item, indent + 4, True))
            else:
                room = WIDTH - indent - 4
                items.append(" " * (indent + 2) + "- " + scalar(item, indent + 2, room=room))
        return "\n" + "\n".join(items)
    room = WIDTH - indent - key_length - 2
    return " " + scalar(value, indent, plain_dates=True, room=room)


# Text written plain inside a flow collection: a conservative set that YAML cannot misread.
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][\w .'/()-]*")


def flow_value(value: Any) -> str:
    """A value as YAML text in flow style (on one line), reading back as exactly that value."""
    if isinstance(value, dict):
        inner = ", ".join(
            f"{flow_value(k)}: {flow_value(v)}" for k, v in value.items() if v is not None
        )
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow_value(v) for v in value) + "]"
    if isinstance(value, bool | int | float):
        return scalar(value, 0)
    text = str(value)
    if _DATE_LIKE.fullmatch(text):
        return text
    if _FLOW_PLAIN.fullmatch(text) and _plain(text) and " #" not in text:
        return text
    return quoted(text)


def render_key(key: str) -> str:
    return key if _plain(key) else quoted(key)


def render_field(key: str, value: Any, indent: int) -> str:
    """`key: value` with the key at column `indent` (the first line's indent not included)."""
    shown = render_key(key)
    return f"{shown}:{render_value(value, indent, len(shown))}"


def render_mapping(values: dict[str, Any], indent: int, first_inline: bool = False) -> str:
    """A mapping's fields (values None left out), each line indented by `indent`."""
    lines = [render_field(k, v, indent) for k, v in values.items() if v is not None]
    text = ("\n" + " " * indent).join(lines)
    return text if first_inline else " " * indent + text
