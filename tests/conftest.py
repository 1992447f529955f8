"""Fixtures shared by every test: small valid data folders, a partnership's repository, and the
example site, built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import (
    JULY_MEETINGS,
    MINIMAL,
    ROOT,
    SEPTEMBER,
    isolate_git,
    page_text,
    site_repository,
    visible_text,
    write_data,
)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Empty test-output/browser/ once per run: in the only process, or, with pytest-xdist, in
    the one that starts the workers (they write into it side by side)."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(ROOT / "test-output" / "browser", ignore_errors=True)


@pytest.fixture
def minimal_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid data folder at ./data inside a temporary working folder."""
    monkeypatch.chdir(tmp_path)
    return write_data(tmp_path / "data", MINIMAL)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A partnership's repository: the site's sources, the July data, then September's (both
    committed, nothing published)."""
    isolate_git(monkeypatch, tmp_path)
    folder = site_repository(
        tmp_path / "plan",
        ("July data", {**MINIMAL, "meetings.yml": JULY_MEETINGS}),
        ("September data", SEPTEMBER),
    )
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worked example, built once per session as the Check workflow builds it (`planpress
    build`: `mkdocs build --strict` and the prospectus PDF), as a preview (no version set).

    It is built into <tmp>/planpress/, the path of the example's site_url, so that the browser
    tests can serve it as it is published. Tests read it and must not change it.
    """
    site = tmp_path_factory.mktemp("example") / "planpress"
    unset = ("PLANPRESS_VERSION", "MIKE_DOCS_VERSION", "PLANPRESS_SITE_URL")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    done = subprocess.run(
        [sys.executable, "-m", "planpress", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    warnings = [line for line in done.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == [], warnings
    return site


@pytest.fixture(scope="session")
def example_html(example_site: Path) -> str:
    """All HTML of the example site, whitespace folded, one string."""
    return page_text(example_site)


@pytest.fixture(scope="session")
def example_text(example_html: str) -> str:
    """The text a reader of the example site sees."""
    return visible_text(example_html)
