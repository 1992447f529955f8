"""Before a publish that will be pushed: catch up with the remote, or refuse if it has moved on.

A clone that has not seen another clone's publication would otherwise publish the same version
a second time, and then fail to push it. The branches are fetched here; `preflight.check_remote`
decides from how they stand.
"""

from __future__ import annotations

from dataclasses import replace

from planpress.publishing.gitrepo import GitError, Repo
from planpress.publishing.preflight import RemoteState, check_remote
from planpress.versions.publish_terms import PublishError, Request


def catch_up_with_remote(repo: Repo, request: Request, work_branch: str) -> None:
    """Fetch the pages and work branches; fast-forward the pages branch if it is behind."""
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
    state = remote_state(repo, request, work_branch, frozenset(there & {pages, work_branch}))
    if check_remote(state):
        repo.set_ref(pages, state.pages_theirs, expected=state.pages_ours or "0" * 40)


def remote_state(
    repo: Repo, request: Request, work_branch: str, there: frozenset[str]
) -> RemoteState:
    """How the fetched branches stand against this clone's (git asked only what is needed)."""
    remote, pages = request.remote, request.branch
    state = RemoteState(remote=remote, pages_branch=pages, work_branch=work_branch, there=there)
    if work_branch in there:
        theirs = repo.ref(f"refs/remotes/{remote}/{work_branch}")
        if theirs and not repo.is_ancestor(theirs, "HEAD"):
            return replace(state, work_unmerged=True)
    if pages not in there:
        return state
    theirs = repo.ref(f"refs/remotes/{remote}/{pages}")
    ours = repo.ref(f"refs/heads/{pages}")
    state = replace(state, pages_ours=ours, pages_theirs=theirs)
    if ours and theirs:
        if repo.is_ancestor(ours, theirs):
            return replace(state, ours_in_theirs=True)
        return replace(state, theirs_in_ours=repo.is_ancestor(theirs, ours))
    return state
