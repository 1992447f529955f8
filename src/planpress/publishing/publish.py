"""Publish the version of the plan that a board meeting endorsed or approved.

`publish()` checks everything first and changes nothing when it refuses. It then builds the site
from the data at a commit, deploys it with mike to the `gh-pages` branch (version name, title and
properties from the data), points `latest` (and `approved`) at the newest versions, writes the
site root's redirect, 404 page, sitemap and the versions' seals, and commits the frozen, sealed
record of what was published to `releases/` on the current branch. If any step fails, or the
publish is interrupted, both branches are put back as they were; a publish killed outright is
finished or undone by the next one (see `publish_state`).

This module runs a publish: it takes the lock, reads what the decisions need (`facts`), asks
`preflight` and `policy` whether and what to publish, and has `deploy` do it. Every refusal is
decided in those two, by pure code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planpress.core.settings import SettingsError, SiteSettings, site_settings
from planpress.publishing.deploy import (
    SITE_SOURCES,
    PublishInterrupted,
    PublishTarget,
    carry_out,
    selector_title,
)
from planpress.publishing.facts import gather, versions_from_json
from planpress.publishing.gitrepo import GitError, Repo
from planpress.publishing.preflight import check_checkout, check_clean, check_source
from planpress.publishing.processes import stop_signals_raise
from planpress.publishing.publish_state import (
    Journal,
    PublishBusy,
    PublishLock,
    finished,
    remove_scratch,
    scratch_folder,
    undo,
)
from planpress.publishing.remote import catch_up_with_remote
from planpress.versions.policy import decide
from planpress.versions.publish_terms import PAGES_BRANCH, PublishError, Request

__all__ = [
    "PAGES_BRANCH",
    "SITE_SOURCES",
    "PublishError",
    "PublishInterrupted",
    "Published",
    "Request",
    "publish",
    "recover",
    "selector_title",
    "versions_from_json",
]


@dataclass
class Published:
    """What a successful publish did."""

    version: str
    title: str
    stage: str
    aliases: list[str]
    pages_commit: str
    record: Path
    record_commit: str
    data_commit: str
    seconds: float
    work_branch: str = "main"
    pushed: bool = False
    seal: str = ""  # the version's seal (`versions.seal`)
    notes: list[str] = field(default_factory=list)


def publish(request: Request, log: Callable[[str], None] = lambda _: None) -> Published:
    """Publish `request.meeting_id`'s version; `PublishError` says why not, changing nothing."""
    started = time.perf_counter()
    project = request.project.resolve()
    repo = Repo.containing(project)
    if repo is None:
        raise PublishError(
            f"{project} is not in a git repository: a published version must be traceable "
            "to a commit (run `git init` and commit the data first)"
        )
    try:
        with PublishLock(repo, f"publishing {request.meeting_id}"), stop_signals_raise():
            notes = recover(repo, log)
            published = _publish_locked(request, repo, project, log)
    except PublishBusy as exc:
        raise PublishError(str(exc)) from None
    published.notes[:0] = notes
    published.seconds = time.perf_counter() - started
    if request.push:
        log(f"Pushing {request.branch} and {published.work_branch} to {request.remote}")
        try:
            repo.run("push", "--", request.remote, request.branch, published.work_branch)
        except GitError as exc:
            raise PublishError(
                f"published locally, but pushing to '{request.remote}' failed ({exc}); push "
                f"later with: git push {request.remote} {request.branch} {published.work_branch}"
            ) from None
        published.pushed = True
    return published


def recover(repo: Repo, log: Callable[[str], None] = lambda _: None) -> list[str]:
    """Finish with a publish that was killed: say whether it had finished, or undo it."""
    journal = Journal.load(repo)
    if journal is None:
        remove_scratch(repo)
        return []
    what = f"An earlier publish of version '{journal.version}' ({journal.title})"
    if finished(repo, journal):
        note = (
            f"{what} was interrupted after it had finished: its version and its record are both "
            "in place."
        )
    else:
        said = undo(repo, journal)
        note = f"{what} was interrupted before it finished, and has been undone"
        note += f" ({'; '.join(said)})." if said else "."
    Journal.clear(repo)
    remove_scratch(repo)
    log(note)
    return [note]


def _publish_locked(
    request: Request, repo: Repo, project: Path, log: Callable[[str], None]
) -> Published:
    prefix = project.relative_to(repo.folder.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    settings, settings_problem = _settings(project)
    work_branch = check_checkout(
        request,
        repo.current_branch(),
        settings_problem,
        request.publish_from or (settings.publish_from if settings else None),
    )
    assert settings is not None
    data_path = settings.relative(settings.data_dir)
    releases_path = settings.relative(settings.releases_dir)
    check_clean(repo.dirty(data_path, releases_path, *SITE_SOURCES))
    if request.push:
        catch_up_with_remote(repo, request, work_branch)
    source = request.source or "HEAD"
    data_commit = check_source(source, repo.ref(source))
    site_commit = repo.ref("HEAD")
    assert site_commit is not None

    scratch = scratch_folder(repo)
    try:
        log(f"Checking the data at {source} ({data_commit[:10]})")
        stage_dir = scratch / "site-source"
        facts = gather(
            repo,
            request,
            work_branch=work_branch,
            data_commit=data_commit,
            site_commit=site_commit,
            data_prefix=f"{prefix}{data_path}",
            data_path=data_path,
            stage_dir=stage_dir,
            releases_dir=settings.releases_dir,
        )
        plan = decide(facts)
        site = PublishTarget(
            project=project,
            stage_dir=stage_dir,
            releases_dir=settings.releases_dir,
            releases_path=releases_path,
            site_url=settings.site_url,
            remote=request.remote,
        )
        done = carry_out(repo, plan, site, log)
    finally:
        remove_scratch(repo)

    return Published(
        version=plan.version,
        title=plan.title,
        stage=plan.stage.name,
        aliases=list(plan.aliases),
        pages_commit=done.pages_commit,
        record=done.record,
        record_commit=done.record_commit,
        data_commit=data_commit,
        seconds=0.0,
        work_branch=work_branch,
        seal=done.seal,
    )


def _settings(project: Path) -> tuple[SiteSettings | None, str | None]:
    """The site's settings, or why they cannot be read."""
    try:
        return site_settings(project / "mkdocs.yml"), None
    except SettingsError as exc:
        return None, str(exc)
