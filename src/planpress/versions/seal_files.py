"""The files the site root publishes about seals, since a version's pages cannot hold their own
seal: `seals.json`, every version's seal (`seals_index`), and `seals/<version>.sha256`, its
files' digests in the format of `sha256sum --check` (`checksums_text`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from planpress.versions.published import PublishedVersion
from planpress.versions.seal import SEAL_FORMAT, short_seal

SEALS_FILE = "seals.json"  # at the site root, beside versions.json
CHECKSUMS_FOLDER = "seals"  # at the site root: seals/<version>.sha256


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
