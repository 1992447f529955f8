"""Publish the version of the plan that a board meeting endorsed or approved.

`publish()` checks everything first and changes nothing when it refuses. It then builds the site
from the data at a commit, deploys it with mike to the `gh-pages` branch (version name, title and
properties from the data), points `latest` (and `approved`) at the newest versions, writes the
site root's redirect, 404 page and sitemap, and commits the frozen record of what was published
to `releases/` on the current branch. If any step fails, both branches are put back as they
were.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from .errors import suggest
from .gitrepo import GitError, Repo
from .load import load_plan
from .model import Meeting, Plan
from .releases import (
    RELEASES_DIR,
    SAFE_VERSION,
    RecordError,
    Release,
    dump_record,
    make_record,
    read_releases,
    record_path,
    release_from_record,
)

PAGES_BRANCH = "gh-pages"
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides")
REPLACEABLE = ("embryonic", "draft")


class PublishError(Exception):
    """Publishing was refused or failed; nothing was changed. The message says why."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


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
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


def publish(request: Request, log: Callable[[str], None] = lambda _: None) -> Published:
    started = time.perf_counter()
    project = request.project.resolve()
    repo = Repo.containing(project)
    if repo is None:
        raise PublishError(
            f"{project} is not in a git repository: a published version must be traceable "
            "to a commit (run `git init` and commit the data first)"
        )
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
    _refuse_bad_options(request)
    dirty = repo.dirty(*(p for p in ("data", "docs", "mkdocs.yml", "overrides", RELEASES_DIR)))
    if dirty:
        shown = ", ".join(dirty[:5]) + (", ..." if len(dirty) > 5 else "")
        raise PublishError(
            f"uncommitted changes in {shown}: commit them first, so that the published version "
            "can be traced to a commit"
        )
    source = request.source or "HEAD"
    data_commit = repo.ref(source)
    if data_commit is None:
        raise PublishError(f"'{source}' is not a commit in this repository")
    site_commit = repo.ref("HEAD")

    scratch = Path(tempfile.mkdtemp(prefix="planpress-publish-"))
    try:
        log(f"Checking the data at {source} ({data_commit[:10]})")
        stage_dir = scratch / "site-source"
        _extract(repo, data_commit, f"{prefix}data", stage_dir / "data")
        result = load_plan(stage_dir / "data")
        if result.problems:
            raise PublishError(
                f"the data at {source} fails `planpress check` ({len(result.problems)} "
                "problems): fix them and commit first",
                [str(p).replace(str(stage_dir) + "/", "") for p in result.problems],
            )
        plan = result.plan
        assert plan is not None
        meeting = _meeting(plan, request.meeting_id)
        assert meeting.publishes is not None
        version = meeting.publishes.version
        if not SAFE_VERSION.match(version) or version in ("latest", "approved"):
            raise PublishError(
                f"version name '{version}' cannot be used for a folder of the site (use letters, "
                "digits, dots, hyphens and underscores, not 'latest' or 'approved')"
            )
        if request.source is None:
            _refuse_superseded(repo, prefix, plan, meeting)

        releases_dir = project / RELEASES_DIR
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

        _stage_site(project, stage_dir, others, version, record)
        log(f"Building and deploying version {version} ({meeting.publishes.title}) with mike")
        pages_before = repo.ref(f"refs/heads/{request.branch}")
        try:
            pages_commit = _deploy(repo, request, stage_dir, new_release, record, aliases)
            record_file, record_commit = _commit_record(
                repo, project, releases_dir, record, existing, request
            )
        except Exception:
            repo.set_ref(request.branch, pages_before)
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    published = Published(
        version=version,
        title=meeting.publishes.title,
        stage=meeting.publishes.stage,
        aliases=aliases,
        pages_commit=pages_commit,
        record=record_file,
        record_commit=record_commit,
        data_commit=data_commit,
        seconds=time.perf_counter() - started,
    )
    if request.push:
        log(f"Pushing {request.branch} and {work_branch} to {request.remote}")
        try:
            repo.run("push", "--", request.remote, request.branch, work_branch)
        except GitError as exc:
            raise PublishError(
                f"published locally, but pushing to '{request.remote}' failed ({exc}); push "
                f"later with: git push {request.remote} {request.branch} {work_branch}"
            ) from None
        published.pushed = True
    return published


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


def _later_publishing(plan: Plan, meeting: Meeting) -> list[Meeting]:
    return [
        m
        for m in plan.meetings
        if m.publishes and m.id != meeting.id and m.date.first_day > meeting.date.first_day
    ]


def _refuse_superseded(repo: Repo, prefix: str, plan: Plan, meeting: Meeting) -> None:
    """Refuse to publish an earlier meeting's version from data that has moved past it."""
    later = _later_publishing(plan, meeting)
    if not later:
        return
    hint = ""
    commit = _commit_where_current(repo, prefix, meeting)
    if commit:
        hint = f": planpress publish {meeting.id} --from {commit[:10]}"
    raise PublishError(
        f"the data at HEAD already holds a later version ({later[0].publishes.version}, "
        f"published by {later[0].id}); publish {meeting.id} from the commit where its version "
        f"was the newest{hint}"
    )


def _commit_where_current(repo: Repo, prefix: str, meeting: Meeting) -> str | None:
    """The newest commit whose data publishes `meeting` and no later meeting."""
    path = f"{prefix}data/meetings.yml"
    try:
        commits = repo.run("log", "--format=%H", "--", path).split()
    except GitError:
        return None
    for commit in commits:
        text = repo.show(commit, path)
        try:
            meetings = yaml.safe_load(text or b"") or []
        except yaml.YAMLError:
            continue
        mine = [m for m in meetings if isinstance(m, dict) and m.get("id") == meeting.id]
        if not mine or not mine[0].get("publishes"):
            continue
        date = str(meeting.date)
        if not any(
            isinstance(m, dict) and m.get("publishes") and str(m.get("date")) > date
            for m in meetings
        ):
            return commit
    return None


def _published_versions(
    repo: Repo, branch: str, remote: str | None = None
) -> dict[str, dict[str, Any]]:
    """Versions on the pages branch (from mike's versions.json), by name.

    Without a local branch (a fresh clone), the remote's copy of it is read instead.
    """
    data = repo.show(f"refs/heads/{branch}", "versions.json")
    if data is None and remote and repo.ref(f"refs/heads/{branch}") is None:
        data = repo.show(f"refs/remotes/{remote}/{branch}", "versions.json")
    if not data:
        return {}
    try:
        return {v["version"]: v for v in json.loads(data)}
    except (ValueError, KeyError, TypeError):
        raise PublishError(f"versions.json on {branch} cannot be read") from None


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
    stage = existing.stage if existing else (on_pages.get("properties") or {}).get("stage")
    title = existing.title if existing else on_pages.get("title", version)
    if not request.replace:
        hint = (
            f' (a {stage} version can be replaced with --replace --reason "...")'
            if stage in REPLACEABLE
            else ""
        )
        raise PublishError(
            f"version '{version}' ({title}) is already published; planpress never overwrites a "
            f"published version{hint}"
        )
    if stage not in REPLACEABLE:
        raise PublishError(
            f"version '{version}' ({title}) is {stage or 'of unknown stage'}: only embryonic or "
            "draft versions can be replaced"
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
    if new.stage in ("approved", "final") and all(
        new.sort_key > r.sort_key for r in others if r.stage in ("approved", "final")
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
            if not member.name.startswith(strip) or not (member.isfile() or member.isdir()):
                continue
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
    project: Path, stage_dir: Path, others: list[Release], version: str, record: dict
) -> None:
    """The site's sources, the data to publish, and every record including the new one."""
    for name in SITE_SOURCES:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, stage_dir / name)
        elif source.exists():
            shutil.copy2(source, stage_dir / name)
    package = Path(__file__).resolve().parent
    (stage_dir / "macros").symlink_to(package, target_is_directory=True)
    releases = stage_dir / RELEASES_DIR
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
) -> str:
    """mike builds and commits the version; then the site root gets its own files."""
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
    mike = Path(sys.executable).with_name("mike")
    command = [
        str(mike) if mike.exists() else "mike",
        "deploy",
        release.version,
        *aliases,
        "--title",
        release.title,
        "--update-aliases",
        "--branch",
        request.branch,
        "--remote",
        request.remote,
        "--config-file",
        str(stage_dir / "mkdocs.yml"),
        "--prop-set-all",
        json.dumps(properties),
        "--message",
        f"Publish {release.version} ({release.title}) from {release.meeting_id} at "
        f"{(release.data_commit or '')[:10]}",
    ]
    env = {
        "PLANPRESS_VERSION": release.version,
        "PLANPRESS_PDF": "1",  # every published version carries its prospectus PDF
        "NO_MKDOCS_2_WARNING": "1",
        # mike runs `mkdocs`: the one installed beside this Python, whatever PATH says
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    done = subprocess.run(
        command,
        cwd=repo.folder,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    if done.returncode != 0:
        said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise PublishError("building or deploying with mike failed", said[-15:])
    return _write_root(repo, request.branch, stage_dir)


def _site_url(stage_dir: Path) -> str:
    class Loader(yaml.SafeLoader):
        pass

    def env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
        for name in names[:-1]:
            if os.environ.get(str(name)):
                return os.environ[str(name)]
        return names[-1] if names else None

    Loader.add_constructor("!ENV", env_tag)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((stage_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    url = (config or {}).get("site_url") or ""
    return url if url.endswith("/") or not url else url + "/"


def _write_root(repo: Repo, branch: str, stage_dir: Path) -> str:
    """The site root: a redirect to the latest version, a 404 page and the sitemap."""
    from urllib.parse import urlparse

    from markupsafe import escape

    site_url = _site_url(stage_dir)
    base = urlparse(site_url).path if site_url else "/"
    files = {
        "index.html": ROOT_REDIRECT.format(target="latest/").encode(),
        "404.html": ROOT_404.format(latest=escape(base + "latest/")).encode(),
    }
    latest = next(
        (v for v, info in _published_versions(repo, branch).items() if "latest" in info["aliases"]),
        None,
    )
    sitemap = repo.show(f"refs/heads/{branch}", f"{latest}/sitemap.xml") if latest else None
    if sitemap:
        files["sitemap.xml"] = sitemap
    return repo.commit_files(branch, files, "Site root: redirect to latest, 404 page, sitemap")


def _commit_record(
    repo: Repo,
    project: Path,
    releases_dir: Path,
    record: dict,
    existing: Release | None,
    request: Request,
) -> tuple[Path, str]:
    """Write the record to releases/ and commit it (and nothing else) on the current branch."""
    releases_dir.mkdir(exist_ok=True)
    target = record_path(releases_dir, record["version"])
    paths = [target]
    moved: Path | None = None
    if existing is not None and existing.path is not None:
        superseded = releases_dir / "superseded"
        superseded.mkdir(exist_ok=True)
        number = len(list(superseded.glob(f"{record['version']}-*.json"))) + 1
        moved = superseded / f"{record['version']}-{number}.json"
        shutil.move(existing.path, moved)
        paths.append(moved)
    try:
        target.write_text(dump_record(record), encoding="utf-8")
        relative = [str(p.relative_to(repo.folder.resolve())) for p in paths]
        repo.run("add", "--all", "--", *relative)
        message = f"Release {record['version']}: {record['title']}"
        if record.get("replaces"):
            message += (
                f" (replaces the earlier {record['version']}: {record['replaces']['reason']})"
            )
        repo.run("commit", "--quiet", "-m", message, "--", *relative)
    except Exception:
        for path in (target, moved):
            if path is not None:
                repo.run("reset", "--quiet", "--", str(path.relative_to(repo.folder.resolve())))
        target.unlink(missing_ok=True)
        if moved is not None and existing is not None and existing.path is not None:
            shutil.move(moved, existing.path)
        raise
    return target, repo.ref("HEAD") or ""


ROOT_REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting to the latest version</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body>
<p><a href="{target}">Go to the latest version of the plan</a>.</p>
</body>
</html>
"""

ROOT_404 = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found</title>
<style>
body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}}
body{{color:#1a1a1a}}a{{color:#1d3a8a}}
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at this address. It may have moved in a newer version of the plan.</p>
<p><a href="{latest}">Go to the latest version of the plan</a>.</p>
</main>
</body>
</html>
"""
