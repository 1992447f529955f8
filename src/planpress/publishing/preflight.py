"""What publishing checks before it reads the data: where it is run, and how the remote stands.

Pure code, like `policy`: `publish` reads the branch, the settings, the uncommitted files and
(before a push) the remote's branches, and these functions decide from them; each refusal is a
`PublishError` with the message that `planpress publish` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planpress.versions.publish_terms import PublishError, Request


@dataclass(frozen=True)
class RemoteState:
    """Before a publish that will be pushed: how the remote's branches stand against this
    clone's (read after fetching them)."""

    remote: str
    pages_branch: str
    work_branch: str
    there: frozenset[str]  # which of the two branches the remote has
    work_unmerged: bool = False  # the remote's work branch has commits HEAD does not have
    pages_ours: str | None = None
    pages_theirs: str | None = None
    ours_in_theirs: bool = False  # this clone's pages branch is the remote's, or behind it
    theirs_in_ours: bool = False  # the remote's pages branch is this clone's, or behind it


def check_checkout(
    request: Request,
    work_branch: str | None,
    settings_problem: str | None,
    publish_from: str | None,
) -> str:
    """Refuse to publish from anywhere but the branch that keeps the records; that branch."""
    if work_branch is None:
        raise PublishError(
            "HEAD is detached: check out the branch that keeps releases/ (for example main); "
            "to publish data from an older commit, use --from REV"
        )
    if work_branch == request.branch:
        raise PublishError(f"you are on the {request.branch} branch: check out main first")
    if settings_problem:
        raise PublishError(settings_problem)
    if work_branch != publish_from:
        raise PublishError(
            f"you are on the branch '{work_branch}', but versions are published from "
            f"'{publish_from}' (extra.planpress.publish_from in mkdocs.yml), where their records "
            f"are kept: check out {publish_from} first"
        )
    if request.replace and not (request.reason and request.reason.strip()):
        raise PublishError('--replace needs --reason "..." saying why the version is replaced')
    if request.reason and not request.replace:
        raise PublishError("--reason is only for --replace")
    return work_branch


def check_clean(dirty: Sequence[str]) -> None:
    """Refuse while the data, records or site sources have uncommitted changes."""
    if dirty:
        shown = ", ".join(dirty[:5]) + (", ..." if len(dirty) > 5 else "")
        raise PublishError(
            f"uncommitted changes in {shown}: commit them first, so that the published version "
            "can be traced to a commit"
        )


def check_remote(state: RemoteState) -> bool:
    """Refuse if the remote has moved on; True if this clone's pages branch should be
    fast-forwarded to the remote's."""
    remote, pages, work = state.remote, state.pages_branch, state.work_branch
    if work in state.there and state.work_unmerged:
        raise PublishError(
            f"'{remote}/{work}' has commits that this clone does not have (another "
            f"clone may have published a version): run `git pull {remote} {work}`, "
            "then publish again"
        )
    if pages not in state.there:
        return False
    ours, theirs = state.pages_ours, state.pages_theirs
    if ours is None or (theirs and state.ours_in_theirs):
        return True
    if theirs and not state.theirs_in_ours:
        raise PublishError(
            f"'{remote}/{pages}' and this clone's {pages} have both changed since they "
            f"last matched: see `git log {pages}...{remote}/{pages}`, and publish from a "
            f"clone whose {pages} contains {remote}'s"
        )
    return False


def check_source(source: str, commit: str | None) -> str:
    """The commit to publish the data of; refused if `source` names none."""
    if commit is None:
        raise PublishError(f"'{source}' is not a commit in this repository")
    return commit
