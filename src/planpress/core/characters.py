"""The characters that text from data may not hold, and how any text is shown in a message.

One list serves both: `check` refuses these characters in the data (`model.text_problem`), and
every message or line that planpress prints shows them escaped (`escaped`, `shown`), so that a
value can neither disguise what a message says nor start a line of its own (where a CI runner
would read it as a command such as `::error::`).
"""

from __future__ import annotations

import re

DIRECTION = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Characters that change the direction of text (as a regular expression class's contents)."""

INVISIBLE = (
    "\u00ad\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
"""Characters that show nothing: zero-width spaces, soft hyphens, tags and the like."""

CONTROL = "\x00-\x1f\x7f-\x9f"
"""C0 and C1 control characters, line breaks and tabs included."""

_UNSHOWABLE = re.compile(f"[{CONTROL}{DIRECTION}{INVISIBLE}]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def escaped(text: str) -> str:
    """`text` on one line: controls, line breaks and invisible characters as `\\n`, `\\u200b`."""
    return _UNSHOWABLE.sub(_escape, text)


def shown(text: str, limit: int = 60) -> str:
    """`text` for a message: `escaped`, and cut to `limit` characters."""
    text = escaped(text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 3] + "..."
