"""Seals: what each published version's files were when it was published, and one digest that
binds its record to them and to the record published before it.

A sealed record (`releases/<version>.json`) carries, besides what every record holds:

- `manifest`: the SHA-256 of every file in the version's folder on the pages branch, as
  published, by its path inside that folder, in order of path;
- `previous_seal`: the seal of the record published just before it, in publishing order
  (superseded records included); null for the first sealed record;
- `seal`: the SHA-256 of the record's canonical form (`canonical_form`): the whole record, its
  manifest and previous seal included, but not the seal itself.

So no file of a version, no field of its record and no earlier record can be changed, removed or
moved without a seal ceasing to match (the chain of records is `seal_chain`'s). A version's pages
cannot hold their own seal (it is made from them): the site root lists the seals and the files'
digests (`seal_files`).

Pure: the digests of files are read from git by `planpress.publishing`; here they are only
compared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SEAL_FORMAT = 1
SHORT_DIGITS = 16  # the seal as quoted in minutes: 64 bits, four groups of four
SEAL_KEYS = ("seal_format", "previous_seal", "seal", "manifest")


def canonical_form(record: Mapping[str, Any]) -> bytes:
    """The bytes a seal is the SHA-256 of: the record without its `seal`, as JSON with its keys
    sorted, no spaces, and every character beyond ASCII written as a \\u escape."""
    content = {key: value for key, value in record.items() if key != "seal"}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def seal_of(record: Mapping[str, Any]) -> str:
    """The seal of `record` (64 hexadecimal digits)."""
    return hashlib.sha256(canonical_form(record)).hexdigest()


def short_seal(seal: str | None) -> str:
    """A seal short enough to quote: its first 16 digits in groups of four (`1a2b 3c4d ...`)."""
    if not seal:
        return "not sealed"
    digits = seal[:SHORT_DIGITS]
    return " ".join(digits[start : start + 4] for start in range(0, len(digits), 4))


def is_sealed(record: Mapping[str, Any]) -> bool:
    """Whether `record` was sealed when written (records written before seals are not)."""
    return any(key in record for key in SEAL_KEYS)


def seal_record(
    record: Mapping[str, Any],
    manifest: Mapping[str, str],
    previous_seal: str | None,
    replaced_seal: str | None = None,
) -> dict[str, Any]:
    """`record` sealed: with its files' digests, the previous record's seal and its own seal.

    A record that replaces a draft keeps the replaced record's seal in its `replaces`.
    """
    sealed: dict[str, Any] = {}
    for key, value in record.items():
        if key in SEAL_KEYS:
            continue
        if key == "plan":  # the seal before the plan, where a reader of the file sees it
            sealed.update(seal_format=SEAL_FORMAT, previous_seal=previous_seal, seal=None)
        if key == "replaces" and replaced_seal:
            value = {**value, "seal": replaced_seal}
        sealed[key] = value
    sealed.setdefault("seal_format", SEAL_FORMAT)
    sealed.setdefault("previous_seal", previous_seal)
    sealed["manifest"] = {path: manifest[path] for path in sorted(manifest)}
    sealed["seal"] = seal_of(sealed)
    return sealed


def manifest_of(record: Mapping[str, Any]) -> dict[str, str] | None:
    """The record's manifest (path -> SHA-256), or None if it holds none that can be read."""
    manifest = record.get("manifest")
    if not isinstance(manifest, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in manifest.items()):
        return None
    return manifest


@dataclass(frozen=True)
class FileChanges:
    """How a folder's files differ from a manifest, by path inside the folder."""

    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.added)

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.missing) + len(self.added)


def compare_files(expected: Mapping[str, str], found: Mapping[str, str]) -> FileChanges:
    """The files of `found` that differ from, are missing from, or are not in `expected`."""
    return FileChanges(
        changed=tuple(sorted(p for p in expected.keys() & found.keys() if expected[p] != found[p])),
        missing=tuple(sorted(expected.keys() - found.keys())),
        added=tuple(sorted(found.keys() - expected.keys())),
    )
