"""What publishing decides: whether a version may be published, and if so exactly how.

Pure code, and nothing but: from the facts that `publish` has read (`Facts`: the data at the
commit, the records, what the pages branch holds), `decide` returns the `PublishPlan` that
`deploy` carries out, or raises the `PublishError` that says why not. The checks made before the
data is read are in `preflight`; the rules that refuse are `refusals`, and the terms of a publish
(`Request`, `Facts`, `PublishPlan`, `PublishError`) are `publish_terms`. Nothing here runs git or
mike or writes a file, so every rule is tested without a repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

from planpress.core.model import PlanDate
from planpress.core.stages import Stage
from planpress.core.versionnames import version_name_problem
from planpress.versions.changes import compare, since_json
from planpress.versions.history_fold import history_at, step_of_meeting
from planpress.versions.history_json import history_json
from planpress.versions.publish_terms import Facts, PublishError, PublishPlan
from planpress.versions.published import (
    PublishedVersion,
    make_record,
    previous_version,
    record_path,
    version_from_record,
)
from planpress.versions.refusals import (
    check_replacement,
    find_meeting,
    refuse_published_elsewhere,
    refuse_superseded,
)


def decide(facts: Facts) -> PublishPlan:
    """What to publish from `facts`, or the `PublishError` that says why not."""
    request = facts.request
    if facts.problems:
        raise PublishError(
            f"the data at {request.source or 'HEAD'} fails `planpress check` "
            f"({len(facts.problems)} problems): fix them and commit first",
            list(facts.problems),
        )
    plan = facts.plan
    assert plan is not None
    meeting = find_meeting(plan, request.meeting_id)
    assert meeting.publishes is not None
    version = meeting.publishes.version
    problem = version_name_problem(version)
    if problem:
        raise PublishError(problem)
    refuse_published_elsewhere(meeting)
    if facts.releases_problem:
        raise PublishError(facts.releases_problem)
    if facts.published_problem:
        raise PublishError(facts.published_problem)
    existing = next((r for r in facts.releases if r.version == version), None)
    published_at = facts.now.isoformat(timespec="seconds")
    replaces = check_replacement(request, version, existing, facts.published, published_at)
    refuse_superseded(plan, meeting, facts)
    previous = previous_version(list(facts.releases), str(meeting.date), version)
    history = history_at(step_of_meeting(meeting), plan, previous, facts.releases)
    since = since_json(previous.version, compare(previous.plan, plan)) if previous else None
    record = make_record(
        plan,
        meeting,
        data_commit=facts.data_commit,
        site_commit=facts.site_commit,
        published_at=published_at,
        replaces=replaces,
        history=history_json(history),
        since=since,
    )
    release = version_from_record(record)
    others = tuple(r for r in facts.releases if r.version != version)
    superseded = None
    if existing and existing.path:
        superseded = superseded_path(facts.releases_dir, version, facts.superseded_files)
    return PublishPlan(
        version=version,
        title=meeting.publishes.title,
        stage=Stage(meeting.publishes.stage),
        aliases=aliases_for(release, others),
        record=record,
        release=release,
        others=others,
        record_path=record_path(facts.releases_dir, version),
        replaced=existing,
        superseded_path=superseded,
        pages_branch=request.branch,
        work_branch=facts.work_branch,
        head_before=facts.site_commit,
        data_commit=facts.data_commit,
        published_at=published_at,
    )


def aliases_for(new: PublishedVersion, others: Sequence[PublishedVersion]) -> tuple[str, ...]:
    """`latest` if this is the newest version, `approved` if the newest approved or final one."""
    aliases = []
    if all(_when(new) > _when(r) for r in others):
        aliases.append("latest")
    if Stage(new.stage).is_approved and all(
        _when(new) > _when(r) for r in others if Stage(r.stage).is_approved
    ):
        aliases.append("approved")
    return tuple(aliases)


def _when(release: PublishedVersion) -> tuple[date, bool, str]:
    """When a version was published, for ordering: its meeting's date, then its name.

    A month (`2020-07`) comes before the days of that month, as it always has.
    """
    try:
        when = PlanDate.parse(release.meeting_date)
    except ValueError:  # a record planpress did not write
        return (date.min, False, release.version)
    return (when.first_day, not when.month_only, release.version)


def superseded_path(releases_dir: Path, version: str, superseded_files: Iterable[str]) -> Path:
    """Where a replaced version's old record goes: `releases/superseded/<version>-<n>.json`."""
    number = sum(1 for name in superseded_files if fnmatchcase(name, f"{version}-*.json")) + 1
    return releases_dir / "superseded" / f"{version}-{number}.json"
