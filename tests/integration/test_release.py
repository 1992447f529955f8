"""Releases of planpress: one version, kept in step with the changelog; the built distributions
pass PyPI's checks; and a partnership installs a release from a real package index on
127.0.0.1, publishes with it, then upgrades by raising its pin, as its README says.

The index is pypiserver, holding two releases built from this checkout: the one
pyproject.toml names, and a release candidate of it built from the same sources. The fresh
virtual environment gets the runtime lock's packages (hashes checked) first, so that pip takes
only planpress from the local index.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from urllib.request import urlopen

import pytest
import yaml
from support import ROOT, build_distributions, copy_sources, fresh_environment, ok, run

from planpress.newsite import requirements_text

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- one version, one changelog


def test_the_newest_changelog_entry_is_the_version_in_pyproject() -> None:
    entries = re.findall(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)$", CHANGELOG, re.MULTILINE)
    assert entries, "CHANGELOG.md has no entry '## X.Y.Z (YYYY-MM-DD)'"
    assert entries[0][0] == VERSION
    numbers = [tuple(int(part) for part in version.split(".")) for version, _ in entries]
    assert numbers == sorted(numbers, reverse=True), "entries newest first, each once"
    assert len(set(numbers)) == len(numbers)


def test_every_changelog_entry_says_what_a_site_must_change() -> None:
    sections = re.split(r"^## ", CHANGELOG, flags=re.MULTILINE)[1:]
    for section in sections:
        assert "### What a site must change" in section, section.splitlines()[0]


def test_planpress_version_and_a_new_sites_pin_name_this_release(tmp_path: Path) -> None:
    done = ok(run([sys.executable, "-m", "planpress", "--version"], tmp_path))
    assert done.stdout.strip() == f"planpress {VERSION}"
    text = requirements_text()
    assert re.search(rf"^planpress=={re.escape(VERSION)}$", text, re.MULTILINE)
    # the same release from its tag, for where it is not on PyPI
    assert f"# planpress @ git+https://github.com/planpress/planpress@v{VERSION}\n" in text


# ---------------------------------------------------------------- the distributions


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheels and source archives of two releases, built from this checkout: this version
    and a release candidate before it. Each is built from a copy of the sources, so nothing is
    written into the checkout."""
    out = tmp_path_factory.mktemp("dist")
    built: dict[str, Path] = {}
    for version in (f"{VERSION}rc1", VERSION):
        source = copy_sources(tmp_path_factory.mktemp("source") / "planpress")
        pyproject = source / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8").replace(
                f'version = "{VERSION}"', f'version = "{version}"', 1
            ),
            encoding="utf-8",
        )
        build = tmp_path_factory.mktemp("build")
        wheel = build_distributions(source, build)
        for made in build.iterdir():
            shutil.move(made, out / made.name)
        built[version] = out / wheel.name
    return built


def test_the_distributions_pass_twines_checks(releases: dict[str, Path]) -> None:
    folder = releases[VERSION].parent
    files = sorted(str(path) for path in folder.iterdir())
    assert any(name.endswith(f"planpress-{VERSION}.tar.gz") for name in files)
    done = ok(run([sys.executable, "-m", "twine", "check", "--strict", *files], folder))
    assert done.stdout.count("PASSED") == len(files)


# ---------------------------------------------------------------- a real index, an upgrade


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def index(releases: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """pypiserver on 127.0.0.1, serving the two releases; its simple index's address."""
    packages = tmp_path_factory.mktemp("packages")
    for wheel in releases.values():
        shutil.copy2(wheel, packages / wheel.name)
    port = free_port()
    log = packages.parent / "pypiserver.log"
    with open(log, "wb") as written:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pypiserver",
                "run",
                "-i",
                "127.0.0.1",
                "-p",
                str(port),
                "-a",
                ".",
                "-P",
                ".",
                "--disable-fallback",
                str(packages),
            ],
            stdout=written,
            stderr=subprocess.STDOUT,
        )
    address = f"http://127.0.0.1:{port}/simple/"
    try:
        for _ in range(100):
            try:
                with urlopen(address + "planpress/", timeout=5) as page:
                    listed = page.read().decode()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(log.read_text(encoding="utf-8", errors="replace"))
                time.sleep(0.2)
        else:
            pytest.fail("pypiserver did not start: " + log.read_text(errors="replace"))
        for wheel in releases.values():
            assert wheel.name in listed
        yield address
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh virtual environment with the runtime lock's packages and no planpress; the
    environment that commands run in."""
    return fresh_environment(tmp_path_factory.mktemp("partnership"))


def from_index(index: str) -> list[str]:
    """pip's options to take packages only from the local index (and what is installed)."""
    return ["--index-url", index, "--no-cache-dir", "--disable-pip-version-check"]


def publishing_meeting(site: Path) -> str:
    meetings = yaml.safe_load((site / "data" / "meetings.yml").read_text(encoding="utf-8"))
    return next(m["id"] for m in meetings if m.get("publishes"))


def test_install_from_the_index_publish_then_upgrade_by_raising_the_pin(
    index: str, partnership: dict[str, str], releases: dict[str, Path]
) -> None:
    env = partnership
    home = Path(env["PLANPRESS_TEST_HOME"])
    older, newer = f"{VERSION}rc1", VERSION
    pip = ["python", "-m", "pip"]

    # The older release, exactly as a new site's requirements.txt asks for it.
    (home / "requirements.txt").write_text(requirements_text(older), encoding="utf-8")
    started = time.perf_counter()
    ok(run([*pip, "install", *from_index(index), "-r", "requirements.txt"], home, env))
    seconds = time.perf_counter() - started
    print(f"installed planpress {older} from the local index in {seconds:.1f} s")
    assert ok(run(["planpress", "--version"], home, env)).stdout.strip() == f"planpress {older}"

    # It writes a site that pins it, and the site checks, builds and publishes.
    ok(run(["planpress", "new", "site"], home, env))
    site = home / "site"
    pinned = (site / "requirements.txt").read_text(encoding="utf-8")
    assert f"\nplanpress=={older}\n" in pinned
    ok(run(["planpress", "check"], site, env))
    first = publishing_meeting(site)
    ok(run(["planpress", "publish", first], site, env))

    # Upgrade as the site's README says: raise the pin, pip install -U -r requirements.txt.
    (site / "requirements.txt").write_text(
        pinned.replace(f"planpress=={older}", f"planpress=={newer}"), encoding="utf-8"
    )
    ok(run([*pip, "install", "-U", *from_index(index), "-r", "requirements.txt"], site, env))
    assert ok(run(["planpress", "--version"], site, env)).stdout.strip() == f"planpress {newer}"
    listed = ok(run([*pip, "list", "--format=freeze"], site, env)).stdout
    assert f"planpress=={newer}" in listed.splitlines()

    # Under the new release the site checks with nothing to change, builds and publishes its
    # next version.
    checked = ok(run(["planpress", "check"], site, env))
    assert "no problems" in checked.stderr
    assert "note:" not in checked.stderr
    ok(run(["planpress", "build"], site, env))
    meetings = site / "data" / "meetings.yml"
    meetings.write_text(
        meetings.read_text(encoding="utf-8")
        + "\n- id: board-2026-11-20\n  date: 2026-11-20\n  body: board\n"
        + "  title: Partnership Board, 20 November 2026\n  status: held\n  illustrative: true\n"
        + "  publishes:\n    version: 2026-11-20\n    title: Second draft\n    stage: draft\n",
        encoding="utf-8",
    )
    ok(run(["git", "commit", "--quiet", "-am", "The next board's version"], site, env))
    ok(run(["planpress", "publish", "board-2026-11-20"], site, env))
    listed_versions = ok(run(["git", "show", "gh-pages:versions.json"], site, env)).stdout
    assert '"2026-11-20"' in listed_versions
    links = ok(run(["git", "ls-tree", "-r", "gh-pages"], site, env)).stdout
    assert not [line for line in links.splitlines() if line.startswith("120000")]
