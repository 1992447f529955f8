"""The records as loaded, with where each was read from: every valid record by kind (`Entry`),
and what is left of the records that failed validation (`RawRecord`), gathered in `Collected`
for the checks across records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planpress.core.problems import Problem
from planpress.core.yamlfile import YamlDocument


@dataclass
class Entry:
    """A valid record and where it was read from."""

    record: Any
    doc: YamlDocument
    loc: tuple[Any, ...]
    line: int = 0  # where the record starts (from 1), noted while the file's tree is at hand

    def problem(self, sub: tuple[Any, ...], message: str) -> Problem:
        return self.doc.problem(self.loc + sub, message)

    def position(self) -> str:
        _, node = self.doc.locate((*self.loc, "id"))
        mark = node.start_mark
        return f"{self.doc.display}:{mark.line + 1}:{mark.column + 1}"


class RawRecord:
    """A record that failed validation, seen only through its text-valued fields.

    Its references are still checked, so that one typo does not hide another.
    """

    def __init__(self, raw: dict[str, Any]):
        self._raw = raw

    def __getattr__(self, name: str) -> Any:
        value = self._raw.get(name)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None


@dataclass
class Collected:
    """Every valid record by kind, and what is left of the records that failed validation."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    broken: dict[str, list[Entry]] = field(default_factory=dict)
    failed_files: set[str] = field(default_factory=set)

    def of(self, kind: str) -> list[Entry]:
        return self.entries.get(kind, [])

    def add(self, kind: str, entry: Entry) -> None:
        self.entries.setdefault(kind, []).append(entry)

    def add_broken(self, kind: str, raw: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> None:
        if isinstance(raw, dict):
            self.broken.setdefault(kind, []).append(Entry(RawRecord(raw), doc, loc))

    def broken_ids(self, kind: str) -> set[str]:
        return {e.record.id for e in self.broken.get(kind, []) if isinstance(e.record.id, str)}
