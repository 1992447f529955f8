"""The SHA-256 of the files on the pages branch, read from git: a version's manifest
(`version_manifest`), as `deploy` takes it and `verify` checks it, and the files of each folder
(`folder_files`, `top_folders`)."""

from __future__ import annotations

import hashlib
import subprocess
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import IO

from planpress.publishing.gitrepo import GitError, Repo, TreeEntry


def folder_files(tree: Mapping[str, TreeEntry], folder: str) -> dict[str, TreeEntry]:
    """The files under `folder`/ in `tree`, by their path inside it."""
    prefix = folder + "/"
    return {path[len(prefix) :]: e for path, e in tree.items() if path.startswith(prefix)}


def top_folders(tree: Mapping[str, TreeEntry]) -> dict[str, dict[str, TreeEntry]]:
    """The files in each folder at the top of `tree`, by their path inside it (one pass)."""
    found: dict[str, dict[str, TreeEntry]] = defaultdict(dict)
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
