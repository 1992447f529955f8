"""What publish reads before it decides: the data at a commit, the records, what is published.

Nothing here changes the repository: the data is extracted into publish's scratch folder, and
everything else is read with git or from releases/. `policy.decide` makes the decisions.
"""

from __future__ import annotations

import html
import io
import json
import os
import tarfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planpress.core.load import load_plan
from planpress.core.model import Meeting
from planpress.core.problems import FileError, display_path
from planpress.core.yamlfile import parse_yaml
from planpress.publishing.gitrepo import GitError, Repo
from planpress.versions.publish_terms import Facts, MeetingsAt, PublishError, Request
from planpress.versions.published import RecordError, read_published_versions


def gather(
    repo: Repo,
    request: Request,
    *,
    work_branch: str,
    data_commit: str,
    site_commit: str,
    data_prefix: str,
    data_path: str,
    stage_dir: Path,
    releases_dir: Path,
) -> Facts:
    """The facts of publishing `data_commit`'s data, which is extracted to `stage_dir` (at
    `data_path`) and loaded; `data_prefix` is the data folder's path in the repository."""
    extract(repo, data_commit, data_prefix, stage_dir / data_path)
    result = load_plan(stage_dir / data_path)
    shown = display_path(stage_dir) + os.sep
    try:
        releases, releases_problem = tuple(read_published_versions(releases_dir)), None
    except RecordError as exc:
        releases, releases_problem = (), str(exc)
    try:
        published = published_versions(repo, request.branch, request.remote)
        published_problem = None
    except PublishError as exc:
        published, published_problem = {}, str(exc)
    return Facts(
        request=request,
        work_branch=work_branch,
        data_commit=data_commit,
        site_commit=site_commit,
        now=request.now(),
        releases_dir=releases_dir,
        plan=result.plan,
        problems=tuple(str(p).replace(shown, "") for p in result.problems),
        releases=releases,
        releases_problem=releases_problem,
        published=published,
        published_problem=published_problem,
        superseded_files=tuple(p.name for p in (releases_dir / "superseded").glob("*")),
        history=history(repo, f"{data_prefix}/meetings.yml"),
        data_written=written_on(repo, data_commit),
    )


def extract(repo: Repo, commit: str, path: str, target: Path) -> None:
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


def history(repo: Repo, path: str) -> Iterator[MeetingsAt]:
    """Each commit that changed `path` (meetings.yml), newest first, with the day it was made
    and its meetings then.

    Lazy: git is asked only as far as the history is read.
    """
    try:
        lines = repo.run("log", "--format=%H %ct", "--", path).splitlines()
    except GitError:
        return
    for line in lines:
        commit, _, seconds = line.partition(" ")
        yield MeetingsAt(commit, _day(seconds), meetings_at(repo, commit, path))


def written_on(repo: Repo, commit: str) -> date | None:
    """The day `commit` was made (its committer's date, in UTC); None if git cannot say."""
    try:
        return _day(repo.run("show", "-s", "--format=%ct", commit))
    except (GitError, ValueError):
        return None


def _day(seconds: str) -> date:
    return datetime.fromtimestamp(int(seconds.strip()), UTC).date()


def meetings_at(repo: Repo, commit: str, path: str) -> list[Meeting]:
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


def published_versions(
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
