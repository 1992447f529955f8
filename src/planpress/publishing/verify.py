"""Verify what is published: every version's files on the pages branch, its aliases and the chain
of sealed records in releases/, recomputed from those two alone (`planpress verify`).

A version's record holds the SHA-256 of each file of its folder as published (its manifest) and
a seal over the record, its manifest and the seal of the record published before it
(`planpress.versions.seal`). `verify` reads the pages branch with git (the local branch, or in a
fresh clone the remote's) and the records from releases/, and names, in words a clerk can act
on, each file changed, added or missing in a version's folder, each alias folder that is not a
copy of the version it names, each record whose seal no longer matches it, and each record
missing or out of order. Versions published before records were sealed are listed as not
sealed: they cannot be checked, and are not counted as problems.

`version_manifest` and `blob_digests` are also how `deploy` takes a new version's manifest.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from planpress.core.settings import SettingsError, site_settings
from planpress.core.wording import suggest
from planpress.publishing.facts import versions_from_json
from planpress.publishing.gitrepo import Entry, GitError, Repo
from planpress.versions.policy import PAGES_BRANCH, PublishError
from planpress.versions.seal import (
    SEALS_FILE,
    FileChanges,
    Link,
    chain_problems,
    checksums_path,
    checksums_text,
    compare_files,
    is_sealed,
    link_of,
    manifest_of,
    seals_from_json,
    short_seal,
)

SHOWN_PER_FOLDER = 20  # files named one by one for a folder; the rest are counted


class VerifyError(Exception):
    """Nothing could be verified: the message (one line) says why."""


@dataclass
class Verification:
    """What `verify` found."""

    pages: str  # the pages branch as read: gh-pages or origin/gh-pages
    pages_commit: str
    releases: str  # the records' folder, as written from the site's folder
    lines: list[str] = field(default_factory=list)  # each version, its seal and its state
    problems: list[str] = field(default_factory=list)
    versions: int = 0  # sealed versions whose files were checked
    files: int = 0  # files checked in those versions' folders
    aliases: int = 0  # alias folders checked
    unsealed: int = 0  # versions that could not be checked: published before seals
    records: int = 0  # sealed records whose seals were checked
    seconds: float = 0.0


# ---------------------------------------------------------------- reading the pages branch


def folder_files(tree: Mapping[str, Entry], folder: str) -> dict[str, Entry]:
    """The files under `folder`/ in `tree`, by their path inside it."""
    prefix = folder + "/"
    return {path[len(prefix) :]: e for path, e in tree.items() if path.startswith(prefix)}


def top_folders(tree: Mapping[str, Entry]) -> dict[str, dict[str, Entry]]:
    """The files in each folder at the top of `tree`, by their path inside it (one pass)."""
    found: dict[str, dict[str, Entry]] = defaultdict(dict)
    for path, entry in tree.items():
        top, slash, inside = path.partition("/")
        if slash:
            found[top][inside] = entry
    return found


def blob_digests(repo: Repo, blobs: Iterable[str]) -> dict[str, str]:
    """The SHA-256 of each blob's bytes, read in one `git cat-file --batch`."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    child = subprocess.Popen(
        ["git", "cat-file", "--batch"],
        cwd=repo.folder,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdin is not None and child.stdout is not None
    writer = threading.Thread(target=_write_lines, args=(child.stdin, wanted), daemon=True)
    writer.start()
    digests: dict[str, str] = {}
    try:
        for blob in wanted:
            header = child.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(f"git cat-file failed: {blob} cannot be read")
            digests[blob] = _digest(child.stdout, int(header[2]))
            child.stdout.read(1)  # the line break after each blob
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()
        writer.join()
    return digests


def _write_lines(stream: IO[bytes], lines: list[str]) -> None:
    try:
        stream.write("".join(f"{line}\n" for line in lines).encode("ascii"))
        stream.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


def _digest(stream: IO[bytes], size: int) -> str:
    digest = hashlib.sha256()
    left = size
    while left:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            raise GitError("git cat-file failed: a blob ended early")
        digest.update(chunk)
        left -= len(chunk)
    return digest.hexdigest()


def version_manifest(repo: Repo, rev: str, version: str) -> dict[str, str]:
    """The SHA-256 of every file in `version`'s folder at `rev`, by its path inside it."""
    files = folder_files(repo.tree(rev, version), version)
    digests = blob_digests(repo, (entry.blob for entry in files.values()))
    return {path: digests[files[path].blob] for path in sorted(files)}


# ---------------------------------------------------------------- reading the records


@dataclass(frozen=True)
class Record:
    where: str  # as messages name it: releases/2020-09-17.json
    content: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.content.get("version", ""))

    def said(self) -> str:
        title, stage = self.content.get("title", ""), self.content.get("stage", "")
        return f"{title} ({stage})" if title else f"({stage})"


def read_records(folder: Path, shown: str) -> list[Record]:
    """Every record in `folder` (named `shown` in messages); `VerifyError` if one is unreadable."""
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        where = f"{shown}/{path.name}"
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise VerifyError(
                f"{where} cannot be read as JSON ({_first_line(exc)}): restore it from the git "
                f"history (git log -p -- {where})"
            ) from None
        if not isinstance(content, dict):
            raise VerifyError(f"{where} is not a planpress release record")
        found.append(Record(where, content))
    return found


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


# ---------------------------------------------------------------- verifying


def verify(
    config_file: Path,
    version: str | None = None,
    *,
    branch: str = PAGES_BRANCH,
    remote: str = "origin",
) -> Verification:
    """Verify what the site of `config_file` (its mkdocs.yml) has published: every version, or
    only `version`'s files and aliases (the records are always all checked, since each seal
    rests on those before it). `VerifyError` when nothing can be verified."""
    started = time.perf_counter()
    project = config_file.resolve().parent
    repo = Repo.containing(project)
    if repo is None:
        raise VerifyError(
            f"{project} is not in a git repository: run planpress verify in a clone of the "
            "site's repository"
        )
    try:
        settings = site_settings(config_file)
    except SettingsError as exc:
        raise VerifyError(str(exc)) from None
    try:
        found = _verify(
            repo,
            settings.releases_dir,
            settings.relative(settings.releases_dir),
            version,
            branch,
            remote,
        )
    except GitError as exc:
        raise VerifyError(f"git cannot read the published versions: {exc}") from None
    found.seconds = time.perf_counter() - started
    return found


def _verify(
    repo: Repo, releases_dir: Path, shown: str, version: str | None, branch: str, remote: str
) -> Verification:
    pages, rev = _pages(repo, branch, remote)
    try:
        published = versions_from_json(repo.show(rev, "versions.json"), pages)
    except PublishError as exc:
        raise VerifyError(str(exc)) from None
    current = read_records(releases_dir, shown)
    superseded = read_records(releases_dir / "superseded", f"{shown}/superseded")
    by_version = {record.version: record for record in current}
    if version is not None and version not in published and version not in by_version:
        known = sorted(published.keys() | by_version.keys())
        guess = suggest(version, known)
        hint = f"did you mean '{guess}'?" if guess else f"published: {', '.join(known) or 'none'}"
        raise VerifyError(f"no version '{version}' has been published ({hint})")
    tree = repo.tree(rev)
    folders = top_folders(tree)
    found = Verification(pages=pages, pages_commit=rev, releases=shown)
    seals, seals_problem = _read_seals(repo, rev)
    if seals_problem:
        found.problems.append(seals_problem)
    found.problems += _record_names(current, superseded)
    missing = _missing_records(found, published, by_version, seals, shown, version)
    links = [link for r in [*current, *superseded] if (link := link_of(r.content, r.where))]
    found.records = len(links)
    found.problems += _replacements(current, links, missing)
    found.problems += chain_problems(links, reported=missing)
    if seals is None and links and not seals_problem:
        found.problems.append(
            f"{SEALS_FILE} is missing from {pages}: it lists every version's seal for the "
            "site's pages (the next planpress publish writes it again)"
        )

    chosen = [r for r in current if version is None or r.version == version]
    _check_versions(found, repo, folders, chosen, published, seals, pages)
    for name, info in sorted(published.items()):
        if version is not None and name != version:
            continue
        aliases = info.get("aliases")
        for alias in aliases if isinstance(aliases, list) else []:
            found.aliases += 1
            found.problems += _alias_problems(repo, tree, folders, str(alias), name)
    return found


def _pages(repo: Repo, branch: str, remote: str) -> tuple[str, str]:
    """The pages branch to read: the local one, else the remote's; its name and commit."""
    for ref, name in ((f"refs/heads/{branch}", branch), (f"refs/remotes/{remote}/{branch}", "")):
        commit = repo.ref(ref)
        if commit:
            return name or f"{remote}/{branch}", commit
    raise VerifyError(
        f"there is no {branch} branch here, nor {remote}/{branch}: nothing has been published "
        f"from this repository, or the branch has not been fetched (git fetch {remote} {branch})"
    )


def _read_seals(repo: Repo, rev: str) -> tuple[dict[str, str | None] | None, str | None]:
    """seals.json on the pages branch (None when there is none), or why it cannot be read."""
    data = repo.show(rev, SEALS_FILE)
    if data is None:
        return None, None
    try:
        return seals_from_json(data), None
    except (ValueError, RecursionError) as exc:
        return None, (
            f"{SEALS_FILE} on the pages branch cannot be read ({_first_line(exc)}): it has been "
            "changed since it was published; restore it from the branch's history"
        )


def _record_names(current: list[Record], superseded: list[Record]) -> list[str]:
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


def _missing_records(
    found: Verification,
    published: Mapping[str, Mapping[str, Any]],
    by_version: Mapping[str, Record],
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


def _replacements(current: list[Record], links: list[Link], missing: set[str]) -> list[str]:
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


def _check_versions(
    found: Verification,
    repo: Repo,
    folders: Mapping[str, Mapping[str, Entry]],
    records: list[Record],
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


def _alias_problems(
    repo: Repo,
    tree: Mapping[str, Entry],
    folders: Mapping[str, Mapping[str, Entry]],
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
