"""A field of the typed model as a column of its table: its kind of value, the values it allows,
the kind of record it refers to, and whether every record must have it.

Everything is read from the model (`planpress.core.model`): a `Literal` is a choice of text, a
list is ids (or lines of text), a `PlanDate` a date (a whole year too where the model says so),
an `int` a whole number (money for the fields of money); the field's description is the
column's.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

from pydantic import BaseModel

from planpress.core.model import PlanDate, YearOrDate
from planpress.exchange.columns import Column, ColumnKind

# (kind, field) -> the kind of record it refers to; ids of the record itself are "id".
_REFERENCES = {
    ("actions", "strand"): "strand",
    ("actions", "theme"): "theme",
    ("actions", "group"): "group",
    ("actions", "owner"): "organisation",
    ("actions", "partners"): "organisation",
    ("actions", "depends_on"): "action",
    ("organisations", "part_of"): "organisation",
    ("groups", "members"): "organisation",
    ("groups", "parent"): "group",
    ("meetings", "body"): "group",
    ("procurements", "agreed_by"): "group",
    ("procurements", "approved_at"): "meeting",
    ("procurements", "supplier"): "organisation",
    ("actions", "indicators"): "indicator",
    ("indicators", "theme"): "theme",
    ("indicators", "strand"): "strand",
}
_LINES = {"outputs"}  # lists of text: one item per line of the cell
_MONEY = {"amount", "funded", "ask", "max_value"}  # whole units of the plan's currency


def _unwrap(annotation: Any) -> Any:
    """The annotation without `| None` and `Annotated[...]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


_YEAR_OR_DATE = typing.get_args(YearOrDate)[1:]  # what marks a field that may hold a year


def model_column(table: str, model: type[BaseModel], dotted: str) -> Column:
    """The column of the field `dotted` (nested fields as `budget.amount`) of `table`'s model."""
    path = tuple(dotted.split("."))
    owner: type[BaseModel] = model
    required = True
    for step in path[:-1]:
        info = owner.model_fields[step]
        required = required and info.is_required()
        owner = _unwrap(info.annotation)
    info = owner.model_fields[path[-1]]
    required = required and info.is_required()
    annotation = _unwrap(info.annotation)
    allowed: tuple[str, ...] = ()
    origin = typing.get_origin(annotation)
    kind: ColumnKind
    if origin is Literal:
        kind, allowed = "text", tuple(typing.get_args(annotation))
    elif origin is list:
        kind = "lines" if path[-1] in _LINES else "ids"
    elif annotation is PlanDate:
        kind = "date"
    elif annotation is bool:
        kind = "boolean"
    elif annotation is float:
        kind = "number"
    elif annotation is int:
        kind = "money" if path[-1] in _MONEY else "integer"
    else:
        kind = "text"
    refers_to = _REFERENCES.get((table, path[-1]))
    if path == ("id",):
        kind = "id"
    return Column(
        "_".join(path),
        path,
        kind,
        info.description or "",
        required=required,
        allowed=allowed,
        refers_to=refers_to,
        years=kind == "date" and all(m in info.metadata for m in _YEAR_OR_DATE),
    )
