"""Publish the version of the plan that a board meeting endorsed or approved.

`publish()` checks everything first and changes nothing when it refuses. It then builds the site
from the data at a commit, deploys it with mike to the `gh-pages` branch (version name, title and
properties from the data), points `latest` (and `approved`) at the newest versions, writes the
site root's redirect, 404 page and sitemap, and commits the frozen record of what was published
to `releases/` on the current branch. If any step fails, or the publish is interrupted, both
branches are put back as they were; a publish killed outright is finished or undone by the next
one (see `publish_state`).
"""

from __future__ import annotations

import html
import io
import json
import os
import shutil
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planpress.core.errors import suggest
from planpress.core.load import display_path, load_plan
from planpress.core.model import Meeting, Plan
from planpress.core.outfiles import OutputError, write_text_whole
from planpress.core.settings import SettingsError, site_settings
from planpress.core.stages import Stage
from planpress.core.versionnames import version_name_problem
from planpress.core.yamlfile import FileError, parse_yaml
from planpress.render.root import root_page
from planpress.render.site import one_line
from planpress.versions.children import stop_signals_raise
from planpress.versions.gitrepo import GitError, Repo
from planpress.versions.mike_child import run_mike
from planpress.versions.publish_state import (
    Journal,
    PublishBusy,
    PublishLock,
    finished,
    remove_scratch,
    scratch_folder,
    undo,
)
from planpress.versions.releases import (
    RecordError,
    Release,
    dump_record,
    make_record,
    read_releases,
    record_path,
    release_from_record,
)

PAGES_BRANCH = "gh-pages"
# The site's own sources beside its data; planpress's pages and theme come from the package.
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "macros")


class PublishError(Exception):
    """Publishing was refused or failed; nothing was changed. The message says why."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class PublishInterrupted(PublishError):
    """Publishing was interrupted (Ctrl-C, SIGTERM) and what it had done was undone."""


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
    notes: list[str] = field(default_factory=list)


@dataclass
class Request:
    """What to publish, and how."""

    meeting_id: str
    project: Path
    source: str | None = None  # a revision; None means HEAD
    replace: bool = False
    reason: str | None = None
    push: bool = False
    remote: str = "origin"
    branch: str = PAGES_BRANCH
    publish_from: str | None = None  # None: the site's setting (extra.planpress.publish_from)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


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
    work_branch = repo.current_branch()
    if work_branch is None:
        raise PublishError(
            "HEAD is detached: check out the branch that keeps releases/ (for example main); "
            "to publish data from an older commit, use --from REV"
        )
    if work_branch == request.branch:
        raise PublishError(f"you are on the {request.branch} branch: check out main first")
    try:
        settings = site_settings(project / "mkdocs.yml")
    except SettingsError as exc:
        raise PublishError(str(exc)) from None
    publish_from = request.publish_from or settings.publish_from
    if work_branch != publish_from:
        raise PublishError(
            f"you are on the branch '{work_branch}', but versions are published from "
            f"'{publish_from}' (extra.planpress.publish_from in mkdocs.yml), where their records "
            f"are kept: check out {publish_from} first"
        )
    _refuse_bad_options(request)
    data_path, releases_path = (
        settings.relative(settings.data_dir),
        settings.relative(settings.releases_dir),
    )
    dirty = repo.dirty(data_path, releases_path, *SITE_SOURCES)
    if dirty:
        shown = ", ".join(dirty[:5]) + (", ..." if len(dirty) > 5 else "")
        raise PublishError(
            f"uncommitted changes in {shown}: commit them first, so that the published version "
            "can be traced to a commit"
        )
    if request.push:
        _catch_up_with_remote(repo, request, work_branch)
    source = request.source or "HEAD"
    data_commit = repo.ref(source)
    if data_commit is None:
        raise PublishError(f"'{source}' is not a commit in this repository")
    site_commit = repo.ref("HEAD")
    assert site_commit is not None

    scratch = scratch_folder(repo)
    try:
        log(f"Checking the data at {source} ({data_commit[:10]})")
        stage_dir = scratch / "site-source"
        _extract(repo, data_commit, f"{prefix}{data_path}", stage_dir / data_path)
        result = load_plan(stage_dir / data_path)
        if result.problems:
            raise PublishError(
                f"the data at {source} fails `planpress check` ({len(result.problems)} "
                "problems): fix them and commit first",
                [str(p).replace(display_path(stage_dir) + os.sep, "") for p in result.problems],
            )
        plan = result.plan
        assert plan is not None
        meeting = _meeting(plan, request.meeting_id)
        assert meeting.publishes is not None
        version = meeting.publishes.version
        problem = version_name_problem(version)
        if problem:
            raise PublishError(problem)
        if request.source is None:
            _refuse_superseded(repo, f"{prefix}{data_path}", plan, meeting)

        releases_dir = settings.releases_dir
        try:
            releases = read_releases(releases_dir)
        except RecordError as exc:
            raise PublishError(str(exc)) from None
        published_versions = _published_versions(repo, request.branch, request.remote)
        existing = next((r for r in releases if r.version == version), None)
        replaces = _check_replacement(request, version, existing, published_versions)

        record = make_record(
            plan,
            meeting,
            data_commit=data_commit,
            site_commit=site_commit,
            published_at=request.now().isoformat(timespec="seconds"),
            replaces=replaces,
        )
        new_release = release_from_record(record)
        others = [r for r in releases if r.version != version]
        aliases = _aliases_for(new_release, others)
        target = record_path(releases_dir, version)
        superseded = _superseded_path(releases_dir, version) if existing and existing.path else None
        top = repo.folder.resolve()

        def relative(path: Path) -> str:
            return path.resolve().relative_to(top).as_posix()

        journal = Journal(
            version=version,
            title=meeting.publishes.title,
            pages_branch=request.branch,
            pages_before=repo.ref(f"refs/heads/{request.branch}"),
            work_branch=work_branch,
            head_before=site_commit,
            record=relative(target),
            published_at=record["published_at"],
            superseded=relative(superseded) if superseded else None,
        )
        journal.save(repo)
        try:
            _stage_site(project, stage_dir, others, version, record, releases_path)
            log(f"Building and deploying version {version} ({meeting.publishes.title}) with mike")
            _deploy(repo, request, stage_dir, new_release, record, aliases)
            pages_commit = _write_root(repo, request.branch, settings.site_url)
            record_file, record_commit = _commit_record(
                repo, releases_dir, record, existing, superseded
            )
        except BaseException as exc:
            said = undo(repo, journal)
            Journal.clear(repo)
            if isinstance(exc, KeyboardInterrupt):
                raise PublishInterrupted(
                    f"interrupted: nothing was published ({'; '.join(said) or 'nothing changed'})"
                ) from None
            if isinstance(exc, (GitError, OutputError, OSError)):
                raise PublishError(
                    f"publishing failed, and was undone ({'; '.join(said) or 'nothing changed'}): "
                    f"{exc}"
                ) from None
            raise
        Journal.clear(repo)
    finally:
        remove_scratch(repo)

    return Published(
        version=version,
        title=meeting.publishes.title,
        stage=meeting.publishes.stage,
        aliases=aliases,
        pages_commit=pages_commit,
        record=record_file,
        record_commit=record_commit,
        data_commit=data_commit,
        seconds=0.0,
        work_branch=work_branch,
    )


def _catch_up_with_remote(repo: Repo, request: Request, work_branch: str) -> None:
    """Before a publish that will be pushed: fetch, and refuse if the remote has moved on.

    A clone that has not seen another clone's publication would otherwise publish the same
    version a second time, and then fail to push it.
    """
    remote, pages = request.remote, request.branch
    try:
        listed = repo.run("ls-remote", "--heads", "--", remote, pages, work_branch)
    except GitError as exc:
        raise PublishError(
            f"cannot reach '{remote}' to see what is already published there ({exc}); publish "
            "without --push, and push when the remote can be reached"
        ) from None
    there = {line.split("\t")[1].removeprefix("refs/heads/") for line in listed.splitlines()}
    for branch in sorted(there & {pages, work_branch}):
        try:
            repo.run(
                "fetch",
                "--quiet",
                "--no-tags",
                "--",
                remote,
                f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
            )
        except GitError as exc:
            raise PublishError(f"cannot fetch {branch} from '{remote}' ({exc})") from None
    if work_branch in there:
        theirs = repo.ref(f"refs/remotes/{remote}/{work_branch}")
        if theirs and not repo.is_ancestor(theirs, "HEAD"):
            raise PublishError(
                f"'{remote}/{work_branch}' has commits that this clone does not have (another "
                f"clone may have published a version): run `git pull {remote} {work_branch}`, "
                "then publish again"
            )
    if pages in there:
        theirs = repo.ref(f"refs/remotes/{remote}/{pages}")
        ours = repo.ref(f"refs/heads/{pages}")
        if ours is None or (theirs and repo.is_ancestor(ours, theirs)):
            repo.set_ref(pages, theirs, expected=ours or "0" * 40)  # a fast-forward
        elif theirs and not repo.is_ancestor(theirs, ours):
            raise PublishError(
                f"'{remote}/{pages}' and this clone's {pages} have both changed since they "
                f"last matched: see `git log {pages}...{remote}/{pages}`, and publish from a "
                f"clone whose {pages} contains {remote}'s"
            )


def _refuse_bad_options(request: Request) -> None:
    if request.replace and not (request.reason and request.reason.strip()):
        raise PublishError('--replace needs --reason "..." saying why the version is replaced')
    if request.reason and not request.replace:
        raise PublishError("--reason is only for --replace")


def _meeting(plan: Plan, meeting_id: str) -> Meeting:
    meetings = {m.id: m for m in plan.meetings}
    meeting = meetings.get(meeting_id)
    if meeting is None:
        guess = suggest(meeting_id, meetings)
        hint = f"did you mean '{guess}'?" if guess else "meetings are listed in data/meetings.yml"
        raise PublishError(f"unknown meeting '{meeting_id}' ({hint})")
    if meeting.publishes is None:
        publishing = [m.id for m in plan.meetings if m.publishes]
        raise PublishError(
            f"meeting '{meeting_id}' does not publish a version: it has no 'publishes' block in "
            f"data/meetings.yml (meetings that do: {', '.join(publishing) or 'none'})"
        )
    return meeting


def _later_publishing(meetings: list[Meeting], meeting: Meeting) -> list[Meeting]:
    return [
        m
        for m in meetings
        if m.publishes and m.id != meeting.id and m.date.first_day > meeting.date.first_day
    ]


def _refuse_superseded(repo: Repo, data_prefix: str, plan: Plan, meeting: Meeting) -> None:
    """Refuse to publish an earlier meeting's version from data that has moved past it."""
    later = _later_publishing(plan.meetings, meeting)
    if not later:
        return
    hint = ""
    commit = _commit_where_current(repo, data_prefix, meeting)
    if commit:
        hint = f": planpress publish {meeting.id} --from {commit[:10]}"
    raise PublishError(
        f"the data at HEAD already holds a later version ({later[0].publishes.version}, "
        f"published by {later[0].id}); publish {meeting.id} from the commit where its version "
        f"was the newest{hint}"
    )


def _commit_where_current(repo: Repo, data_prefix: str, meeting: Meeting) -> str | None:
    """The newest commit whose data publishes `meeting` and no later meeting."""
    path = f"{data_prefix}/meetings.yml"
    try:
        commits = repo.run("log", "--format=%H", "--", path).split()
    except GitError:
        return None
    for commit in commits:
        meetings = _meetings_at(repo, commit, path)
        mine = [m for m in meetings if m.id == meeting.id]
        if mine and mine[0].publishes and not _later_publishing(meetings, meeting):
            return commit
    return None


def _meetings_at(repo: Repo, commit: str, path: str) -> list[Meeting]:
    """The meetings in `path` at `commit`, read as `planpress check` reads them (bad ones left
    out)."""
    text = repo.show(commit, path)
    try:
        entries = parse_yaml((text or b"").decode("utf-8", "replace"), path).value
    except (FileError, RecursionError):
        return []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            found.append(Meeting.model_validate(entry))
        except (ValidationError, RecursionError):
            continue
    return found


def _published_versions(
    repo: Repo, branch: str, remote: str | None = None
) -> dict[str, dict[str, Any]]:
    """Versions on the pages branch (from mike's versions.json), by name.

    Without a local branch (a fresh clone), the remote's copy of it is read instead.
    """
    data = repo.show(f"refs/heads/{branch}", "versions.json")
    if data is None and remote and repo.ref(f"refs/heads/{branch}") is None:
        data = repo.show(f"refs/remotes/{remote}/{branch}", "versions.json")
    return versions_from_json(data, branch)


def versions_from_json(data: bytes | None, where: str) -> dict[str, dict[str, Any]]:
    """mike's versions.json, by version name, with each title as it was written in the data."""
    if not data:
        return {}
    try:
        versions = {v["version"]: dict(v) for v in json.loads(data)}
        for info in versions.values():
            info["title"] = html.unescape(str(info.get("title", "")))
        return versions
    except (ValueError, KeyError, TypeError, RecursionError):
        raise PublishError(f"versions.json on {where} cannot be read") from None


def selector_title(title: str) -> str:
    """A version title as versions.json holds it: HTML, since that is how the selector reads
    it."""
    return html.escape(title, quote=True)


def _check_replacement(
    request: Request,
    version: str,
    existing: Release | None,
    published: dict[str, dict[str, Any]],
) -> dict[str, Any] | None:
    on_pages = published.get(version)
    if existing is None and on_pages is None:
        if request.replace:
            raise PublishError(
                f"version '{version}' is not published yet: there is nothing to replace"
            )
        return None
    stage = Stage.of(
        existing.stage if existing else (on_pages.get("properties") or {}).get("stage")
    )
    title = existing.title if existing else on_pages.get("title", version)
    if not request.replace:
        hint = (
            f' ({stage.with_article} version can be replaced with --replace --reason "...")'
            if stage and stage.replaceable
            else ""
        )
        raise PublishError(
            f"version '{version}' ({title}) is already published; planpress never overwrites a "
            f"published version{hint}"
        )
    if not (stage and stage.replaceable):
        raise PublishError(
            f"version '{version}' ({title}) is "
            f"{stage.name if stage else 'of unknown stage'}: only embryonic or draft versions "
            "can be replaced"
        )
    return {
        "reason": request.reason.strip(),
        "data_commit": existing.data_commit if existing else None,
        "replaced_at": request.now().isoformat(timespec="seconds"),
    }


def _aliases_for(new: Release, others: list[Release]) -> list[str]:
    """`latest` if this is the newest version, `approved` if the newest approved or final one."""
    aliases = []
    if all(new.sort_key > r.sort_key for r in others):
        aliases.append("latest")
    if Stage(new.stage).is_approved and all(
        new.sort_key > r.sort_key for r in others if Stage(r.stage).is_approved
    ):
        aliases.append("approved")
    return aliases


def _extract(repo: Repo, commit: str, path: str, target: Path) -> None:
    """The folder `path` as it is at `commit`, written to `target`."""
    try:
        archive = repo.run_bytes("archive", "--format=tar", commit, "--", path)
    except GitError:
        raise PublishError(f"there is no {path}/ folder at {commit[:10]}") from None
    target.mkdir(parents=True, exist_ok=True)
    strip = path.rstrip("/") + "/"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not member.name.startswith(strip):
                continue
            if not (member.isfile() or member.isdir()):
                raise PublishError(
                    f"{member.name} at {commit[:10]} is not an ordinary file (the data folder may "
                    "hold only ordinary files and folders): replace it with the file itself, "
                    "and commit"
                )
            relative = member.name[len(strip) :]
            if not relative or ".." in Path(relative).parts:
                continue
            destination = target / relative
            if member.isdir():
                destination.mkdir(parents=True, exist_ok=True)
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                destination.write_bytes(source.read() if source else b"")


def _stage_site(
    project: Path,
    stage_dir: Path,
    others: list[Release],
    version: str,
    record: dict,
    releases_path: str,
) -> None:
    """The site's sources, the data to publish, and every record including the new one."""
    for name in SITE_SOURCES:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, stage_dir / name)
        elif source.exists():
            shutil.copy2(source, stage_dir / name)
    releases = stage_dir / releases_path
    releases.mkdir()
    for release in others:
        if release.path is not None:
            shutil.copy2(release.path, releases / release.path.name)
    record_path(releases, version).write_text(dump_record(record), encoding="utf-8")


def _deploy(
    repo: Repo,
    request: Request,
    stage_dir: Path,
    release: Release,
    record: dict,
    aliases: list[str],
) -> None:
    """mike builds the version and commits it to the pages branch."""
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
    arguments = [
        "deploy",
        release.version,
        *aliases,
        # Material's version selector inserts each title from versions.json as HTML.
        f"--title={selector_title(release.title)}",
        "--update-aliases",
        f"--branch={request.branch}",
        f"--remote={request.remote}",
        "--ignore-remote-status",  # publish compares with the remote itself (--push)
        f"--config-file={stage_dir / 'mkdocs.yml'}",
        f"--prop-set-all={json.dumps(properties)}",
        f"--message=Publish {release.version} ({one_line(release.title)}) from "
        f"{release.meeting_id} at {(release.data_commit or '')[:10]}",
    ]
    env = {
        "PLANPRESS_VERSION": release.version,
        "PLANPRESS_PDF": "1",  # every published version carries its prospectus PDF
        "NO_MKDOCS_2_WARNING": "1",
        # mike runs `mkdocs`: the one installed beside this Python, whatever PATH says
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    code, said = run_mike(arguments, cwd=repo.folder, env={**os.environ, **env})
    if code != 0:
        lines = [line for line in said.splitlines() if line.strip()]
        raise PublishError("building or deploying with mike failed", lines[-15:])


def _write_root(repo: Repo, branch: str, site_url: str) -> str:
    """The site root: a redirect to the latest version, a 404 page and the sitemap."""
    from urllib.parse import urlparse

    base = urlparse(site_url).path if site_url else "/"
    files = {
        "index.html": root_page("index.html", target="latest/").encode(),
        "404.html": root_page("404.html", latest=base + "latest/").encode(),
    }
    latest = next(
        (v for v, info in _published_versions(repo, branch).items() if "latest" in info["aliases"]),
        None,
    )
    sitemap = repo.show(f"refs/heads/{branch}", f"{latest}/sitemap.xml") if latest else None
    if sitemap:
        files["sitemap.xml"] = sitemap
    return repo.commit_files(branch, files, "Site root: redirect to latest, 404 page, sitemap")


def _superseded_path(releases_dir: Path, version: str) -> Path:
    """Where a replaced version's old record goes: `releases/superseded/<version>-<n>.json`."""
    number = len(list((releases_dir / "superseded").glob(f"{version}-*.json"))) + 1
    return releases_dir / "superseded" / f"{version}-{number}.json"


def _commit_record(
    repo: Repo,
    releases_dir: Path,
    record: dict,
    existing: Release | None,
    moved: Path | None,
) -> tuple[Path, str]:
    """Write the record to releases/ and commit it (and nothing else) on the current branch.

    On failure the journal's undo puts the files back (`publish_state.undo`).
    """
    releases_dir.mkdir(exist_ok=True)
    target = record_path(releases_dir, record["version"])
    paths = [target]
    if moved is not None and existing is not None and existing.path is not None:
        moved.parent.mkdir(exist_ok=True)
        shutil.move(existing.path, moved)
        paths.append(moved)
    write_text_whole(target, dump_record(record))
    relative = [str(p.resolve().relative_to(repo.folder.resolve())) for p in paths]
    repo.run("add", "--all", "--", *relative)
    message = f"Release {record['version']}: {one_line(record['title'])}"
    if record.get("replaces"):
        message += f" (replaces the earlier {record['version']}: {record['replaces']['reason']})"
    repo.run("commit", "--quiet", "-m", message, "--", *relative)
    return target, repo.ref("HEAD") or ""
