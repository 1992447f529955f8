"""planpress as a tool: the wheel holds everything, installs into a fresh virtual environment
outside this checkout, and there `planpress new` writes a site whose own checks pass.

The environment is made once for the module: Python's venv with its pip upgraded, the exact
versions of requirements.lock (hashes checked) that planpress itself needs (what a
partnership's site installs: not the test tools), then the wheel built from this checkout,
without its dependencies (they are the lock's). Every command runs from a folder outside the
checkout.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from support import ROOT, build_distributions, copy_sources, fresh_environment, ok, run

SRC = ROOT / "src" / "planpress"
PARTNERSHIP_FACTS = re.compile(r"Stoke|Staffordshire|Keele|Burslem|Potteries", re.IGNORECASE)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = copy_sources(tmp_path_factory.mktemp("source") / "planpress")
    return build_distributions(source, tmp_path_factory.mktemp("wheel"), wheel_only=True)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> dict[str, str]:
    """A new virtual environment holding the lock's packages and the wheel, and no checkout."""
    return fresh_environment(tmp_path_factory.mktemp("fresh"), wheel)


def home(env: dict[str, str]) -> Path:
    return Path(env["PLANPRESS_TEST_HOME"])


@pytest.fixture(scope="module")
def site(fresh: dict[str, str]) -> Path:
    ok(run(["planpress", "new", "lep-site"], home(fresh), fresh))
    return home(fresh) / "lep-site"


# ---------------------------------------------------------------- the wheel


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "planpress/" + path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert expected - names == set()
    for needed in (
        "planpress/render/templates/pdf/prospectus.css",
        "planpress/render/templates/pdf/prospectus.html",
        "planpress/theme/overrides/main.html",
        "planpress/theme/assets/javascripts/tables.js",
        "planpress/theme/assets/stylesheets/planpress.css",
        "planpress/pages/plan/index.md",
        "planpress/scaffold/dot-github/workflows/check.yml",
        "planpress/scaffold/data/plan.yml",
    ):
        assert needed in names
    tops = {name.split("/", 1)[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"planpress"}
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "planpress = planpress.adapters.cli:main" in text
    assert "planpress = planpress.adapters.plugin:PlanpressPlugin" in text


def test_the_installed_package_is_the_wheel_and_there_is_no_macros_module(
    fresh: dict[str, str],
) -> None:
    where = ok(
        run(["python", "-c", "import planpress; print(planpress.__file__)"], home(fresh), fresh)
    )
    assert not Path(where.stdout.strip()).resolve().is_relative_to(ROOT)
    done = run(["python", "-c", "import macros"], home(fresh), fresh)
    assert done.returncode != 0 and "No module named 'macros'" in done.stderr
    ok(run(["python", "-m", "pip", "check"], home(fresh), fresh))


# ---------------------------------------------------------------- planpress new


def test_new_writes_only_the_partnerships_content_and_commits_it(site: Path) -> None:
    files = set(
        subprocess.run(
            ["git", "ls-files"], cwd=site, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for needed in (
        "mkdocs.yml",
        "requirements.txt",
        "README.md",
        "CONTRIBUTING.md",
        "macros/__init__.py",
        "data/plan.yml",
        "data/meetings.yml",
        "docs/about.md",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".github/pull_request_template.md",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "schema/actions.schema.json",
    ):
        assert needed in files, needed
    # No copy of planpress's pages, theme, scripts or code: they come from the package.
    assert not [f for f in files if f.startswith(("overrides/", "src/", "tests/"))]
    assert not [f for f in files if f.endswith((".js", ".css", ".html"))]
    assert set(files) & {"docs/index.md", "docs/timeline.md", "docs/changes.md"} == set()
    pinned = (site / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^planpress==\d+\.\d+\.\d+$", pinned, re.MULTILINE)
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=site, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    for name in files:
        text = (site / name).read_text(encoding="utf-8", errors="replace")
        assert not PARTNERSHIP_FACTS.search(text), f"{name} holds a fact of one partnership"


def test_every_record_of_the_starting_plan_is_illustrative(site: Path) -> None:
    for path in sorted((site / "data").rglob("*.yml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        records = loaded if isinstance(loaded, list) else [loaded]
        for record in records:
            if isinstance(record, dict) and path.name != "glossary.yml":
                assert record.get("illustrative") is True, f"{path.name}: {record.get('id')}"


def test_new_refuses_a_folder_that_is_not_empty_and_changes_nothing(
    fresh: dict[str, str],
) -> None:
    folder = home(fresh) / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("ours\n", encoding="utf-8")
    done = run(["planpress", "new", "taken"], home(fresh), fresh)
    assert done.returncode == 1
    assert "already exists and is not empty" in done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert not [p for p in home(fresh).iterdir() if p.name.startswith(".taken")]


def test_the_new_site_checks_builds_prints_and_publishes(site: Path, fresh: dict[str, str]) -> None:
    checked = ok(run(["planpress", "check"], site, fresh))
    assert "no problems" in checked.stderr
    ok(run(["planpress", "build"], site, fresh))
    built = site / "site"
    for page in ("index.html", "timeline/index.html", "changes/index.html", "about/index.html"):
        assert (built / page).is_file(), page
    assert (built / "javascripts" / "tables.js").is_file()
    assert (built / "prospectus.pdf").read_bytes().startswith(b"%PDF")
    home_page = (built / "index.html").read_text(encoding="utf-8")
    assert 'class="pp-skip"' in home_page  # planpress's theme overrides are in use
    ok(run(["planpress", "links", "site"], site, fresh))
    ok(run(["planpress", "pdf"], site, fresh))
    assert (site / "prospectus.pdf").read_bytes().startswith(b"%PDF")

    meetings = yaml.safe_load((site / "data" / "meetings.yml").read_text(encoding="utf-8"))
    publishing = next(m for m in meetings if m.get("publishes"))
    version = publishing["publishes"]["version"]
    # the board report for the first board, and the workbook: made on request, never
    # committed by the README's `git add --all`
    ok(run(["planpress", "report", publishing["id"]], site, fresh))
    assert (site / f"report-{publishing['id']}.pdf").read_bytes().startswith(b"%PDF")
    ok(run(["planpress", "export", "--xlsx", "plan.xlsx"], site, fresh))
    status = ok(run(["git", "status", "--porcelain", "--untracked-files=all"], site, fresh))
    assert status.stdout == ""
    ok(run(["planpress", "publish", publishing["id"]], site, fresh))
    listed = ok(run(["git", "show", "gh-pages:versions.json"], site, fresh))
    assert [v["version"] for v in json.loads(listed.stdout)] == [version]
    record = ok(run(["git", "show", f"HEAD:releases/{version}.json"], site, fresh))
    assert json.loads(record.stdout)["meeting"]["id"] == publishing["id"]


def check_workflow_lines(site: Path) -> list[str]:
    """The lines of the site's Check workflow that run planpress, in order."""
    workflow = yaml.load(
        (site / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"),
        Loader=yaml.BaseLoader,
    )
    lines = [
        step["run"].strip()
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("run", "").strip().startswith("planpress ")
    ]
    assert lines and lines[0].startswith("planpress check")
    return lines


def test_the_check_workflow_passes_on_the_first_commit_and_on_a_pull_request(
    tmp_path: Path, fresh: dict[str, str]
) -> None:
    ok(run(["planpress", "new", str(tmp_path / "partnership")], tmp_path, fresh))
    repo = tmp_path / "partnership"
    lines = check_workflow_lines(repo)
    for line in lines:
        ok(run(["bash", "-c", line], repo, fresh))

    # A contributor's pull request: one action's title changed, on a branch.
    ok(run(["git", "switch", "--quiet", "-c", "edit-an-action"], repo, fresh))
    actions = sorted((repo / "data" / "actions").glob("*.yml"))[0]
    text = actions.read_text(encoding="utf-8")
    changed = re.sub(
        r"(?m)^(\s*-?\s*title: ).*$", r"\1A clearer title for this action", text, count=1
    )
    assert changed != text
    actions.write_text(changed, encoding="utf-8")
    ok(run(["git", "commit", "--quiet", "-am", "A clearer title"], repo, fresh))
    shutil.rmtree(repo / "site", ignore_errors=True)
    for line in lines:
        ok(run(["bash", "-c", line], repo, fresh))
    assert "A clearer title for this action" in "".join(
        p.read_text(encoding="utf-8") for p in (repo / "site" / "plan").rglob("index.html")
    )

    # And a broken edit fails the first step, with the file and line.
    actions.write_text(text.replace("status:", "statuz:", 1), encoding="utf-8")
    done = run(["bash", "-c", lines[0]], repo, fresh)
    assert done.returncode == 1
    assert re.search(rf"{re.escape(actions.name)}:\d+:\d+: ", done.stdout)
