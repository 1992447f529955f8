"""`planpress serve`: an edit renders again only the pages it affects, and no page is stale.

The preview (adapters/preview.py) is driven in this process with real MkDocs builds. After
each edit of the worked example's data, every file the preview serves is compared, byte for
byte, with a whole `mkdocs build` of the same data: a page the edit changed and the preview
did not render again would differ. One test runs `planpress serve` itself, over HTTP.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import ROOT, copy_site

import planpress.core.keptfiles
from planpress.adapters.preview import Preview
from planpress.adapters.preview_hosts import own_host

ADDRESS = "127.0.0.1:8931"  # never listened on: the preview is driven without its server
URL = f"http://{ADDRESS}/"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = copy_site(tmp_path / "site")
    shutil.copytree(ROOT / "data", folder / "data")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("PLANPRESS_SITE_URL", URL)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("PLANPRESS_DOWNLOADS", raising=False)
    monkeypatch.setattr(planpress.core.keptfiles, "_kept", None)
    planpress.core.keptfiles.keep_files_read()
    return folder


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    shown = Preview(project / "mkdocs.yml", ADDRESS)
    shown.build_all()
    shown.indexer.stop()  # the search index is not compared: nothing waits for it
    try:
        yield shown
    finally:
        shown.close()


def whole_build(project: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return target


def served_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.relative_to(site).parts[0] != "pagefind"
    }


def assert_as_whole_build(preview: Preview, project: Path, tmp: Path) -> None:
    expected = served_files(whole_build(project, tmp / "whole"))
    shown = served_files(preview.site_dir)
    assert sorted(shown) == sorted(expected)
    stale = [name for name in expected if shown[name] != expected[name]]
    assert stale == [], f"the preview shows these files as they were before the edit: {stale}"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def rebuilt(preview: Preview, caplog: pytest.LogCaptureFixture) -> str:
    """Rebuild the preview for what changed; what it said it did."""
    caplog.clear()
    with caplog.at_level("INFO", logger="mkdocs.planpress.preview"):
        preview.rebuild()
    return "\n".join(r.getMessage() for r in caplog.records if r.name.endswith("preview"))


def remove_last_action(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("\n- id: ") + 1], encoding="utf-8")


ACTIONS = "data/actions/"
ACTION_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "an action's title, which other cards of its group list",
        lambda p: edit(
            p / ACTIONS / "business-trade.yml",
            "title: Trade readiness programme for the end of the transition period",
            "title: Trade readiness <programme> & customs clinics",
        ),
    ),
    (
        "a dependency on an action of another group",
        lambda p: edit(
            p / ACTIONS / "clean-growth-innovation.yml",
            "  depends_on:\n    - CGI-01\n",
            "  depends_on:\n    - CGI-01\n    - BUS-02\n",
        ),
    ),
    (
        "the title of an action another group's card depends on",
        lambda p: edit(
            p / ACTIONS / "business-trade.yml",
            "title: Trade readiness <programme> & customs clinics",
            "title: Trade readiness programme, retitled",
        ),
    ),
    (
        "an action's status and rating (progress, charts and flags)",
        lambda p: edit(
            p / ACTIONS / "business-trade.yml",
            "  status: in-progress\n  rag: amber\n",
            "  status: complete\n  rag: green\n",
        ),
    ),
    (
        "an action moved to another group, and lines moved in its file",
        lambda p: edit(
            p / ACTIONS / "business-trade.yml",
            "  group: business-trade\n  owner: growth-hub\n",
            "  group: skills-employment\n  owner: growth-hub\n",
        ),
    ),
    ("an action removed", lambda p: remove_last_action(p / ACTIONS / "places-housing.yml")),
]

WHOLE_PLAN_EDITS: list[tuple[str, str, str, str]] = [
    ("organisations.yml", "name: Chambers of Commerce", "name: Chambers of Trade", "org"),
    ("glossary.yml", "SME: Small or medium-sized enterprise", "SME: A small firm", "glossary"),
    ("meetings.yml", "title: LEP Executive Board, 16 July 2020", "title: Board, July", "meeting"),
    ("indicators.yml", "name: New jobs created", "name: Jobs created", "indicator"),
    ("plan.yml", "short_title: SSLEP Implementation Plan", "short_title: SSLEP Plan", "plan"),
    ("groups.yml", "name: LEP Executive Board", "name: The Board", "group"),
    (
        "milestones.yml",
        "title: LIS consultation closes (midday)",
        "title: LIS consultation closes",
        "milestone",
    ),
    ("procurements.yml", "max_value: 100000", "max_value: 120000", "procurement"),
]


def test_an_edit_of_actions_renders_only_what_it_affects(
    preview: Preview, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pages = len(list(preview.site_dir.rglob("*.html")))
    for what, change in ACTION_EDITS:
        change(project)
        said = rebuilt(preview, caplog)
        assert "changed: rendered" in said, f"{what}: {said}"
        rendered = int(re.search(r"rendered (\d+) of", said).group(1))
        assert rendered < pages, f"{what}: every page was rendered again ({said})"
        assert_as_whole_build(preview, project, tmp_path)


@pytest.mark.parametrize(("name", "old", "new", "kind"), WHOLE_PLAN_EDITS)
def test_an_edit_of_the_rest_of_the_plan_rebuilds_every_page(
    preview: Preview,
    project: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    name: str,
    old: str,
    new: str,
    kind: str,
) -> None:
    edit(project / "data" / name, old, new)
    said = rebuilt(preview, caplog)
    assert "building the whole site again" in said and "built the whole site" in said, said
    assert_as_whole_build(preview, project, tmp_path)


def test_bad_data_leaves_the_preview_as_it_was(
    preview: Preview, project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = served_files(preview.site_dir)
    path = project / ACTIONS / "business-trade.yml"
    edit(path, "  rag: amber\n", "  rag: purple\n")
    said = rebuilt(preview, caplog)
    assert "business-trade.yml:" in said and "fix the problems above" in said, said
    assert "Traceback" not in caplog.text
    assert served_files(preview.site_dir) == before
    edit(path, "  rag: purple\n", "  rag: red\n")
    assert "1 action changed" in rebuilt(preview, caplog)


def test_a_change_the_data_does_not_show_renders_nothing(
    preview: Preview, project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = served_files(preview.site_dir)
    edit(project / ACTIONS / "business-trade.yml", "# Business Support", "# The Business Support")
    assert "changed nothing on the pages" in rebuilt(preview, caplog)
    assert served_files(preview.site_dir) == before


def test_a_page_of_the_site_rebuilds_every_page(
    preview: Preview, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = next((project / "docs").rglob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    assert "built the whole site" in rebuilt(preview, caplog)
    assert_as_whole_build(preview, project, tmp_path)


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return True
        time.sleep(0.2)
    return False


def test_planpress_serve_shows_an_edit(project: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PLANPRESS_SITE_URL"}
    server = subprocess.Popen(
        [sys.executable, "-m", "planpress", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    page = f"http://127.0.0.1:{port}/plan/business-trade/"
    try:
        assert _wait_for(page, "BUS-02", 120), "planpress serve did not show the page"
        edit(
            project / ACTIONS / "business-trade.yml",
            "title: Trade readiness programme for the end of the transition period",
            "title: Trade readiness, as previewed",
        )
        assert _wait_for(page, "Trade readiness, as previewed", 60), "the edit was not shown"
        # a page elsewhere that makes the browser ask for the preview by another name
        # (DNS rebinding) gets nothing from it
        request = urllib.request.Request(page, headers={"Host": f"rebind.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 421
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        said = log.read()
        log.close()
    assert "1 action changed: rendered" in said, said
    assert "Traceback" not in said, said


def test_a_failing_macro_leaves_the_last_good_site(
    preview: Preview, project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = served_files(preview.site_dir)
    page = project / "docs" / "accessibility.md"  # a page the macros render
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    said = rebuilt(preview, caplog)
    assert "the preview was not rebuilt: a page's macro failed" in said, said
    assert served_files(preview.site_dir) == before
    assert not preview.site_dir.with_name(preview.site_dir.name + ".next").exists()
    page.write_text(text + "\nA line added.\n", encoding="utf-8")
    assert "built the whole site" in rebuilt(preview, caplog)
    assert "A line added." in "".join(
        p.read_text(encoding="utf-8") for p in preview.site_dir.rglob("index.html")
    )


@pytest.mark.parametrize(
    ("header", "served_as", "answered"),
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("[::1]:8000", "127.0.0.1", True),
        ("LOCALHOST", "127.0.0.1", True),
        ("rebind.example:8000", "127.0.0.1", False),
        ("127.0.0.1.nip.io:8000", "127.0.0.1", False),
        ("", "127.0.0.1", False),
        ("192.168.1.20:8000", "0.0.0.0", True),
        ("preview.lan:8000", "0.0.0.0", False),
        ("192.168.1.20:8000", "127.0.0.1", False),
    ],
)
def test_the_preview_answers_only_to_its_own_address(
    header: str, served_as: str, answered: bool
) -> None:
    assert own_host(header, served_as) is answered
