"""Turn the model's validation errors into sentences a non-programmer can act on.

Each message says what is wrong and, in brackets, what is allowed.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from planpress.core.characters import shown
from planpress.core.model import ACTION_ID_PATTERN, SLUG_PATTERN, term_problem
from planpress.core.yamlfile import MAX_DIGITS, YamlNumberText


def describe(value: Any) -> str:
    """A short, readable account of a value for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = getattr(value, "yaml_text", None) or str(value)
    return f"'{shown(text)}'"


def suggest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The choice closest to `word`, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _unwrap(annotation: Any) -> Any:
    """The type inside Optional / Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def shape_at(shape: Any, loc: tuple[Any, ...]) -> Any:
    """The model type found by following `loc` from `shape` (None where it cannot be followed)."""
    current = _unwrap(shape)
    for step in loc:
        origin = typing.get_origin(current)
        if origin is list and isinstance(step, int):
            current = _unwrap(typing.get_args(current)[0])
        elif origin is dict:
            current = _unwrap(typing.get_args(current)[1])
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(step))
            if field is None:
                return None
            current = _unwrap(field.annotation)
        else:
            return None
    return current


def allowed_values(shape: Any, loc: tuple[Any, ...]) -> list[str]:
    """The values a Literal field allows, in the order the model lists them."""
    target = shape_at(shape, loc)
    if typing.get_origin(target) is Literal:
        return [str(v) for v in typing.get_args(target)]
    return []


def field_names(shape: Any, loc: tuple[Any, ...]) -> list[str]:
    """The fields a record at `loc` may have."""
    target = shape_at(shape, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def field_label(loc: tuple[Any, ...]) -> str:
    """`budget.amount` for a location inside a record (list indexes are left out)."""
    names = [shown(str(step)) for step in loc if not isinstance(step, int)]
    return ".".join(names[-2:]) if names else "value"


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


def message_for(error: ErrorDetails, shape: Any, item: str) -> tuple[str, bool]:
    """The message for one validation error, and whether it belongs at the key (not the value).

    `shape` is the type of the whole file; `item` names what the file holds one of ("action").
    """
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    field = field_label(loc)

    if kind == "missing":
        return f"missing required field '{shown(str(loc[-1]))}' (every {item} needs it)", False
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = field_names(shape, loc[:-1])
        guess = suggest(name, allowed)
        if guess:
            return f"unknown field '{shown(name)}' (did you mean '{guess}'?)", True
        return (
            f"unknown field '{shown(name)}' (allowed: {', '.join(allowed)}; "
            "put a field of your own under 'extra:')",
            True,
        )
    if kind == "literal_error":
        allowed = allowed_values(shape, loc)
        guess = suggest(str(value), allowed) if isinstance(value, str) else None
        hint = f"did you mean '{guess}'? " if guess else ""
        return (
            f"{describe(value)} is not an allowed {field} ({hint}allowed: {', '.join(allowed)})",
            False,
        )
    if kind in ("text_problem", "term_problem"):
        at_key = bool(loc) and loc[-1] == "[key]"
        return f"{_subject(loc, item, value)} {error['ctx']['problem']}", at_key
    if item == "term" and loc and loc[-1] == "[key]" and isinstance(value, str):
        problem = term_problem(value) or "is not a valid term"
        return f"glossary term {describe(value)} {problem}", True
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return (
            f"{_subject(loc, item, value)} is too long: {len(value):,} characters "
            f"(at most {limit:,})",
            False,
        )
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern")
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
    if kind in ("int_type", "int_from_float", "int_parsing", "float_type"):
        if isinstance(value, YamlNumberText) and value.too_long:
            digits = len(value.lstrip("+-"))
            return (
                f"{field} is too long a number: {digits:,} digits (at most {MAX_DIGITS})",
                False,
            )
        return f"{field} must be {_KINDS['int']}, not {describe(value)}", False
    if kind == "greater_than_equal":
        limit = error.get("ctx", {}).get("ge")
        if limit in (0, None):
            return f"{field} must not be negative (got {describe(value)})", False
        return f"{field} must be at least {limit} (got {describe(value)})", False
    if kind in ("less_than_equal", "less_than", "greater_than"):
        ctx = error.get("ctx", {})
        words = {
            "less_than_equal": f"at most {ctx.get('le')}",
            "less_than": f"less than {ctx.get('lt')}",
            "greater_than": f"more than {ctx.get('gt')}",
        }[kind]
        unit = " (a percentage)" if loc and loc[-1] == "progress" else ""
        return f"{field} must be {words}{unit} (got {describe(value)})", False
    if kind in ("bool_type", "bool_parsing"):
        return f"{field} must be {_KINDS['bool']}, not {describe(value)}", False
    if kind in ("string_type",):
        return f"{field} must be {_KINDS['str']}, not {describe(value)}", False
    if kind in ("list_type", "tuple_type"):
        if not loc:
            return (
                f"expected a list of {item}s (each one starting with '- '), "
                f"found {describe(value)}",
                False,
            )
        return f"{field} must be {_KINDS['list']}, not {describe(value)}", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if not loc:
            return (
                f"expected a mapping of 'name: value' lines for the {item}, "
                f"found {describe(value)}",
                False,
            )
        return f"{field} must be {_KINDS['dict']}, not {describe(value)}", False
    if kind == "value_error" and "date:" in error["msg"]:
        reason = error["msg"].split("date:", 1)[1]
        detail = "" if reason == "not a date" else f": {reason}"
        return (
            f"{describe(value)} is not a valid date{detail} "
            "(use YYYY-MM-DD, or YYYY-MM when only the month is known)",
            False,
        )
    return f"{field}: {error['msg']}", False
