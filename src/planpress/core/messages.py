"""Turn the model's validation errors into sentences a non-programmer can act on
(`message_for`): a table of wordings, one for each kind of error.

Each message says what is wrong and, in brackets, what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic_core import ErrorDetails

from planpress.core.characters import shown
from planpress.core.model import ACTION_ID_PATTERN, SLUG_PATTERN, term_problem
from planpress.core.wording import allowed_values, describe, field_label, field_names, suggest
from planpress.core.yamlvalues import MAX_DIGITS, YamlNumberText


def _subject(loc: tuple[Any, ...], item: str, value: Any) -> str:
    """What a message about a text value is about: `title`, or a glossary term or definition."""
    if item == "term" and loc and loc[-1] == "[key]":
        return f"glossary term {describe(value)}"
    if item == "term" and len(loc) == 1:
        return f"the definition of {describe(loc[0])}"
    return field_label(loc)


_KINDS = {
    "int": "a whole number (no decimals, commas or currency signs, e.g. 100000)",
    "bool": "true or false",
    "str": "text",
    "list": "a list (one '- ' item per line)",
    "dict": "a mapping of 'name: value' lines",
}


Message = tuple[str, bool]  # the message, and whether it belongs at the key (not the value)


@dataclass(frozen=True)
class _Failed:
    """One validation error, with what its message is made of."""

    error: ErrorDetails
    shape: Any  # the type of the whole file
    item: str  # what the file holds one of ("action")

    @property
    def kind(self) -> str:
        return self.error["type"]

    @property
    def loc(self) -> tuple[Any, ...]:
        return tuple(self.error["loc"])

    @property
    def value(self) -> Any:
        return self.error.get("input")

    @property
    def field(self) -> str:
        return field_label(self.loc)

    @property
    def ctx(self) -> dict[str, Any]:
        return dict(self.error.get("ctx") or {})


def message_for(error: ErrorDetails, shape: Any, item: str) -> Message:
    """The message for one validation error, and whether it belongs at the key (not the value).

    `shape` is the type of the whole file; `item` names what the file holds one of ("action").
    """
    failed = _Failed(error, shape, item)
    if _a_term(failed):
        problem = term_problem(failed.value) or "is not a valid term"
        return f"glossary term {describe(failed.value)} {problem}", True
    for kinds, wording in _WORDING:
        if failed.kind in kinds:
            found = wording(failed)
            if found is not None:
                return found
    return f"{failed.field}: {error['msg']}", False


def _a_term(f: _Failed) -> bool:
    """Whether the error is of a glossary term itself (a key of glossary.yml)."""
    return (
        f.item == "term"
        and f.kind not in ("missing", "extra_forbidden", "literal_error", *_TEXT_PROBLEMS)
        and bool(f.loc)
        and f.loc[-1] == "[key]"
        and isinstance(f.value, str)
    )


def _missing(f: _Failed) -> Message:
    return f"missing required field '{shown(str(f.loc[-1]))}' (every {f.item} needs it)", False


def _unknown_field(f: _Failed) -> Message:
    name = str(f.loc[-1])
    allowed = field_names(f.shape, f.loc[:-1])
    guess = suggest(name, allowed)
    if guess:
        return f"unknown field '{shown(name)}' (did you mean '{guess}'?)", True
    return (
        f"unknown field '{shown(name)}' (allowed: {', '.join(allowed)}; "
        "put a field of your own under 'extra:')",
        True,
    )


def _not_allowed(f: _Failed) -> Message:
    allowed = allowed_values(f.shape, f.loc)
    guess = suggest(str(f.value), allowed) if isinstance(f.value, str) else None
    hint = f"did you mean '{guess}'? " if guess else ""
    return (
        f"{describe(f.value)} is not an allowed {f.field} ({hint}allowed: {', '.join(allowed)})",
        False,
    )


def _text_problem(f: _Failed) -> Message:
    at_key = bool(f.loc) and f.loc[-1] == "[key]"
    return f"{_subject(f.loc, f.item, f.value)} {f.ctx['problem']}", at_key


def _too_long(f: _Failed) -> Message:
    limit = f.ctx.get("max_length")
    return (
        f"{_subject(f.loc, f.item, f.value)} is too long: {len(f.value):,} characters "
        f"(at most {limit:,})",
        False,
    )


def _pattern(f: _Failed) -> Message:
    pattern, field, value = f.ctx.get("pattern"), f.field, f.value
    if pattern == SLUG_PATTERN:
        where = "" if field.endswith("id") and "." not in field else f" for {field}"
        return (
            f"{describe(value)} is not a valid id{where} (use lowercase letters, digits "
            "and single hyphens, e.g. 'skills-sub-group')",
            False,
        )
    if pattern == ACTION_ID_PATTERN:
        where = "" if field == "id" else f" in {field}"
        return (
            f"{describe(value)} is not a valid action id{where} (use capitals and "
            "digits, a hyphen and a number, e.g. 'SKL-01')",
            False,
        )
    return (f"{describe(value)} does not have the form allowed for {field}", False)


def _whole_number(f: _Failed) -> Message:
    if isinstance(f.value, YamlNumberText) and f.value.too_long:
        digits = len(f.value.lstrip("+-"))
        return (f"{f.field} is too long a number: {digits:,} digits (at most {MAX_DIGITS})", False)
    return f"{f.field} must be {_KINDS['int']}, not {describe(f.value)}", False


def _at_least(f: _Failed) -> Message:
    limit = f.ctx.get("ge")
    if limit in (0, None):
        return f"{f.field} must not be negative (got {describe(f.value)})", False
    return f"{f.field} must be at least {limit} (got {describe(f.value)})", False


def _bound(f: _Failed) -> Message:
    ctx = f.ctx
    words = {
        "less_than_equal": f"at most {ctx.get('le')}",
        "less_than": f"less than {ctx.get('lt')}",
        "greater_than": f"more than {ctx.get('gt')}",
    }[f.kind]
    unit = " (a percentage)" if f.loc and f.loc[-1] == "progress" else ""
    return f"{f.field} must be {words}{unit} (got {describe(f.value)})", False


def _of_kind(name: str) -> Callable[[_Failed], Message]:
    def wording(f: _Failed) -> Message:
        return f"{f.field} must be {_KINDS[name]}, not {describe(f.value)}", False

    return wording


def _list(f: _Failed) -> Message:
    if not f.loc:
        return (
            f"expected a list of {f.item}s (each one starting with '- '), "
            f"found {describe(f.value)}",
            False,
        )
    return _of_kind("list")(f)


def _mapping(f: _Failed) -> Message:
    if not f.loc:
        return (
            f"expected a mapping of 'name: value' lines for the {f.item}, "
            f"found {describe(f.value)}",
            False,
        )
    return _of_kind("dict")(f)


def _date(f: _Failed) -> Message | None:
    if "date:" not in f.error["msg"]:
        return None
    reason = f.error["msg"].split("date:", 1)[1]
    detail = "" if reason == "not a date" else f": {reason}"
    return (
        f"{describe(f.value)} is not a valid date{detail} "
        "(use YYYY-MM-DD, or YYYY-MM when only the month is known)",
        False,
    )


_TEXT_PROBLEMS = ("text_problem", "term_problem")
_WORDING: tuple[tuple[tuple[str, ...], Callable[[_Failed], Message | None]], ...] = (
    (("missing",), _missing),
    (("extra_forbidden",), _unknown_field),
    (("literal_error",), _not_allowed),
    (_TEXT_PROBLEMS, _text_problem),
    (("string_too_long",), _too_long),
    (("string_pattern_mismatch",), _pattern),
    (("int_type", "int_from_float", "int_parsing", "float_type"), _whole_number),
    (("greater_than_equal",), _at_least),
    (("less_than_equal", "less_than", "greater_than"), _bound),
    (("bool_type", "bool_parsing"), _of_kind("bool")),
    (("string_type",), _of_kind("str")),
    (("list_type", "tuple_type"), _list),
    (("model_type", "model_attributes_type", "dict_type"), _mapping),
    (("value_error",), _date),
)
"""Which wording each kind of pydantic error gets; the first that gives a message is used."""
