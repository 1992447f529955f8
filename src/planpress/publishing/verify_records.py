"""The records in releases/ as `verify` reads them (`read_records`), and what is wrong with them
as a set: a record filed under another version's name or two of one version (`record_names`), a
version published without its record (`missing_records`), and a replaced record not kept
(`replacements`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planpress.publishing.verification import Verification, VerifyError, first_line
from planpress.versions.seal import short_seal
from planpress.versions.seal_chain import Link
from planpress.versions.seal_files import SEALS_FILE


@dataclass(frozen=True)
class ReleaseFile:
    """A record in releases/ as read: where it is, and its content."""

    where: str  # as messages name it: releases/2020-09-17.json
    content: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.content.get("version", ""))

    def said(self) -> str:
        title, stage = self.content.get("title", ""), self.content.get("stage", "")
        return f"{title} ({stage})" if title else f"({stage})"


def read_records(folder: Path, shown: str) -> list[ReleaseFile]:
    """Every record in `folder` (named `shown` in messages); `VerifyError` if one is unreadable."""
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        where = f"{shown}/{path.name}"
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise VerifyError(
                f"{where} cannot be read as JSON ({first_line(exc)}): restore it from the git "
                f"history (git log -p -- {where})"
            ) from None
        if not isinstance(content, dict):
            raise VerifyError(f"{where} is not a planpress release record")
        found.append(ReleaseFile(where, content))
    return found


def record_names(current: list[ReleaseFile], superseded: list[ReleaseFile]) -> list[str]:
    """A record filed under another version's name, or two records of one version."""
    problems = []
    seen: dict[str, str] = {}
    for record in current:
        stem = record.where.rsplit("/", 1)[-1].removesuffix(".json")
        if record.version != stem:
            problems.append(
                f"{record.where} holds the record of version '{record.version}': each record "
                "is named after its version, so it has been renamed or copied; restore it from "
                f"the git history (git log --follow -- {record.where})"
            )
        if record.version in seen:
            problems.append(
                f"{seen[record.version]} and {record.where} both hold the record of version "
                f"'{record.version}': keep the one published, and restore the other from the "
                "git history"
            )
        seen.setdefault(record.version, record.where)
    for record in superseded:
        stem = record.where.rsplit("/", 1)[-1].removesuffix(".json")
        if not stem.startswith(f"{record.version}-"):
            problems.append(
                f"{record.where} holds a replaced record of version '{record.version}': it has "
                "been renamed or copied; restore it from the git history"
            )
    return problems


def missing_records(
    found: Verification,
    published: Mapping[str, Mapping[str, Any]],
    by_version: Mapping[str, ReleaseFile],
    seals: Mapping[str, str | None] | None,
    shown: str,
    version: str | None,
) -> set[str]:
    """Versions on the pages branch without a record: a problem when sealed (seals.json says
    so), not sealed when published before seals (only `version`'s, when given). The seals of
    records reported missing."""
    reported = set()
    for name in sorted(published.keys() | (seals or {}).keys()):
        if name in by_version:
            continue
        seal = (seals or {}).get(name)
        if seal:
            reported.add(seal)
            found.problems.append(
                f"{shown}/{name}.json is missing: version {name} is published on "
                f"{found.pages} with the seal {short_seal(seal)} ({SEALS_FILE}), but releases/ "
                f"holds no record of it; restore it from the git history (git log -- "
                f"{shown}/{name}.json)"
            )
        elif version is None or name == version:
            found.unsealed += 1
            found.lines.append(
                f"{name}  not sealed: {found.pages} has it, but {shown}/ holds no record of it, "
                "so its files cannot be checked"
            )
    return reported


def replacements(current: list[ReleaseFile], links: list[Link], missing: set[str]) -> list[str]:
    """A record that replaces a draft names the replaced record's seal, which must be kept
    (its seal is added to `missing` when it is not)."""
    problems = []
    kept = {(link.version, link.seal) for link in links if "/superseded/" in link.where}
    for record in current:
        replaces = record.content.get("replaces")
        if not isinstance(replaces, dict) or not isinstance(replaces.get("seal"), str):
            continue
        if (record.version, replaces["seal"]) not in kept:
            missing.add(replaces["seal"])
            problems.append(
                f"{record.where} replaces an earlier record of version {record.version}, sealed "
                f"{short_seal(replaces['seal'])}, which is not in releases/superseded/: it has "
                "been removed or changed; restore it from the git history (git log -- "
                "releases/superseded/)"
            )
    return problems
