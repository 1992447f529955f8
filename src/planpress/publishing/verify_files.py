"""Each published version's files checked against its record's manifest, with its seal in
seals.json and its checksums file (`check_versions`), and each alias folder checked as an exact
copy of the version it names (`alias_problems`), in words a clerk can act on."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from planpress.publishing.gitrepo import Repo, TreeEntry
from planpress.publishing.manifests import blob_digests
from planpress.publishing.verification import Verification
from planpress.publishing.verify_records import ReleaseFile
from planpress.versions.seal import FileChanges, compare_files, is_sealed, manifest_of, short_seal
from planpress.versions.seal_files import SEALS_FILE, checksums_path, checksums_text

SHOWN_PER_FOLDER = 20  # files named one by one for a folder; the rest are counted


def check_versions(
    found: Verification,
    repo: Repo,
    folders: Mapping[str, Mapping[str, TreeEntry]],
    records: list[ReleaseFile],
    published: Mapping[str, Mapping[str, Any]],
    seals: Mapping[str, str | None] | None,
    pages: str,
) -> None:
    """Each version's files against its record's manifest; its seal in seals.json."""
    sealed = {r.version: folders.get(r.version, {}) for r in records if is_sealed(r.content)}
    digests = blob_digests(repo, (e.blob for files in sealed.values() for e in files.values()))
    for record in sorted(records, key=lambda r: (str(r.content.get("published_at", "")), r.where)):
        name, seal = record.version, record.content.get("seal")
        if not is_sealed(record.content):
            found.unsealed += 1
            found.lines.append(
                f"{name}  not sealed  {record.said()}: published before planpress sealed its "
                "records, so its files cannot be checked"
            )
            continue
        manifest = manifest_of(record.content)
        files = sealed[name]
        if name not in published:
            found.problems.append(
                f"versions.json on {pages} does not list version {name}, published and sealed "
                f"in {record.where}: its readers' version selector does not offer it"
            )
        if seals is not None and isinstance(seal, str) and seals.get(name) != seal:
            said = f"the seal {short_seal(seals[name])}" if seals.get(name) else "no seal"
            found.problems.append(
                f"{SEALS_FILE} on {pages} gives version {name} {said}, but {record.where} "
                f"states {short_seal(seal)}: one of them has been changed since it was published"
            )
        if manifest is None:
            found.problems.append(
                f"{record.where} holds no list of its version's files (manifest): it has been "
                "changed since it was published"
            )
            found.lines.append(f"{name}  {short_seal(_text(seal))}  {record.said()}: not checked")
            continue
        found.versions += 1
        if not files:
            found.problems.append(
                f"{name}/ is missing from {pages}: version {name} was published there with "
                f"{len(manifest)} files ({record.where} lists them)"
            )
            found.lines.append(f"{name}  {short_seal(_text(seal))}  {record.said()}: missing")
            continue
        found.files += len(files)
        changes = compare_files(manifest, {p: digests[e.blob] for p, e in files.items()})
        found.problems += _file_problems(name, record.where, changes)
        listed = repo.show(found.pages_commit, checksums_path(name))
        if listed is None or listed.decode("utf-8", "surrogateescape") != checksums_text(manifest):
            state = "is missing from" if listed is None else "does not match the record, on"
            found.problems.append(
                f"{checksums_path(name)} {state} {pages}: it lists the digests of the files "
                f"of version {name} as {record.where} does (the next publish writes it again)"
            )
        state = (
            f"{changes.count} of {len(manifest)} files not as published"
            if changes
            else f"{len(files)} files as published"
        )
        found.lines.append(f"{name}  {short_seal(_text(seal))}  {record.said()}: {state}")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _file_problems(name: str, where: str, changes: FileChanges) -> list[str]:
    said = [
        *(
            f"{name}/{path} has been changed since version {name} was published (its SHA-256 "
            f"is not the one {where} lists)"
            for path in changes.changed
        ),
        *(
            f"{name}/{path} is missing: it was published with version {name} ({where} lists it)"
            for path in changes.missing
        ),
        *(
            f"{name}/{path} was not published with version {name}: it has been added since "
            f"({where} does not list it)"
            for path in changes.added
        ),
    ]
    return _capped(said, f"{name}/")


def _capped(lines: list[str], folder: str) -> list[str]:
    if len(lines) <= SHOWN_PER_FOLDER:
        return lines
    more = len(lines) - SHOWN_PER_FOLDER
    return [*lines[:SHOWN_PER_FOLDER], f"... and {more} more files in {folder} like those above"]


def alias_problems(
    repo: Repo,
    tree: Mapping[str, TreeEntry],
    folders: Mapping[str, Mapping[str, TreeEntry]],
    alias: str,
    version: str,
) -> list[str]:
    """How the alias folder differs from the version it names (versions.json)."""
    said = f"{alias}/ should be an exact copy of version {version} (versions.json says so)"
    link = tree.get(alias)
    if link is not None and link.mode == "120000":
        target = repo.run_bytes("cat-file", "blob", link.blob).decode("utf-8", "replace")
        if posixpath.normpath(target.rstrip("/")) == version:
            return []
        return [f"{alias} is a link to {target}, but {said}"]
    copy, original = folders.get(alias, {}), folders.get(version, {})
    if not copy:
        return [f"{alias}/ is missing: {said}"]
    changes = compare_files(
        {p: e.blob for p, e in original.items()}, {p: e.blob for p, e in copy.items()}
    )
    lines = [
        *(f"{alias}/{p} differs from {version}/{p}: {said}" for p in changes.changed),
        *(f"{alias}/{p} is missing: {said}, which has it" for p in changes.missing),
        *(f"{alias}/{p} is not in version {version}: {said}" for p in changes.added),
    ]
    return _capped(lines, f"{alias}/")
