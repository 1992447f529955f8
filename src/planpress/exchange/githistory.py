"""The committed versions of a table of `data/`: what a CSV file is compared with.

A CSV file does not say which version of `data/` it was made from. When `data/` is in a git
repository, its commits say what each record was: a record with edits not yet committed is one
a CSV file may not change, and a value that a record had in an earlier commit, but no longer
has, is the sign of a file made before that commit.

For a table, the newest `HISTORY_COMMITS` commits that changed its files are read (for actions,
the files of `data/actions/`), for the records asked about. Each version of a file is read once,
however many commits hold it, and only if its text names one of those records; its records are
validated as `planpress check` validates them (a record that is not valid is left out), so the
history of a large plan costs little more than the files that hold the records asked about.
"""

from __future__ import annotations

import subprocess
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from planpress.core.model import DATA_FILES, DataFile
from planpress.core.problems import FileError, display_path
from planpress.core.yamlfile import parse_bytes
from planpress.exchange.tables import Table
from planpress.exchange.workbook import canonical

HISTORY_COMMITS = 100

Key = tuple[str, ...]
Rows = dict[Key, dict[str, Any]]


@dataclass
class Version:
    """A table as one commit has it."""

    commit: str  # abbreviated
    date: str  # YYYY-MM-DD, the commit's date
    rows: Rows = field(default_factory=dict)

    @property
    def named(self) -> str:
        return f"commit {self.commit} of {self.date}"


@cache
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


def _spec(table: Table) -> DataFile:
    wanted = "meetings" if table.name == "recommendations" else table.name
    return next(spec for spec in DATA_FILES if spec.field == wanted)


def _records(spec: DataFile, raw: bytes) -> list[Any]:
    """The valid records of one version of a data file (none if it cannot be read)."""
    try:
        doc = parse_bytes(raw, spec.name)
    except FileError:
        return []
    try:
        value = _adapter(spec.shape).validate_python(doc.value)
    except ValidationError:
        if typing.get_origin(spec.shape) is not list or not isinstance(doc.value, list):
            return []
        item = _adapter(typing.get_args(spec.shape)[0])
        value = []
        for raw_item in doc.value:
            try:
                value.append(item.validate_python(raw_item))
            except ValidationError:
                continue
    if isinstance(value, dict):
        return list(value.items())
    return list(value) if isinstance(value, list) else []


def _rows(table: Table, records: list[Any]) -> Rows:
    found: Rows = {}
    if table.name == "recommendations":
        pairs: list[Any] = [(m, r) for m in records for r in (m.recommendations or [])]
    else:
        pairs = records
    for record in pairs:
        row = table.row(record)
        values = {c.name: canonical(c, row[c.name]) for c in table.columns}
        found.setdefault(tuple(str(values.get(k) or "") for k in table.key), values)
    return found


class DataHistory:
    """The committed versions of a data folder's tables, newest first, read when asked for."""

    def __init__(self, data_dir: Path, limit: int = HISTORY_COMMITS):
        self.data_dir = data_dir
        self.limit = limit
        self.reason: str | None = None  # why there is no history, if there is none
        self._top: Path | None = None
        self._prefix: PurePosixPath | None = None
        self._found: bool | None = None
        self._versions: dict[str, list[Version]] = {}
        self._blobs: dict[str, Rows] = {}  # blob -> its rows asked about (one table a file)

    def _git(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["git", *args], cwd=cwd or self._top, capture_output=True, stdin=subprocess.DEVNULL
        )

    @property
    def available(self) -> bool:
        """True if the data folder is in a git repository with commits that changed it."""
        if self._found is not None:
            return self._found
        self._found = False
        shown_dir = display_path(self.data_dir)
        try:
            top = self._git("rev-parse", "--show-toplevel", cwd=self.data_dir)
        except OSError:
            self.reason = "git is not installed"
            return False
        if top.returncode != 0:
            self.reason = f"{shown_dir} is not in a git repository"
            return False
        self._top = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
        try:
            relative = self.data_dir.resolve().relative_to(self._top.resolve())
        except ValueError:
            self.reason = f"{shown_dir} is not in a git repository"
            return False
        self._prefix = PurePosixPath(relative.as_posix())
        done = self._git("log", "-n1", "--format=%h", "--", str(self._prefix))
        if done.returncode != 0 or not done.stdout.strip():
            self.reason = f"{shown_dir} has no commit yet"
            return False
        self._found = True
        return True

    def head(self, table: Table, keys: set[Key]) -> Version | None:
        """The table as the newest commit that changed its files has it (HEAD has it so)."""
        return next(self.versions(table, keys), None)

    def versions(self, table: Table, keys: set[Key]) -> Iterator[Version]:
        """The table in each commit that changed its files, newest first: of its records, at
        least those with these keys (the first call for a table decides which)."""
        if not self.available:
            return
        if table.name not in self._versions:
            self._versions[table.name] = self._read(table, keys)
        yield from self._versions[table.name]

    def _read(self, table: Table, keys: set[Key]) -> list[Version]:
        assert self._prefix is not None
        spec = _spec(table)
        folder = spec.field == "actions"
        where = self._prefix / spec.name
        needles = {key[-1].encode("utf-8") for key in keys}
        log = self._git("log", f"-n{self.limit}", "--format=%H %h %cs", "--", str(where))
        listed: list[tuple[str, str, list[str]]] = []
        for line in log.stdout.decode("ascii", "replace").splitlines():
            full, short, date = [*line.split(" "), "", "", ""][:3]
            entries = self._git("ls-tree", "-z", full, "--", f"{where}/" if folder else str(where))
            blobs = []
            for entry in entries.stdout.split(b"\0"):
                meta, _, name = entry.partition(b"\t")
                parts = meta.split(b" ")
                if len(parts) != 3 or parts[1] != b"blob":
                    continue
                base = PurePosixPath(name.decode("utf-8", "surrogateescape")).name
                if folder and (base.startswith(".") or not base.endswith(".yml")):
                    continue
                blobs.append(parts[2].decode("ascii"))
            listed.append((short, date, blobs))
        wanted = {b for _, _, blobs in listed for b in blobs if b not in self._blobs}
        for blob, raw in self._contents(sorted(wanted)).items():
            named = any(needle in raw for needle in needles)
            self._blobs[blob] = _rows(table, _records(spec, raw)) if named else {}
        versions = []
        for short, date, blobs in listed:
            rows: Rows = {}
            for blob in blobs:
                for key, row in self._blobs.get(blob, {}).items():
                    rows.setdefault(key, row)
            versions.append(Version(short, date, rows))
        return versions

    def _contents(self, blobs: list[str]) -> dict[str, bytes]:
        """The bytes of each blob, read by one `git cat-file --batch`."""
        if not blobs:
            return {}
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self._top,
            input="".join(f"{blob}\n" for blob in blobs).encode("ascii"),
            capture_output=True,
        )
        out, found, at = done.stdout, {}, 0
        for blob in blobs:
            end = out.find(b"\n", at)
            if end < 0:
                break
            header = out[at:end].split(b" ")
            at = end + 1
            if len(header) != 3 or header[1] != b"blob":
                continue
            size = int(header[2])
            found[blob] = out[at : at + size]
            at += size + 1
        return found
