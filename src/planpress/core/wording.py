"""The words messages are made of: a value described (`describe`), the likely name meant by a
typo (`suggest`), a field's label (`field_label`), and what the model allows at a place in a
file (`field_names`, `allowed_values`).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel

from planpress.core.characters import shown


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
