"""The plan as tables: one table per kind of record, one column per field.

The workbook (`planpress export --xlsx`), its import, the open-data CSV files and their data
package all read these tables, so a column has one name, one meaning and one description
everywhere. Columns, their descriptions and their allowed values come from the typed model
(`modelcolumns`). A meeting's papers and recommendations and an indicator's values, lists of
records inside a record, are tables of their own (`Child`): a row per item, its first column the
id of the record that holds the list. Fields that a cell cannot hold (an `extra:` mapping, other
lists of records) are not columns: an import leaves them as they are in `data/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from planpress.core.model import (
    Action,
    Group,
    Indicator,
    IndicatorValue,
    Meeting,
    Milestone,
    Organisation,
    Paper,
    Plan,
    Procurement,
    Recommendation,
)
from planpress.exchange.columns import Column
from planpress.exchange.modelcolumns import model_column


@dataclass(frozen=True)
class Child:
    """A table whose records are a list inside each record of another (a meeting's papers)."""

    parent: str  # the table of the records holding the lists: `meetings`
    field: str  # the list's field in each of them: `papers`
    column: str  # the first column, the id of the record holding the item: `meeting`
    before: str  # the parent's field a new list is written before: `publishes`
    first: tuple[str, ...]  # an item's fields written before the rest, if not the columns'


@dataclass(frozen=True)
class Table:
    """A kind of record as a table: its rows are records, its columns are fields."""

    name: str  # the file stem and the kind's plural: `actions` (actions.csv)
    sheet: str  # the workbook sheet: `Actions`
    kind: str  # the kind of record (as in messages and `RECORD_KINDS`): `action`
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)  # the columns that identify a row
    child: Child | None = None  # set for a list inside the records of another table

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def key_name(self) -> str:
        """The column that tells a row from the others beside it: `id`, `date`, `title`."""
        return self.key[-1]

    def records(self, plan: Plan) -> Iterator[tuple[Any, ...] | Any]:
        """The records of this table in the order they are written in `data/` (for a child
        table, each item with the record holding it: `(meeting, paper)`)."""
        if self.child is not None:
            for parent in getattr(plan, self.child.parent):
                for item in getattr(parent, self.child.field) or []:
                    yield parent, item
        elif self.name == "glossary":
            yield from plan.glossary.items()
        else:
            yield from getattr(plan, self.name)

    def rows(self, plan: Plan) -> Iterator[dict[str, Any]]:
        """Each record as {column name: value}: text, int, bool, `PlanDate`, a list, or None."""
        for record in self.records(plan):
            yield self.row(record)

    def row(self, record: Any) -> dict[str, Any]:
        if self.child is not None:
            parent, item = record
            values = {self.child.column: parent.id}
            values.update({c.name: _get(item, c.path) for c in self.columns[1:]})
            return values
        if self.name == "glossary":
            term, definition = record
            return {"term": term, "definition": definition}
        return {c.name: _get(record, c.path) for c in self.columns}


def _get(record: Any, path: tuple[str, ...]) -> Any:
    value = record
    for step in path:
        value = getattr(value, step, None)
        if value is None:
            return None
    return value


# The fields of each kind, in the order of its columns; nested fields as "budget.amount".
_FIELDS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "actions": (
        Action,
        (
            "id",
            "title",
            "summary",
            "strand",
            "theme",
            "group",
            "owner",
            "partners",
            "start",
            "due",
            "status",
            "rag",
            "budget.amount",
            "budget.funded",
            "budget.source",
            "prospectus.ask",
            "prospectus.pitch",
            "depends_on",
            "outputs",
            "foundation",
            "progress",
            "indicators",
            "illustrative",
            "note",
            "source",
        ),
    ),
    "organisations": (
        Organisation,
        ("id", "name", "kind", "abbreviation", "url", "part_of", "illustrative", "note", "source"),
    ),
    "groups": (
        Group,
        (
            "id",
            "name",
            "kind",
            "chair",
            "lead",
            "members",
            "remit",
            "parent",
            "illustrative",
            "note",
            "source",
        ),
    ),
    "meetings": (
        Meeting,
        (
            "id",
            "date",
            "body",
            "title",
            "status",
            "publishes.version",
            "publishes.title",
            "publishes.stage",
            "illustrative",
            "note",
            "source",
        ),
    ),
    "papers": (Paper, ("title", "url", "illustrative", "note", "source")),
    "recommendations": (
        Recommendation,
        ("id", "text", "outcome", "illustrative", "note", "source"),
    ),
    "milestones": (
        Milestone,
        ("id", "date", "title", "kind", "illustrative", "note", "source"),
    ),
    "procurements": (
        Procurement,
        (
            "id",
            "title",
            "max_value",
            "currency",
            "duration_months",
            "route",
            "status",
            "agreed_by",
            "approved_at",
            "supplier",
            "illustrative",
            "note",
            "source",
        ),
    ),
    "indicators": (
        Indicator,
        (
            "id",
            "name",
            "unit",
            "direction",
            "theme",
            "strand",
            "baseline.value",
            "baseline.date",
            "baseline.source",
            "target.value",
            "target.date",
            "target.source",
            "illustrative",
            "note",
            "source",
        ),
    ),
    "indicator_values": (IndicatorValue, ("date", "value", "illustrative", "note", "source")),
}

# The tables that are lists inside the records of another: where each list is, and its
# first column (the id of the record holding the item).
_CHILDREN = {
    "papers": Child("meetings", "papers", "meeting", "publishes", ()),
    "recommendations": Child("meetings", "recommendations", "meeting", "publishes", ()),
    "indicator_values": Child(
        "indicators", "values", "indicator", "illustrative", ("value", "date")
    ),
}
_PARENT_COLUMNS = {
    "papers": "Id of the meeting the paper was put to.",
    "recommendations": "Id of the meeting the recommendation was put to.",
    "indicator_values": "Id of the indicator the value measures.",
}
_SHEETS = {"indicator_values": "Indicator values"}
_KINDS = {"indicator_values": "indicator value"}


_DESCRIPTIONS = {
    "actions": "The actions of the implementation plan: who does what, by when, for how much.",
    "organisations": "The organisations that own actions, take part or are members of groups.",
    "groups": "The board, its sub-groups and the other groups that own the plan's actions.",
    "meetings": "Board and sub-group meetings, and the version of the plan each one publishes.",
    "papers": "The papers put to each meeting, and where to read them.",
    "recommendations": "The recommendations put to each meeting, and what it decided.",
    "milestones": "Dates the plan works to: meetings, fiscal events and deadlines.",
    "procurements": "Contracts the partnership buys to deliver the plan.",
    "indicators": "Outcome indicators: where each started, its target, and the source of each.",
    "indicator_values": "The values of each indicator measured since its baseline, by date.",
    "glossary": "Terms and abbreviations used in the plan, with what each means.",
}


def _build() -> tuple[Table, ...]:
    tables = []
    for name, (model, fields) in _FIELDS.items():
        columns = tuple(model_column(name, model, f) for f in fields)
        key: tuple[str, ...] = ("id",)
        kind = _KINDS.get(name, name.removesuffix("s"))
        child = _CHILDREN.get(name)
        if child is not None:
            parent = Column(
                child.column,
                (child.column,),
                "id",
                _PARENT_COLUMNS[name],
                required=True,
                refers_to=child.column,
            )
            columns = (parent, *columns)
            key = (child.column, columns[1].name)
        sheet = _SHEETS.get(name, name.capitalize())
        tables.append(Table(name, sheet, kind, _DESCRIPTIONS[name], columns, key, child))
    glossary = Table(
        "glossary",
        "Glossary",
        "term",
        _DESCRIPTIONS["glossary"],
        (
            Column("term", ("term",), "id", "The term or abbreviation, as written.", True),
            Column("definition", ("definition",), "text", "What it means.", True),
        ),
        ("term",),
    )
    return (*tables, glossary)


TABLES: tuple[Table, ...] = _build()
"""Every table, in the order of the workbook's sheets."""

TABLE_BY_NAME = {t.name: t for t in TABLES}
TABLE_BY_SHEET = {t.sheet: t for t in TABLES}
