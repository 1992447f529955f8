"""The data reference page, generated from the typed model so it cannot drift from it.

For each file of `DATA_FILES`, a table of its records' fields (name, type in plain words,
required or not, allowed values, description); records nested inside (a budget, a meeting's
papers) get tables of their own.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from planpress.core.model import (
    ACTION_ID_PATTERN,
    DATA_FILES,
    DATE_PATTERN,
    SLUG_PATTERN,
    DataFile,
    PlanDate,
    Record,
)
from planpress.render.environment import render_template
from planpress.render.site import Site

# Plain words for each kind of value: (singular, plural, explanation, pattern it must match).
KINDS: dict[str, tuple[str, str, str, str]] = {
    "text": ("text", "texts", "Any text. Long text can be folded over several lines.", ""),
    "id": (
        "id",
        "ids",
        "Lowercase letters, digits and single hyphens. An id names a record so that other "
        "records can refer to it.",
        SLUG_PATTERN,
    ),
    "action id": (
        "action id",
        "action ids",
        "Capitals and digits, a hyphen, then digits. Keep an action's id for good, so that "
        "versions can be compared.",
        ACTION_ID_PATTERN,
    ),
    "date": (
        "date",
        "dates",
        "YYYY-MM-DD, or YYYY-MM when only the month is known.",
        DATE_PATTERN,
    ),
    "whole number": (
        "whole number",
        "whole numbers",
        "Digits only: no decimals, commas or currency signs. Money is in whole units.",
        "",
    ),
    "true or false": ("true or false", "true or false values", "Write true or false.", ""),
    "choice": ("one of the allowed values", "allowed values", "One of the values listed.", ""),
    "record": ("record", "records", "A mapping of fields, described in its own table.", ""),
    "mapping": ("mapping", "mappings", "Keys and values of your own; not checked.", ""),
    "term": ("term", "terms", "One line of text without square brackets.", ""),
}


@dataclass
class Kind:
    """What a value is, in plain words, with what it refers to."""

    key: str
    allowed: list[str] = field(default_factory=list)
    model: type[BaseModel] | None = None
    minimum: int | None = None

    @property
    def singular(self) -> str:
        return KINDS[self.key][0]

    @property
    def plural(self) -> str:
        return KINDS[self.key][1]


@dataclass
class FieldRow:
    name: str
    words: str
    model_anchor: str
    model_title: str
    required: bool
    default: str
    allowed: list[str]
    description: str


@dataclass
class RecordTable:
    anchor: str
    title: str
    used_in: str
    rows: list[FieldRow]


@dataclass
class FileSection:
    spec: DataFile
    anchor: str
    heading: str
    shape: str
    table: RecordTable | None
    nested: list[RecordTable]


def model_title(model: type[BaseModel]) -> str:
    """`ProspectusAsk` -> `Prospectus ask`."""
    words = re.findall(r"[A-Z][a-z0-9]*", model.__name__)
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else model.__name__


def model_anchor(model: type[BaseModel]) -> str:
    return "ref-" + "-".join(re.findall(r"[A-Z][a-z0-9]*", model.__name__)).lower()


def _metadata_of(items: list[Any]) -> list[Any]:
    """Metadata, with the constraints of nested `Field(...)` markers flattened in."""
    flat: list[Any] = []
    for item in items:
        flat.append(item)
        if isinstance(item, FieldInfo):
            flat.extend(item.metadata)
    return flat


def describe(annotation: Any) -> Kind:
    """What an annotation holds, in plain words (lists are described by `field_row`)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        meta = _metadata_of(meta)
        if base is PlanDate:
            return Kind("date")
        pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
        if pattern == SLUG_PATTERN:
            return Kind("id")
        if pattern == ACTION_ID_PATTERN:
            return Kind("action id")
        if pattern:
            return Kind("term")
        kind = describe(base)
        minimum = next((m.ge for m in meta if getattr(m, "ge", None) is not None), None)
        if minimum is not None:
            kind.minimum = minimum
        return kind
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return describe(options[0]) if len(options) == 1 else Kind("text")
    if origin is Literal:
        return Kind("choice", allowed=[str(v) for v in typing.get_args(annotation)])
    if origin is dict:
        return Kind("mapping")
    if annotation is PlanDate:
        return Kind("date")
    if annotation is bool:
        return Kind("true or false")
    if annotation is int:
        return Kind("whole number")
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return Kind("record", model=annotation)
    return Kind("text")


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return options[0]
    return annotation


def field_row(name: str, info: FieldInfo) -> FieldRow:
    """One field as a row of the reference: its type in words, whether required, and so on."""
    annotation: Any = info.annotation  # a type, or a typing form such as Annotated[...]
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    inner = _unwrap_optional(annotation)
    if typing.get_origin(inner) is Annotated:  # constraints on a whole list
        base = typing.get_args(inner)[0]
        inner = base if typing.get_origin(base) is list else inner
    is_list = typing.get_origin(inner) is list
    kind = describe(typing.get_args(inner)[0] if is_list else annotation)
    words = f"list of {kind.plural}" if is_list else kind.singular
    if kind.key == "whole number" and kind.minimum is not None:
        words += f" ({kind.minimum} or more)"
    if kind.key == "mapping" and name == "extra":
        words = "mapping of your own fields"
    default = ""
    if not info.is_required() and info.default is not None:
        default = str(info.default).lower() if isinstance(info.default, bool) else str(info.default)
    return FieldRow(
        name=name,
        words=words,
        model_anchor=model_anchor(kind.model) if kind.model else "",
        model_title=model_title(kind.model) if kind.model else "",
        required=info.is_required(),
        default=default,
        allowed=kind.allowed,
        description=info.description or "",
    )


def record_table(model: type[BaseModel], title: str, used_in: str) -> RecordTable:
    """A model's fields: its own first, then those every record carries (source, note...)."""
    common = [n for n in Record.model_fields if n in model.model_fields]
    names = [n for n in model.model_fields if n not in common] + common
    rows = [field_row(name, model.model_fields[name]) for name in names]
    return RecordTable(model_anchor(model), title, used_in, rows)


def _nested_models(model: type[BaseModel], seen: set[type]) -> list[tuple[type[BaseModel], str]]:
    """Records nested in `model` (depth first), each with where it is used."""
    found: list[tuple[type[BaseModel], str]] = []
    for name, info in model.model_fields.items():
        row_kind = field_row(name, info)
        if not row_kind.model_anchor:
            continue
        nested = next(
            m
            for m in _models_in(info.annotation)
            if issubclass(m, BaseModel) and model_anchor(m) == row_kind.model_anchor
        )
        if nested in seen:
            continue
        seen.add(nested)
        found.append((nested, f"the {name} field of {model_title(model).lower()} records"))
        found.extend(_nested_models(nested, seen))
    return found


def _models_in(annotation: Any) -> list[type]:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def file_sections() -> list[FileSection]:
    """A section per data file, in the order the files are read."""
    sections = []
    seen: set[type] = set()
    for spec in DATA_FILES:
        anchor = "ref-file-" + re.sub(r"[^a-z0-9]+", "-", spec.name.lower()).strip("-")
        heading = "data/actions/*.yml" if spec.name == "actions" else f"data/{spec.name}"
        shape = spec.shape
        model = None
        if inspect.isclass(shape) and issubclass(shape, BaseModel):
            model = shape
            words = f"One record ({spec.holds}) with these fields."
        elif typing.get_origin(shape) is list:
            model = typing.get_args(shape)[0]
            if spec.name == "actions":
                words = (
                    "Each file in the folder is a list of actions (one file per group by "
                    "convention); each action has these fields."
                )
            else:
                words = f"A list of {spec.holds}; each {spec.item} has these fields."
        else:
            words = (
                "A mapping: each key is a term (one line of text, without square brackets) "
                "and each value is its definition (text). Every term becomes a tooltip "
                "wherever it appears on the site."
            )
        table = None
        nested: list[RecordTable] = []
        if model is not None:
            seen.add(model)
            where = f"each {spec.item} in {heading}" if model is not shape else heading
            table = record_table(model, spec.item.capitalize(), where)
            nested = [
                record_table(m, model_title(m), used_in)
                for m, used_in in _nested_models(model, seen)
            ]
        sections.append(FileSection(spec, anchor, heading, words, table, nested))
    return sections


def data_reference(site: Site) -> str:
    """The data reference: every data file, its fields and its nested records, from the model."""
    kinds = [(words, explanation, pattern) for words, _, explanation, pattern in KINDS.values()]
    return render_template("reference.html", site=site, sections=file_sections(), kinds=kinds)
