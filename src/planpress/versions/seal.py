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
moved without a seal ceasing to match. A version's pages cannot hold their own seal (it is made
from them): the site root's `seals.json` lists every version's seal (`seals_index`), and
`seals/<version>.sha256` its files' digests in the format of `sha256sum --check`
(`checksums_text`).

Pure: the digests of files are read from git by `planpress.publishing`; here they are only
compared.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planpress.versions.published import PublishedVersion

SEAL_FORMAT = 1
SEALS_FILE = "seals.json"  # at the site root, beside versions.json
CHECKSUMS_FOLDER = "seals"  # at the site root: seals/<version>.sha256
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


def checksums_text(manifest: Mapping[str, str]) -> str:
    """The manifest in the format of `sha256sum`, one file a line in order of path.

    A name holding a backslash or a line break is written as sha256sum writes it: escaped, on
    a line that starts with a backslash.
    """
    lines = []
    for path in sorted(manifest):
        name = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        escape = "\\" if name != path else ""
        lines.append(f"{escape}{manifest[path]}  {name}\n")
    return "".join(lines)


def checksums_path(version: str) -> str:
    """Where the site root keeps a version's `checksums_text`."""
    return f"{CHECKSUMS_FOLDER}/{version}.sha256"


# ---------------------------------------------------------------- the chain of records


@dataclass(frozen=True)
class Link:
    """A sealed record as a link in the chain of records."""

    where: str  # the record's file, as messages name it (releases/2020-09-17.json)
    version: str
    seal: str  # the seal the record states
    previous_seal: str | None
    published_at: str
    intact: bool = True  # its content gives the seal it states


def link_of(record: Mapping[str, Any], where: str) -> Link | None:
    """`record` as a link of the chain; None if it is not sealed."""
    if not is_sealed(record):
        return None
    seal, previous = record.get("seal"), record.get("previous_seal")
    try:
        computed: str | None = seal_of(record)
    except (TypeError, ValueError, RecursionError):
        computed = None
    stated = seal if isinstance(seal, str) else ""
    return Link(
        where=where,
        version=str(record.get("version", "")),
        seal=stated,
        previous_seal=previous if isinstance(previous, str) else None,
        published_at=str(record.get("published_at", "")),
        intact=bool(stated) and computed == stated,
    )


def link_of_version(release: PublishedVersion, where: str) -> Link | None:
    """A published version's record as a link (its content taken as it was read)."""
    if not release.seal:
        return None
    return Link(
        where=where,
        version=release.version,
        seal=release.seal,
        previous_seal=release.previous_seal,
        published_at=release.published_at or "",
    )


def chain_head(links: Iterable[Link]) -> str | None:
    """The seal of the record published last: the one no other names as the one before it
    (the newest of them, if the chain has been broken); None when nothing is sealed."""
    sealed = [link for link in links if link.seal]
    followed = {link.previous_seal for link in sealed}
    heads = [link for link in sealed if link.seal not in followed] or sealed
    if not heads:
        return None
    return max(heads, key=lambda link: (link.published_at, link.where)).seal


def publishing_order(links: Iterable[Link]) -> list[Link]:
    """The links in the order their records were published."""
    return sorted(links, key=lambda link: (link.published_at, link.where))


def chain_problems(links: Iterable[Link], *, reported: Iterable[str] = ()) -> list[str]:
    """What is wrong with the chain of `links`, in words: a record changed since it was
    published, a record missing, two records in one place, or records out of order.

    `reported` holds the seals of records already reported missing (not said twice).
    """
    links = sorted(links, key=lambda link: link.where)
    known_missing = set(reported)
    problems = []
    for link in links:
        if not link.intact:
            problems.append(
                f"{link.where} has been changed since it was published: its content no longer "
                f"gives the seal it states ({short_seal(link.seal)}); restore it from the git "
                f"history (git log -p -- {link.where})"
            )
    by_seal: dict[str, list[Link]] = defaultdict(list)
    followers: dict[str | None, list[Link]] = defaultdict(list)
    for link in links:
        if link.seal:
            by_seal[link.seal].append(link)
        followers[link.previous_seal].append(link)
    for seal, same in sorted(by_seal.items()):
        if len(same) > 1:
            problems.append(
                f"{_names(same)} state the same seal ({short_seal(seal)}): a record has been "
                "copied; keep the one whose version it is, and restore the other from the git "
                "history"
            )
    for link in links:
        previous = link.previous_seal
        if previous is None or previous in known_missing:
            continue
        before = by_seal.get(previous)
        if not before:
            known_missing.add(previous)
            problems.append(
                f"the record published before {link.where} is missing: no record in releases/ "
                f"states the seal it names ({short_seal(previous)}); a record has been removed, "
                "or its seal changed (git log -- releases/ shows which)"
            )
        elif before[0].published_at > link.published_at:
            problems.append(
                f"{link.where} (published {link.published_at}) names as the record before it "
                f"{before[0].where}, published later ({before[0].published_at}): the records "
                "are out of order"
            )
    firsts = followers.pop(None, [])
    if len(firsts) > 1:
        problems.append(
            f"{_names(firsts)} each state that no sealed record was published before them, "
            "which only the first can: a record has lost its previous_seal, or the records "
            "have been reordered"
        )
    for previous, after in sorted(followers.items(), key=lambda item: str(item[0])):
        if len(after) > 1:
            named = by_seal.get(previous or "")
            which = named[0].where if named else f"the record sealed {short_seal(previous)}"
            problems.append(
                f"{_names(after)} each name {which} as the record published before them: "
                "records have been reordered, or versions were published from two clones "
                "that had not seen each other's records"
            )
    return problems


def _names(links: Iterable[Link]) -> str:
    names = [link.where for link in links]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


# ---------------------------------------------------------------- seals.json


def seals_index(releases: Iterable[PublishedVersion]) -> dict[str, Any]:
    """`seals.json`: every published version's seal, in publishing order (versions published
    before seals first, with none)."""
    entries = []
    ordered = sorted(releases, key=lambda r: (r.seal is not None, r.published_at or "", r.sort_key))
    for release in ordered:
        entries.append(
            {
                "version": release.version,
                "title": release.title,
                "stage": release.stage,
                "meeting": release.meeting_id,
                "published_at": release.published_at,
                "seal": release.seal,
                "short": short_seal(release.seal) if release.seal else None,
                "previous_seal": release.previous_seal,
                "checksums": checksums_path(release.version) if release.seal else None,
            }
        )
    return {"planpress_seals": SEAL_FORMAT, "versions": entries}


def dump_seals(index: Mapping[str, Any]) -> bytes:
    return (json.dumps(index, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def seals_from_json(data: bytes) -> dict[str, str | None]:
    """`seals.json` read back: each version's seal (None: not sealed); ValueError if it is not
    one."""
    index = json.loads(data)
    if not isinstance(index, dict) or not isinstance(index.get("versions"), list):
        raise ValueError("not a list of versions")
    found: dict[str, str | None] = {}
    for entry in index["versions"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
            raise ValueError("an entry names no version")
        seal = entry.get("seal")
        found[entry["version"]] = seal if isinstance(seal, str) else None
    return found
