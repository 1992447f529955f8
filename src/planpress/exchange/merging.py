"""What an import asks for: the tables as they should stand, merged with `data/` as it is now.

A workbook carries the rows as exported (its hidden `_planpress` sheet), so each row is merged
three ways, field by field: a field the person changed is taken, a field changed in `data/`
since the export is kept, and the same field changed in both is a conflict that stops the
import. A row deleted from a sheet removes its record, unless the record changed since.

A CSV file carries no such base. Its rows only add records and change them; a record the file
leaves out stays as it is. What a row changes is checked against the history of `data/` in
git (`githistory`): a record with edits not yet committed is not changed (commit them first),
and a value that the record had in an earlier commit but no longer has is taken for an older
file, not an edit, and refused at its cell. Without git the CSV file can only add records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planpress.core.characters import shown
from planpress.core.model import Plan
from planpress.exchange.githistory import DataHistory, Version
from planpress.exchange.rowkeys import Key, key_of, keyed
from planpress.exchange.sheets import CellProblem, ReadResult
from planpress.exchange.tables import TABLES, Table
from planpress.exchange.workbook import canonical_rows

_WORKBOOK = (
    "make this change in a workbook (planpress export --xlsx plan.xlsx, edit it, then "
    "planpress import plan.xlsx) or in data/ itself"
)
_INSTEAD = _WORKBOOK + ": a workbook records what it was made from"


@dataclass
class Merged:
    rows: dict[str, list[dict[str, Any]]]  # table name -> the rows as they should stand
    problems: list[str]


def merge(read: ReadResult, current_plan: Plan, history: Callable[[], DataHistory]) -> Merged:
    """The tables as they should stand after the import, and every conflict."""
    problems: list[str] = []
    result: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        current = canonical_rows(table, current_plan)
        sheet = read.sheets.get(table.name)
        if sheet is None:
            result[table.name] = current
            continue
        twice = _twice(table, current)
        problems.extend(
            f"{read.display}: {_second(table, key)} in data/: {_apart(table)} in data/, then "
            "import again"
            for key in twice
        )
        seen: dict[Key, int] = {}
        theirs: dict[Key, dict[str, Any]] = {}
        numbers: dict[Key, int] = {}
        for row in sheet.rows:
            key = key_of(table, row.values)
            if not all(key):
                column = next(k for k, v in zip(table.key, key, strict=True) if not v)
                problems.append(
                    str(
                        CellProblem(
                            read.place(table.name, column, row.number),
                            f"{column} is empty: every row of {table.sheet} needs one",
                        )
                    )
                )
                continue
            if key in seen:
                if key in twice:
                    continue  # said above
                cell: str | None = None if table.key_name in ("id", "term") else table.key_name
                first = read.place(table.name, cell, seen[key]).split(":", 1)[1]
                if cell is None:
                    kind = table.kind if table.name != "glossary" else "glossary term"
                    shown_key = shown("/".join(key))
                    words = f"duplicate {kind} id '{shown_key}' (already used at {first})"
                else:
                    words = f"{_second(table, key)} (the first is at {first}): {_apart(table)}"
                problems.append(str(CellProblem(read.place(table.name, cell, row.number), words)))
                continue
            seen[key] = row.number
            theirs[key] = row.values
            numbers[key] = row.number
        if read.base is None:
            result[table.name] = _from_csv(
                table, theirs, keyed(table, current), numbers, read, problems, history
            )
            continue
        base_rows = read.base.get(table.name, [])
        result[table.name] = _three_way(
            table, keyed(table, base_rows), theirs, keyed(table, current), numbers, read, problems
        )
    return Merged(result, problems)


def _twice(table: Table, rows: list[dict[str, Any]]) -> list[Key]:
    """The keys that more than one row has (a row each would be lost to the other)."""
    counted: dict[Key, int] = {}
    for row in rows:
        key = key_of(table, row)
        counted[key] = counted.get(key, 0) + 1
    return [key for key, count in counted.items() if count > 1]


def _second(table: Table, key: Key) -> str:
    """`a second paper titled 'X' for meeting 'M'`: a row whose key another row has too."""
    what = f"'{shown(key[-1])}'"
    if table.key_name == "title":
        what = f"titled {what}"
    elif table.key_name == "date":
        what = f"for {what}"
    holder = f" of {table.key[0]} '{shown(key[0])}'" if table.child is not None else ""
    return f"a second {_item(table)} {what}{holder}"


def _item(table: Table) -> str:
    """What a row is called beside the record holding it: `value` (of an indicator)."""
    return table.kind.removeprefix(f"{table.key[0]} ") if table.child else table.kind


def _apart(table: Table) -> str:
    """How to tell apart rows that share a key."""
    if table.child is None:
        return f"give each {table.kind} its own {table.key_name}"
    parent = table.key[0]
    article = "an" if parent[0] in "aeiou" else "a"
    return f"give each {_item(table)} of {article} {parent} its own {table.key_name}"


def _three_way(
    table: Table,
    base: dict[Key, dict[str, Any]],
    theirs: dict[Key, dict[str, Any]],
    current: dict[Key, dict[str, Any]],
    numbers: dict[Key, int],
    read: ReadResult,
    problems: list[str],
) -> list[dict[str, Any]]:
    """Rows from the workbook's edits applied to `data/` as it is now, field by field."""
    out: dict[Key, dict[str, Any]] = {key: dict(row) for key, row in current.items()}
    for key, row in theirs.items():
        place = read.place(table.name, None, numbers[key])
        before = base.get(key)
        now = current.get(key)
        if before is None:  # a row added in the workbook
            if now is not None and now != row:
                problems.append(
                    f"{place}: {table.kind} '{shown('/'.join(key))}' was added in the workbook "
                    "and, differently, in data/ since it was exported: give the new row another "
                    f"{table.key_name}"
                )
            out[key] = row
            continue
        edited = [c.name for c in table.columns if row.get(c.name) != before.get(c.name)]
        if not edited:
            continue
        if now is None:
            problems.append(
                f"{place}: {table.kind} '{shown('/'.join(key))}' was edited in the workbook but "
                "removed from data/ since it was exported: add it back in data/, or delete the row"
            )
            continue
        for name in edited:
            if now.get(name) != before.get(name) and now.get(name) != row.get(name):
                problems.append(
                    f"{read.place(table.name, name, numbers[key])}: {name} was changed in "
                    f"data/ since this workbook was exported (to {_shown(now.get(name))}) and "
                    f"in the workbook (to {_shown(row.get(name))}): keep one, by exporting "
                    "again and redoing this edit, or by typing the value data/ has"
                )
                continue
            out[key][name] = row.get(name)
    for key, before in base.items():
        if key in theirs or key not in current:
            continue
        if current[key] != before:
            problems.append(
                f"{read.display}: {table.kind} '{shown('/'.join(key))}' was deleted from the "
                f"{table.sheet} sheet but changed in data/ since the workbook was exported: "
                "export again to delete it"
            )
            continue
        del out[key]
    return list(out.values())


def _from_csv(
    table: Table,
    theirs: dict[Key, dict[str, Any]],
    current: dict[Key, dict[str, Any]],
    numbers: dict[Key, int],
    read: ReadResult,
    problems: list[str],
    history: Callable[[], DataHistory],
) -> list[dict[str, Any]]:
    """`data/` with the CSV file's rows added and changed (see the module docstring)."""
    out: dict[Key, dict[str, Any]] = {key: dict(row) for key, row in current.items()}
    changes = [key for key, row in theirs.items() if current.get(key) != row]
    if not changes:
        return list(out.values())
    found = history()
    asked = set(changes)
    head = found.head(table, asked) if found.available else None
    for key in changes:
        row, now = theirs[key], current.get(key)
        place = read.place(table.name, None, numbers[key])
        what = f"{table.kind} '{shown('/'.join(key))}'"
        if not found.available:
            if now is None:
                out[key] = row
                continue
            problems.append(
                f"{place}: this row would change {what}, but a CSV file does not say which "
                f"version of data/ it was made from and {found.reason}, so planpress cannot "
                f"tell an edit from an older value: {_INSTEAD}"
            )
            continue
        committed = head.rows.get(key) if head is not None else None
        if now != committed:
            if now is None:
                state = "was removed from data/ and the removal is not committed yet"
            elif committed is None:
                state = "was added to data/ and is not committed yet"
            else:
                state = "has edits in data/ that are not committed yet"
            problems.append(
                f"{place}: {what} {state}, and this row would change it: commit data/ (git "
                "commit), then import again, so that nothing in data/ is overwritten"
            )
            continue
        if now is None:
            gone = _removed_in(found, table, key, asked)
            if gone is not None:
                problems.append(
                    f"{place}: {what} was removed from data/ in {gone.named}: this row is from "
                    "an older file; delete the row, or give the new record another id"
                )
                continue
            out[key] = row
            continue
        edited = [c.name for c in table.columns if row.get(c.name) != now.get(c.name)]
        older = _older_value(found, table, key, row, edited, asked)
        if older is not None:
            name, newer = older
            problems.append(
                f"{read.place(table.name, name, numbers[key])}: {name} is "
                f"{_shown(row.get(name))} here, the value it had in data/ before {newer.named}; "
                f"data/ has {_shown(now.get(name))} since, so this file looks older than data/: "
                "make the file again from data/ as it is now and redo the edit (to set an older "
                f"value back on purpose, {_WORKBOOK})"
            )
            continue
        for name in edited:
            out[key][name] = row.get(name)
    return list(out.values())


def _removed_in(history: DataHistory, table: Table, key: Key, asked: set[Key]) -> Version | None:
    """The commit that removed a record, if an earlier commit had it."""
    newer: Version | None = None
    for version in history.versions(table, asked):
        if key in version.rows:
            return newer
        newer = version
    return None


def _older_value(
    history: DataHistory,
    table: Table,
    key: Key,
    row: dict[str, Any],
    edited: list[str],
    asked: set[Key],
) -> tuple[str, Version] | None:
    """A field the row gives a value the record had before a commit (and which commit)."""
    newer: Version | None = None
    for version in history.versions(table, asked):
        old = version.rows.get(key)
        if old is not None and newer is not None:
            for name in edited:
                if old.get(name) == row.get(name):
                    return name, newer
        newer = version
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "'" + shown(", ".join(value)) + "'"
    return f"'{shown(str(value))}'"
