"""What each data file gave when it was last read, for a process that loads the same folder
again and again (a preview): a file whose bytes are unchanged is neither parsed nor validated
again (`KeptFiles`), once `keep_files_read` has been called in the process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planpress.core.collected import Collected
from planpress.core.model import DataFile
from planpress.core.problems import FileError, Problem
from planpress.core.safe_read import read_bytes
from planpress.core.validation import file_problem, validate
from planpress.core.yamlfile import parse_bytes


@dataclass
class _Read:
    """What one file gave: its value (None if unusable), its problems and its records."""

    value: Any
    problems: list[Problem]
    part: Collected


class KeptFiles:
    """What each data file gave when it was last read, for a process that loads the same
    folder again and again (a preview): a file whose bytes are unchanged is neither parsed
    nor validated again. The checks across files always run again."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], tuple[bytes, _Read]] = {}

    def read(
        self,
        spec: DataFile,
        path: Path,
        display: str,
        problems: list[Problem],
        collected: Collected,
    ) -> Any:
        """The file's validated value (None if unusable), its problems and records added."""
        try:
            raw = read_bytes(path, display)
        except FileError as exc:
            problems.append(file_problem(spec, display, exc))
            return None
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        key = (spec.name, display)
        kept = self._files.get(key)
        if kept is None or kept[0] != digest:
            kept = (digest, self._parse(spec, raw, display))
            self._files[key] = kept
        read = kept[1]
        problems.extend(read.problems)
        for kind, entries in read.part.entries.items():
            collected.entries.setdefault(kind, []).extend(entries)
        for kind, entries in read.part.broken.items():
            collected.broken.setdefault(kind, []).extend(entries)
        return read.value

    @staticmethod
    def _parse(spec: DataFile, raw: bytes, display: str) -> _Read:
        part = Collected()
        problems: list[Problem] = []
        try:
            doc = parse_bytes(raw, display)
        except FileError as exc:
            return _Read(None, [file_problem(spec, display, exc)], part)
        value = validate(spec, doc, problems, part)
        doc.release()
        return _Read(value, problems, part)


_kept: KeptFiles | None = None


def keep_files_read() -> None:
    """From now on in this process, reuse what each unchanged data file gave (`KeptFiles`)."""
    global _kept
    if _kept is None:
        _kept = KeptFiles()


def kept_files() -> KeptFiles | None:
    """The files kept in this process (None unless `keep_files_read` was called)."""
    return _kept
