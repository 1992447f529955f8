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

Reading the pages branch's files is `manifests`'; the records are checked by `verify_records`,
each version's files and aliases by `verify_files`, and the chain of records by
`planpress.versions.seal_chain`.
"""

from __future__ import annotations

import time
from pathlib import Path

from planpress.core.settings import SettingsError, site_settings
from planpress.core.wording import suggest
from planpress.publishing.facts import versions_from_json
from planpress.publishing.gitrepo import GitError, Repo
from planpress.publishing.manifests import top_folders
from planpress.publishing.verification import Verification, VerifyError, first_line
from planpress.publishing.verify_files import alias_problems, check_versions
from planpress.publishing.verify_records import (
    missing_records,
    read_records,
    record_names,
    replacements,
)
from planpress.versions.publish_terms import PAGES_BRANCH, PublishError
from planpress.versions.seal_chain import chain_problems, link_of
from planpress.versions.seal_files import SEALS_FILE, seals_from_json


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
    found.problems += record_names(current, superseded)
    missing = missing_records(found, published, by_version, seals, shown, version)
    links = [link for r in [*current, *superseded] if (link := link_of(r.content, r.where))]
    found.records = len(links)
    found.problems += replacements(current, links, missing)
    found.problems += chain_problems(links, reported=missing)
    if seals is None and links and not seals_problem:
        found.problems.append(
            f"{SEALS_FILE} is missing from {pages}: it lists every version's seal for the "
            "site's pages (the next planpress publish writes it again)"
        )

    chosen = [r for r in current if version is None or r.version == version]
    check_versions(found, repo, folders, chosen, published, seals, pages)
    for name, info in sorted(published.items()):
        if version is not None and name != version:
            continue
        aliases = info.get("aliases")
        for alias in aliases if isinstance(aliases, list) else []:
            found.aliases += 1
            found.problems += alias_problems(repo, tree, folders, str(alias), name)
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
            f"{SEALS_FILE} on the pages branch cannot be read ({first_line(exc)}): it has been "
            "changed since it was published; restore it from the branch's history"
        )
