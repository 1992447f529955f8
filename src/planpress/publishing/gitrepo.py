"""The few git operations that publishing needs, run against a real repository."""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TreeEntry:
    """A file in a commit's tree: its mode (`100644`, `120000` for a link) and its blob."""

    mode: str
    blob: str


class GitError(Exception):
    """A git command failed; the message carries what git said."""


class Repo:
    """A git working tree, addressed by its folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def run(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.folder,
            input=input,
            capture_output=True,
            env={**os.environ, **(env or {})},
        )
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {said[-1] if said else 'no message'}")
        return done.stdout.decode("utf-8", "replace").strip()

    def run_bytes(self, *args: str) -> bytes:
        done = subprocess.run(["git", *args], cwd=self.folder, capture_output=True)
        if done.returncode != 0:
            raise GitError(f"git {args[0]} failed: {done.stderr.decode('utf-8', 'replace')}")
        return done.stdout

    @classmethod
    def containing(cls, folder: Path) -> Repo | None:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True
        )
        if done.returncode != 0:
            return None
        return cls(Path(done.stdout.strip()))

    def ref(self, name: str) -> str | None:
        """The commit a ref or revision points at, or None if there is none."""
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"],
            cwd=self.folder,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip() if done.returncode == 0 else None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True if `ancestor` is `descendant` or one of its ancestors."""
        done = subprocess.run(
            ["git", "merge-base", "--is-ancestor", ancestor, descendant],
            cwd=self.folder,
            capture_output=True,
        )
        return done.returncode == 0

    def current_branch(self) -> str | None:
        done = subprocess.run(
            ["git", "symbolic-ref", "--short", "-q", "HEAD"],
            cwd=self.folder,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip() if done.returncode == 0 else None

    def show(self, rev: str, path: str) -> bytes | None:
        """A file's bytes at a revision, or None if it is not there."""
        done = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=self.folder, capture_output=True
        )
        return done.stdout if done.returncode == 0 else None

    def dirty(self, *paths: str) -> list[str]:
        """Uncommitted (or untracked) files under `paths`."""
        out = self.run_bytes("status", "--porcelain", "-z", "--untracked-files=all", "--", *paths)
        return [entry[3:].decode("utf-8", "replace") for entry in out.split(b"\0") if entry.strip()]

    def set_ref(self, branch: str, commit: str | None, expected: str | None = None) -> None:
        """Point `branch` at `commit` (delete it when None), checking its old value."""
        ref = f"refs/heads/{branch}"
        if commit is None:
            if self.ref(ref):
                self.run("update-ref", "-d", ref)
            return
        args = ["update-ref", ref, commit]
        if expected:
            args.append(expected)
        self.run(*args)

    def commit_files(self, branch: str, files: dict[str, bytes], message: str) -> str:
        """Add `files` (path -> bytes) to `branch` in one new commit, touching no work tree."""
        parent = self.ref(f"refs/heads/{branch}")
        with tempfile.TemporaryDirectory() as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            if parent:
                self.run("read-tree", parent, env=env)
            for path, data in files.items():
                blob = self.run("hash-object", "-w", "--stdin", input=data)
                self.run("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self.run("write-tree", env=env)
        args = ["commit-tree", tree, "-m", message]
        if parent:
            args += ["-p", parent]
        commit = self.run(*args)
        self.set_ref(branch, commit, parent)
        return commit

    def tree(self, rev: str, folder: str | None = None) -> dict[str, TreeEntry]:
        """Every file at `rev` (or only under `folder`/), by its path from the tree's top."""
        args = ["ls-tree", "-r", "-z", "--full-tree", rev]
        if folder is not None:
            args += ["--", f"{folder}/"]
        found: dict[str, TreeEntry] = {}
        for item in self.run_bytes(*args).split(b"\0"):
            if not item:
                continue
            meta, _, path = item.partition(b"\t")
            mode, kind, blob = meta.decode("ascii").split(" ")
            if kind == "blob":
                found[path.decode("utf-8", "surrogateescape")] = TreeEntry(mode, blob)
        return found

    def links(self, branch: str) -> dict[str, str]:
        """Every symbolic link on `branch`: its path, and the path it names (as written)."""
        return {
            path: self.run_bytes("cat-file", "blob", entry.blob).decode("utf-8", "replace")
            for path, entry in self.tree(f"refs/heads/{branch}").items()
            if entry.mode == "120000"
        }

    def replace_links_with_copies(self, branch: str, message: str) -> str | None:
        """Turn every symbolic link on `branch` into a copy of what it names, in one commit.

        A link to a folder becomes that folder's tree (git stores it once, whatever the number
        of copies); a link to a file, that file; a link that names nothing is removed. The new
        commit, or None when the branch holds no link.
        """
        links = self.links(branch)
        if not links:
            return None
        parent = self.ref(f"refs/heads/{branch}")
        assert parent is not None
        with tempfile.TemporaryDirectory() as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.run("read-tree", parent, env=env)
            for path, target in sorted(links.items()):
                self.run("update-index", "--force-remove", "--", path, env=env)
                named = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                kind = self._object_at(parent, named)
                if kind is None:
                    continue
                mode, sha = kind
                if mode == "040000":
                    self.run("read-tree", f"--prefix={path}/", sha, env=env)
                elif mode != "120000":  # a link to a link is dropped, not followed
                    self.run(
                        "update-index", "--add", "--cacheinfo", f"{mode},{sha},{path}", env=env
                    )
            tree = self.run("write-tree", env=env)
        commit = self.run("commit-tree", tree, "-p", parent, "-m", message)
        self.set_ref(branch, commit, parent)
        return commit

    def _object_at(self, commit: str, path: str) -> tuple[str, str] | None:
        """The mode and object id at `path` in `commit`, or None if nothing is there."""
        if path.startswith("../") or path in ("..", ".", ""):
            return None
        out = self.run_bytes("ls-tree", "-z", commit, "--", path).split(b"\0")[0]
        if not out:
            return None
        mode, _, sha = out.partition(b"\t")[0].decode("ascii").split(" ")
        return mode, sha
