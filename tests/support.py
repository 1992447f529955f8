"""What the tests share that is not a fixture: paths, small valid data sets, and helpers that
write data folders and git repositories as real files.

Tests import these (`from support import MINIMAL, write_data`); whatever needs setting up
and tearing down is a fixture in conftest.py."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = ROOT / "data"
OTHER_DATA = ROOT / "tests" / "fixtures" / "other" / "data"

MINIMAL = {
    "plan.yml": """\
        id: test-plan
        title: Test Plan
        organisation: test-lep
        summary: A small plan for tests.
        strands:
          - id: growth
            name: Growth
        themes:
          - id: recovery
            name: Recovery
            horizon: short
        """,
    "organisations.yml": """\
        - id: test-lep
          name: Test LEP
          kind: lep

        - id: council
          name: Test Council
          kind: local-authority
        """,
    "groups.yml": """\
        - id: board
          name: Test Board
          kind: board

        - id: skills
          name: Skills Sub-Group
          kind: sub-group
          parent: board
        """,
    "actions/skills.yml": """\
        - id: SKL-01
          title: First action
          strand: growth
          theme: recovery
          group: skills
          owner: test-lep
          status: planned
          start: 2020-09-01
          due: 2021-03

        - id: SKL-02
          title: Second action
          strand: growth
          theme: recovery
          group: skills
          owner: council
          status: in-progress
          depends_on: [SKL-01]
        """,
    "meetings.yml": """\
        - id: board-2020-07-16
          date: 2020-07-16
          body: board
          title: Board meeting
          publishes:
            version: 2020-07-16
            title: First version
            stage: embryonic
        """,
}


def write_data(folder: Path, files: dict[str, str]) -> Path:
    """Write `files` (name -> YAML text, dedented) under `folder`; None deletes a file."""
    for name, text in files.items():
        path = folder / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


# One action in the fixture's shape: `{id}`, then `{more}` lines (e.g. "due: 2021-03\n").
ACTION = """\
- id: {id}
  title: An action
  strand: growth
  theme: recovery
  group: skills
  owner: test-lep
  status: planned
{more}"""


def copy_site(folder: Path) -> Path:
    """The site's own sources (mkdocs.yml, docs/, macros/) copied into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for part in ("docs", "macros"):
        shutil.copytree(ROOT / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def git_environment(scratch: Path) -> dict[str, str]:
    """Variables that give git a fixed author and no user or system configuration."""
    return {
        "GIT_AUTHOR_NAME": "Secretariat",
        "GIT_AUTHOR_EMAIL": "secretariat@example.org",
        "GIT_COMMITTER_NAME": "Secretariat",
        "GIT_COMMITTER_EMAIL": "secretariat@example.org",
        "GIT_CONFIG_GLOBAL": str(scratch / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def isolate_git(env: pytest.MonkeyPatch, scratch: Path) -> None:
    """A fixed git author, no user configuration, and no version named by the environment."""
    for name, value in git_environment(scratch).items():
        env.setenv(name, value)
    for name in ("PLANPRESS_VERSION", "MIKE_DOCS_VERSION", "PLANPRESS_SITE_URL"):
        env.delenv(name, raising=False)


def site_repository(folder: Path, *commits: tuple[str, dict[str, str]]) -> Path:
    """A partnership's repository: the site's sources, then each `(message, data files)`
    written into data/ and committed in turn, on main."""
    copy_site(folder)
    git(folder, "init", "--quiet", "--initial-branch=main")
    for message, files in commits:
        write_data(folder / "data", files)
        git(folder, "add", "-A")
        git(folder, "commit", "--quiet", "-m", message)
    return folder


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its output, stripped (CalledProcessError if it fails)."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


# A partnership's publishing history, for the tests of `planpress publish`: the July data
# publishes the first version; September's the second.
SEPTEMBER = {
    "actions/skills.yml": """\
        - id: SKL-01
          title: First action
          strand: growth
          theme: recovery
          group: skills
          owner: test-lep
          status: in-progress
          rag: amber
          start: 2020-09-01
          due: 2021-06
          budget:
            amount: 50000
            funded: 20000
          prospectus:
            ask: 30000
            pitch: Money for the first action.

        - id: SKL-03
          title: Third action
          strand: growth
          theme: recovery
          group: skills
          owner: council
          status: planned
        """,
    "meetings.yml": """\
        - id: board-2020-07-16
          date: 2020-07-16
          body: board
          title: Board meeting, July
          recommendations:
            - id: i
              text: Endorse the approach.
              outcome: endorsed
          publishes:
            version: 2020-07-16
            title: First version
            stage: embryonic

        - id: board-2020-09-17
          date: 2020-09-17
          body: board
          title: Board meeting, September
          publishes:
            version: 2020-09-17
            title: Second version
            stage: draft

        - id: board-2020-11-19
          date: 2020-11-19
          body: board
          title: Board meeting, November
        """,
}
JULY_MEETINGS = (
    SEPTEMBER["meetings.yml"]
    .replace("outcome: endorsed", "outcome: pending")
    .replace(
        """
          publishes:
            version: 2020-09-17
            title: Second version
            stage: draft
""",
        "\n",
    )
)


def page_text(site: Path) -> str:
    """All HTML of the built site, whitespace folded, one string."""
    return " ".join(
        re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("*.html"))
    )


def visible_text(markup: str) -> str:
    """The text a reader sees: tags, scripts and styles removed, entities decoded."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup)))


def warnings_in(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def require_pdf_engine() -> None:
    """Skip the calling test module when WeasyPrint cannot start here (fail it in CI)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        if os.environ.get("CI") == "true":
            pytest.fail("WeasyPrint cannot start (Pango missing?): CI must run the PDF tests")
        pytest.skip(
            "WeasyPrint cannot start here (install libpango-1.0-0): PDF tests skipped",
            allow_module_level=True,
        )


# ---------------------------------------------------------------- planpress as a partnership has it
# The tests that install planpress as a partnership does (tests/integration/test_new_site.py,
# test_release.py, tests/journey/) share these: commands run as a person runs them, the wheel
# built from a copy of the sources, and a fresh virtual environment made the one way.

PACKAGE_PARTS = ("pyproject.toml", "README.md", "CHANGELOG.md", "src")


def run(
    words: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess:
    return subprocess.run(words, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    said = f"{str(done.stdout)[-4000:]}\n{str(done.stderr)[-4000:]}"  # the ends say why
    assert done.returncode == 0, f"{done.args}\n{said}"
    return done


def copy_sources(target: Path, commit: str | None = None) -> Path:
    """What a wheel is built from, copied into `target` (nothing is written into the checkout):
    the sources as they are, or as they were at `commit`."""
    target.mkdir(parents=True, exist_ok=True)
    if commit:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, *PACKAGE_PARTS],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        return target
    for part in PACKAGE_PARTS[:-1]:
        shutil.copy2(ROOT / part, target / part)
    shutil.copytree(
        ROOT / "src",
        target / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    return target


def build_distributions(source: Path, out: Path, *, wheel_only: bool = False) -> Path:
    """Build `source` (a copy made by `copy_sources`) into `out`; the wheel."""
    only = ["--wheel"] if wheel_only else []
    ok(
        run(
            [sys.executable, "-m", "build", "--no-isolation", *only, "--outdir", str(out), "."],
            source,
        )
    )
    (wheel,) = out.glob("planpress-*.whl")
    return wheel


def runtime_lock(lock: str, needs: list[str]) -> str:
    """The entries of a `uv pip compile` lock that the packages `needs` require, directly or
    through others (read from the lock's "# via" comments), hashes and markers kept."""

    def key(name: str) -> str:
        return re.split(r"[\s\[<>=;~!]", name.strip(), maxsplit=1)[0].lower().replace("_", "-")

    entries: dict[str, tuple[str, set[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock):
        if block.startswith("#") or not block.strip():
            continue
        parents = set()
        for line in block.splitlines():
            words = line.strip().removeprefix("#").strip().removeprefix("via").strip()
            if line.strip().startswith("#") and words and not words.startswith("-r"):
                parents.add(key(words))
        entries[key(block)] = (block.rstrip() + "\n", parents)
    needed = {key(name) for name in needs}
    while True:
        more = {name for name, (_, parents) in entries.items() if parents & needed} - needed
        if not more:
            break
        needed |= more
    return "".join(text for name, (text, _) in entries.items() if name in needed)


def runtime_requirements() -> str:
    """The lock's entries that planpress needs at run time (not the test tools)."""
    needs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return runtime_lock(
        (ROOT / "requirements.lock").read_text(encoding="utf-8"),
        needs["project"]["dependencies"],
    )


def fresh_environment(home: Path, wheel: Path | None = None) -> dict[str, str]:
    """A new virtual environment in `home`, made as a fresh machine makes one: Python's venv,
    its bundled pip upgraded first (pip 23.2 refuses the hash-checked lock, whose weasyprint
    asks for `fonttools[woff]`), the runtime lock's packages (hashes checked), and `wheel`
    without its dependencies (they are the lock's). The environment commands run in: its own
    HOME, a fixed git author, no version or address named, no checkout on the path."""
    venv = home / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    ok(run([base, "-m", "venv", str(venv)], home))
    unset = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    unset += ("PLANPRESS_SITE_URL", "PLANPRESS_VERSION", "MIKE_DOCS_VERSION")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    pip += ["--disable-pip-version-check"]
    ok(run([*pip, "--upgrade", "pip"], home, env))
    lock = home / "runtime.lock"
    lock.write_text(runtime_requirements(), encoding="utf-8")
    ok(run([*pip, "--no-compile", "--require-hashes", "-r", str(lock)], home, env))
    if wheel is not None:
        ok(run([*pip, "--no-compile", "--no-deps", str(wheel)], home, env))
    env.update(git_environment(home))
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(home)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PLANPRESS_TEST_HOME"] = str(home)
    return env
