"""`planpress new DIR`: a new partnership's site repository, holding only its content.

The repository gets a small complete starting plan (every value marked illustrative), the
site's settings, a page of its own, the thin `macros/` folder that mkdocs-macros loads, a
requirements file pinning this release of planpress, its README and CONTRIBUTING, the Check
and Publish workflows, pre-commit, the editors' schema mapping, and the pull request and issue
templates. planpress's own pages, theme and code stay in the installed package.

It is written in a hidden folder beside DIR, committed there, and only then renamed to DIR:
stopped at any point, DIR is as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from planpress import __version__
from planpress.core.outfiles import current_umask
from planpress.core.schema import write_schemas

SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"
# Package data holds no dotfiles reliably: `dot-github/` in the package is `.github/` in a site.
DOT_PREFIX = "dot-"
FIRST_COMMIT = "A new site for the partnership's plan (planpress new)"


class NewSiteError(Exception):
    """The site cannot be written; nothing was changed. The message says why."""


@dataclass(frozen=True)
class NewSite:
    folder: Path
    files: int
    commit: str


def site_files() -> list[tuple[Path, str]]:
    """Each file of a new site: where it is in the package, and its path in the site."""
    found = []
    for path in sorted(SCAFFOLD_DIR.rglob("*")):
        parts = path.relative_to(SCAFFOLD_DIR).parts
        if not path.is_file() or "__pycache__" in parts or path.suffix == ".pyc":
            continue
        named = [("." + p[len(DOT_PREFIX) :]) if p.startswith(DOT_PREFIX) else p for p in parts]
        found.append((path, "/".join(named)))
    return found


# Where planpress's source and release tags are: a site installs a release from its tag until
# the release is on PyPI.
SOURCE_REPOSITORY = "https://github.com/planpress/planpress"


def requirements_text(version: str = __version__) -> str:
    return (
        "# What the site needs: planpress, at the release this site was last checked with.\n"
        "# To upgrade: raise the version below (planpress's CHANGELOG.md says what each release\n"
        "# asks of a site), run `pip install -U -r requirements.txt`, then `planpress check`\n"
        "# (it names any setting that should change).\n"
        f"planpress=={version}\n"
        "#\n"
        "# Where this release is not on PyPI (pip says: No matching distribution found for\n"
        "# planpress), install the same release from its tag instead: replace the line above\n"
        "# with this one, without its '#' (git must be installed; the workflows have it).\n"
        f"# planpress @ git+{SOURCE_REPOSITORY}@v{version}\n"
    )


def new_site(target: Path) -> NewSite:
    """Write a new site repository at `target` and make its first commit.

    Refuses (`NewSiteError`), changing nothing, when `target` exists and is not an empty
    folder, or when git cannot be run.
    """
    # abspath: ".." taken away without following links (Path.resolve would follow them)
    target = Path(os.path.abspath(target))  # noqa: PTH100
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise NewSiteError(f"{target} already exists and is not a folder: choose a new name")
        if any(target.iterdir()):
            raise NewSiteError(
                f"{target} already exists and is not empty: choose a new folder, or empty it first"
            )
    parent = target.parent
    if not parent.is_dir():
        raise NewSiteError(f"{parent} does not exist: make it first, or choose another place")
    if shutil.which("git") is None:
        raise NewSiteError("git is not installed: install it, then run planpress new again")
    try:
        building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.new-"))
    except OSError as exc:
        raise NewSiteError(f"cannot write in {parent}: {exc.strerror or exc}") from None
    try:
        building.chmod(0o777 & ~current_umask())  # not mkdtemp's private mode
        count = _write(building)
        commit = _first_commit(building)
        if target.exists():
            target.rmdir()  # empty, as checked above
        building.replace(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return NewSite(folder=target, files=count, commit=commit)


def _write(folder: Path) -> int:
    count = 0
    for source, name in site_files():
        destination = folder / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        count += 1
    (folder / "requirements.txt").write_text(requirements_text(), encoding="utf-8")
    written = write_schemas(folder / "schema")
    return count + 1 + len(written)


def _first_commit(folder: Path) -> str:
    # The person's own name on the first commit; a stand-in where git knows none.
    known = _configured(folder, "user.name") and _configured(folder, "user.email")
    identity = (
        []
        if known
        else ["-c", "user.name=planpress new", "-c", "user.email=planpress-new@localhost"]
    )

    def git(command: str, *words: str) -> str:
        done = subprocess.run(
            ["git", *identity, command, *words],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise NewSiteError(f"git {command} failed: {done.stderr.strip() or done.stdout}")
        return done.stdout.strip()

    git("init", "--quiet", "--initial-branch=main")
    git("add", "--all")
    git("commit", "--quiet", "--no-verify", "--message", FIRST_COMMIT)
    return git("rev-parse", "HEAD")


def _configured(folder: Path, key: str) -> bool:
    done = subprocess.run(
        ["git", "config", key], cwd=folder, capture_output=True, text=True, timeout=60
    )
    return done.returncode == 0 and bool(done.stdout.strip())
