"""Carry out a `PublishPlan`: build the version with mike, seal it, write the site root, commit
the record.

The version's record is sealed once mike has committed its folder (`versions.seal`): it gains
the SHA-256 of each file of the folder, the seal of the record published before it, and its own
seal. The site root's `seals.json` (every version's seal) and `seals/<version>.sha256` (the
version's files' digests) are written with the root's other files, outside the version's folder.

Before it changes anything it writes the journal (`publish_state`); if any step fails, or the
publish is interrupted, both branches are put back as they were, and the journal is cleared.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from planpress.core.outfiles import OutputError, write_text_whole
from planpress.exchange.feed import FEED_FILE, atom_feed
from planpress.publishing.facts import published_versions
from planpress.publishing.gitrepo import GitError, Repo
from planpress.publishing.manifests import version_manifest
from planpress.publishing.mike_child import run_mike
from planpress.publishing.publish_state import Journal, undo
from planpress.render.root import root_page
from planpress.render.text import one_line
from planpress.versions.publish_terms import PublishError, PublishPlan
from planpress.versions.published import PublishedVersion, dump_record, record_path
from planpress.versions.seal import seal_record
from planpress.versions.seal_chain import chain_head, link_of_version
from planpress.versions.seal_files import (
    SEALS_FILE,
    checksums_path,
    checksums_text,
    dump_seals,
    seals_index,
)

# The site's own sources beside its data; planpress's pages and theme come from the package.
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "macros")


class PublishInterrupted(PublishError):
    """Publishing was interrupted (Ctrl-C, SIGTERM) and what it had done was undone."""


@dataclass(frozen=True)
class PublishTarget:
    """Where the site is, and where its version is built."""

    project: Path  # the folder of its mkdocs.yml
    stage_dir: Path  # the scratch folder that the data was extracted into
    releases_dir: Path
    releases_path: str  # releases_dir, as written from `project`
    site_url: str
    remote: str


@dataclass(frozen=True)
class Deployed:
    pages_commit: str
    record: Path
    record_commit: str
    seal: str


def selector_title(title: str) -> str:
    """A version title as versions.json holds it: HTML, since that is how the selector reads
    it."""
    return html.escape(title, quote=True)


def carry_out(
    repo: Repo, plan: PublishPlan, site: PublishTarget, log: Callable[[str], None]
) -> Deployed:
    """Publish as `plan` says, or undo what was done and say why not."""
    top = repo.folder.resolve()

    def relative(path: Path) -> str:
        return path.resolve().relative_to(top).as_posix()

    journal = Journal(
        version=plan.version,
        title=plan.title,
        pages_branch=plan.pages_branch,
        pages_before=repo.ref(f"refs/heads/{plan.pages_branch}"),
        work_branch=plan.work_branch,
        head_before=plan.head_before,
        record=relative(plan.record_path),
        published_at=plan.published_at,
        superseded=relative(plan.superseded_path) if plan.superseded_path else None,
    )
    journal.save(repo)
    try:
        stage_site(site, plan)
        log(f"Building and deploying version {plan.version} ({plan.title}) with mike")
        deploy_with_mike(repo, site, plan)
        repo.replace_links_with_copies(
            plan.pages_branch, "Aliases as copies of their versions (GitHub Pages serves no links)"
        )
        record = seal_version(repo, plan)
        release = replace(
            plan.release,
            published_at=record["published_at"],
            seal=record["seal"],
            previous_seal=record["previous_seal"],
        )
        releases = [*plan.others, release]
        seals = {
            SEALS_FILE: dump_seals(seals_index(releases)),
            checksums_path(plan.version): checksums_text(record["manifest"]).encode("utf-8"),
        }
        pages_commit = write_root(repo, plan.pages_branch, site.site_url, releases, seals)
        record_file, record_commit = commit_record(repo, site.releases_dir, plan, record)
    except BaseException as exc:
        said = undo(repo, journal)
        Journal.clear(repo)
        if isinstance(exc, KeyboardInterrupt):
            raise PublishInterrupted(
                f"interrupted: nothing was published ({'; '.join(said) or 'nothing changed'})"
            ) from None
        if isinstance(exc, (GitError, OutputError, OSError)):
            raise PublishError(
                f"publishing failed, and was undone ({'; '.join(said) or 'nothing changed'}): {exc}"
            ) from None
        raise
    Journal.clear(repo)
    return Deployed(pages_commit, record_file, record_commit, record["seal"])


def seal_version(repo: Repo, plan: PublishPlan) -> dict[str, Any]:
    """The version's record sealed: its folder's files as mike committed them, and the seal of
    the record published last (the replaced one included)."""
    manifest = version_manifest(repo, f"refs/heads/{plan.pages_branch}", plan.version)
    earlier = [*plan.others, *([plan.replaced] if plan.replaced else [])]
    links = [link_of_version(r, str(r.path or r.version)) for r in earlier]
    previous = chain_head(link for link in links if link is not None)
    replaced = plan.replaced.seal if plan.replaced else None
    return seal_record(plan.record, manifest, previous, replaced)


def stage_site(site: PublishTarget, plan: PublishPlan) -> None:
    """The site's sources, the data to publish, and every record including the new one."""
    for name in SITE_SOURCES:
        source = site.project / name
        if source.is_dir():
            shutil.copytree(source, site.stage_dir / name)
        elif source.exists():
            shutil.copy2(source, site.stage_dir / name)
    releases = site.stage_dir / site.releases_path
    releases.mkdir()
    for release in plan.others:
        if release.path is not None:
            shutil.copy2(release.path, releases / release.path.name)
    record_path(releases, plan.version).write_text(dump_record(plan.record), encoding="utf-8")


def deploy_with_mike(repo: Repo, site: PublishTarget, plan: PublishPlan) -> None:
    """mike builds the version and commits it to the pages branch."""
    release: PublishedVersion = plan.release
    record = plan.record
    properties = {
        "stage": release.stage,
        "meeting": release.meeting_id,
        "meeting_date": release.meeting_date,
        "meeting_title": release.meeting_title,
        "body": release.body,
        "data_commit": release.data_commit,
        "site_commit": record.get("site_commit"),
    }
    if record.get("replaces"):
        properties["replaces"] = record["replaces"]
        if plan.replaced and plan.replaced.seal:
            properties["replaces"] = {**record["replaces"], "seal": plan.replaced.seal}
    arguments = [
        "deploy",
        release.version,
        *plan.aliases,
        # Material's version selector inserts each title from versions.json as HTML.
        f"--title={selector_title(release.title)}",
        "--update-aliases",
        # `latest` and `approved` as whole copies of the version's folder. GitHub Pages refuses
        # a branch holding symbolic links (mike's default) since April 2026; redirect stubs
        # would keep the branch smaller but serve no file below `latest/` (its PDF, feed,
        # calendar and data), which the site and its readers link to. Git stores each copied
        # file once, so a copy costs the branch almost nothing; the published site carries
        # two more versions' worth of files (measured by the benchmark's storage figure).
        "--alias-type=copy",
        f"--branch={plan.pages_branch}",
        f"--remote={site.remote}",
        "--ignore-remote-status",  # publish compares with the remote itself (--push)
        f"--config-file={site.stage_dir / 'mkdocs.yml'}",
        f"--prop-set-all={json.dumps(properties)}",
        f"--message=Publish {release.version} ({one_line(release.title)}) from "
        f"{release.meeting_id} at {(release.data_commit or '')[:10]}",
    ]
    env = {
        "PLANPRESS_VERSION": release.version,
        "PLANPRESS_DOWNLOADS": "1",  # every version carries its prospectus PDF and workbook
        "NO_MKDOCS_2_WARNING": "1",
        # mike runs `mkdocs`: the one installed beside this Python, whatever PATH says
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    code, said = run_mike(arguments, cwd=repo.folder, env={**os.environ, **env})
    if code != 0:
        lines = [line for line in said.splitlines() if line.strip()]
        raise PublishError("building or deploying with mike failed", lines[-15:])


def write_root(
    repo: Repo,
    branch: str,
    site_url: str,
    releases: Sequence[PublishedVersion],
    seals: Mapping[str, bytes] | None = None,
) -> str:
    """The site root: a redirect to the latest version, a 404 page, the sitemap, the feed of
    every published version in `releases` (its plan and title from the newest), and `seals`
    (path -> bytes: seals.json and the new version's checksums)."""
    base = urlparse(site_url).path if site_url else "/"
    files = {
        "index.html": root_page("index.html", target="latest/").encode(),
        "404.html": root_page("404.html", latest=base + "latest/").encode(),
        **(seals or {}),
    }
    if releases:
        ordered = sorted(releases, key=lambda r: r.sort_key)
        files[FEED_FILE] = atom_feed(ordered[-1].plan, ordered, site_url or None)
    latest = next(
        (v for v, info in published_versions(repo, branch).items() if "latest" in info["aliases"]),
        None,
    )
    sitemap = repo.show(f"refs/heads/{branch}", f"{latest}/sitemap.xml") if latest else None
    if sitemap:
        files["sitemap.xml"] = sitemap
    return repo.commit_files(
        branch,
        files,
        "Site root: redirect to latest, 404 page, sitemap, feed of versions, seals of versions",
    )


def commit_record(
    repo: Repo, releases_dir: Path, plan: PublishPlan, record: dict[str, Any]
) -> tuple[Path, str]:
    """Write the sealed `record` to releases/ and commit it (and nothing else) on the current
    branch.

    On failure the journal's undo puts the files back (`publish_state.undo`).
    """
    releases_dir.mkdir(exist_ok=True)
    target = record_path(releases_dir, record["version"])
    paths = [target]
    moved, existing = plan.superseded_path, plan.replaced
    if moved is not None and existing is not None and existing.path is not None:
        moved.parent.mkdir(exist_ok=True)
        shutil.move(existing.path, moved)
        paths.append(moved)
    write_text_whole(target, dump_record(record))
    relative = [str(p.resolve().relative_to(repo.folder.resolve())) for p in paths]
    repo.run("add", "--all", "--", *relative)
    message = f"Record of version {record['version']}: {one_line(record['title'])}"
    if record.get("replaces"):
        message += f" (replaces the earlier {record['version']}: {record['replaces']['reason']})"
    repo.run("commit", "--quiet", "-m", message, "--", *relative)
    return target, repo.ref("HEAD") or ""
