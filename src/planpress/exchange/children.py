"""Lists of records inside records: a meeting's papers and recommendations, an indicator's
values. Each is a table of its own (`tables.Child`), a row per item, keyed by the id of the
record holding the list and the item's own key (its id, date or title).

Here: how a row is written in `data/` (`nested`, `field_order`), where each item is in a file's
text (`index_items`), and the rows naming a record that the import would leave out, each a
problem at its cell, reported with the problems of the cells (`unknown_parents`). How items
are written into their lists is `childwriter`'s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from planpress.core.characters import shown
from planpress.core.model import Plan, PlanDate
from planpress.exchange import yamlnodes
from planpress.exchange.columns import Column
from planpress.exchange.rowkeys import Key
from planpress.exchange.sheets import CellProblem, ReadResult
from planpress.exchange.tables import TABLE_BY_NAME, TABLES, Table

# What a row of each child table must name, in the words of its problem.
_BELONGS = {
    "papers": "a paper is put to a meeting that is",
    "recommendations": "a recommendation is put to a meeting that is",
    "indicator_values": "a value belongs to an indicator that is",
}
_FILES = {"meetings": "meetings.yml", "indicators": "indicators.yml"}


def children_of(parent: str) -> list[Table]:
    """The child tables whose lists are inside the records of `parent`, in the order of TABLES."""
    return [t for t in TABLES if t.child is not None and t.child.parent == parent]


def child_table(parent: str, list_field: str) -> Table | None:
    """The child table of the list `list_field` in the records of `parent`, if it is one."""
    return next((t for t in children_of(parent) if t.child and t.child.field == list_field), None)


# ---------------------------------------------------------------- values as data/ writes them


def yaml_value(column: Column, value: Any) -> Any:
    """A row's value as it is written in `data/`: a year alone (`2025`) as a number."""
    if column.years and isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value):
        return int(value)
    return value


def field_order(table: Table) -> list[str]:
    """A record's fields (nested ones dotted) in the order `data/` writes them, its lists of
    child records among them."""
    names = [".".join(c.path) for c in table.columns]
    if table.child is not None:
        names.remove(table.child.column)
        first = [n for n in table.child.first if n in names]
        names = first + [n for n in names if n not in first]
    for child in children_of(table.name):
        assert child.child is not None
        at = next(
            (i for i, n in enumerate(names) if n.split(".")[0] == child.child.before), len(names)
        )
        names.insert(at, child.child.field)
    return names


def nested(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row as the mapping written in `data/` (nested fields inside their parent), its fields
    in the order `field_order` gives."""
    values: dict[str, Any] = {}
    parent_column = table.child.column if table.child is not None else None
    for column in table.columns:
        if column.name == parent_column:
            continue
        value = yaml_value(column, row.get(column.name))
        if value is None or (column.kind == "boolean" and value is False):
            continue
        if len(column.path) == 2:
            values.setdefault(column.path[0], {})[column.path[1]] = value
        else:
            values[column.path[0]] = value
    return ordered(values, field_order(table))


def ordered(values: dict[str, Any], order: list[str]) -> dict[str, Any]:
    """A record's fields in the order given (dotted names: their first part), others after."""
    tops = list(dict.fromkeys(o.split(".")[0] for o in order))
    known = [k for k in tops if k in values]
    return {k: values[k] for k in [*known, *(k for k in values if k not in tops)]}


# ---------------------------------------------------------------- items in the text


def item_key(table: Table, node: yaml.Node) -> str | None:
    """The item's own key (its id, date or title) as the table's rows hold it."""
    found = yamlnodes.get(node, table.key_name)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    text = str(found[1].value)
    column = table.column(table.key_name)
    if column.kind == "date":
        try:
            date = PlanDate.parse_year_or_date(text) if column.years else PlanDate.parse(text)
        except ValueError:
            return text
        return str(date)
    return text


def index_items(
    records: dict[tuple[str, Key], tuple[Path, yaml.Node, yaml.Node | None]],
    parents: dict[int, yaml.Node],
    path: Path,
    item: yaml.Node,
    item_id: str,
    parent: str,
) -> None:
    """Note where each child record of one record (`item`, of the table `parent`) is written."""
    for table in children_of(parent):
        assert table.child is not None
        found = yamlnodes.get(item, table.child.field)
        if found is None or not isinstance(found[1], yaml.SequenceNode):
            continue
        parents[id(found[1])] = item
        for node in found[1].value:
            key = item_key(table, node)
            if key is not None:
                records[(table.name, (item_id, key))] = (path, node, found[1])


# ---------------------------------------------------------------- rows naming no record


def unknown_parents(read: ReadResult, plan: Plan) -> list[CellProblem]:
    """Each row of a child table naming a record that will not be there after the import.

    For a workbook those are the records of its sheet, and those added to `data/` since the
    export (which the import keeps); for a CSV file, those of `data/`.
    """
    problems = []
    for table in TABLES:
        child = table.child
        sheet = read.sheets.get(table.name)
        if child is None or sheet is None:
            continue
        known = {str(record.id) for record in getattr(plan, child.parent)}
        holders = read.sheets.get(child.parent)
        if holders is not None and read.base is not None:
            exported = {str(row.get("id") or "") for row in read.base.get(child.parent, [])}
            known = {str(row.values.get("id") or "") for row in holders.rows} | (known - exported)
        for row in sheet.rows:
            named = str(row.values.get(child.column) or "")
            if named and named not in known:
                place = read.place(table.name, child.column, row.number)
                problems.append(CellProblem(place, not_there(table, named)))
    return problems


def not_there(table: Table, record_id: str) -> str:
    """What is wrong with a row of a child table naming a record that is not there."""
    assert table.child is not None
    kind = TABLE_BY_NAME[table.child.parent].kind
    article = "an" if kind[0] in "aeiou" else "a"
    where = _FILES.get(table.child.parent, table.child.parent)
    return f"{kind} '{shown(record_id)}' is not {article} {kind} in {where}: {_BELONGS[table.name]}"
