"""Sealed versions and `planpress verify`: real git repositories, real mike publishes, and a
fresh clone that reads the published branch and the records alone.

Three versions are published once for the module (July embryonic, September approved, November
draft: `latest/` names November and `approved/` September); each test clones that repository
and changes what it checks, on the pages branch with git plumbing or in releases/.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import (
    JULY_MEETINGS,
    MINIMAL,
    SEPTEMBER,
    git,
    isolate_git,
    site_repository,
)

from planpress.adapters.cli import main
from planpress.publishing.publish import Request, publish
from planpress.versions.seal import SEAL_KEYS, seal_of, short_seal
from planpress.versions.seal_files import checksums_text

APPROVED = SEPTEMBER["meetings.yml"].replace("stage: draft", "stage: approved")
NOVEMBER = {
    "meetings.yml": APPROVED
    + """
          publishes:
            version: 2020-11-19
            title: Third version
            stage: draft
"""
}
VERSIONS = ("2020-07-16", "2020-09-17", "2020-11-19")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A partnership's repository with three versions published, one per meeting."""
    scratch = tmp_path_factory.mktemp("verify")
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, scratch)
        folder = site_repository(
            scratch / "plan",
            ("July data", {**MINIMAL, "meetings.yml": JULY_MEETINGS}),
            ("September data", {**SEPTEMBER, "meetings.yml": APPROVED}),
            ("November data", NOVEMBER),
        )
        july, september = git(folder, "rev-parse", "HEAD~2", "HEAD~1").split()
        publish(Request("board-2020-07-16", folder, source=july))
        publish(Request("board-2020-09-17", folder, source=september))
        publish(Request("board-2020-11-19", folder))
        yield folder


@pytest.fixture
def clone(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh clone of the published repository: main checked out, gh-pages only as
    origin/gh-pages."""
    isolate_git(monkeypatch, tmp_path)
    folder = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(published), str(folder))
    monkeypatch.chdir(folder)
    return folder


def verify(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, list[str], str]:
    """`planpress verify` in the current folder: its exit code, stdout's lines, stderr."""
    capsys.readouterr()
    code = main(["verify", *words])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def problems(lines: list[str]) -> list[str]:
    """The lines that are not a version's status (which start with its name)."""
    return [line for line in lines if not line.startswith(tuple(f"{v}  " for v in VERSIONS))]


def commit_on_pages(repo: Path, files: dict[str, bytes | None]) -> None:
    """Change `files` (path -> bytes, None removes) on the clone's gh-pages, in one commit made
    with git plumbing (the clone's own gh-pages, from origin's if it has none)."""
    own = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
        cwd=repo,
        capture_output=True,
        text=True,
    ).stdout.strip()
    parent = own or git(repo, "rev-parse", "refs/remotes/origin/gh-pages")
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}

        def run(*args: str, data: bytes | None = None) -> str:
            done = subprocess.run(
                ["git", *args], cwd=repo, env=env, input=data, capture_output=True, check=True
            )
            return done.stdout.decode().strip()

        run("read-tree", parent)
        for path, data in files.items():
            if data is None:
                run("update-index", "--force-remove", "--", path)
            else:
                blob = run("hash-object", "-w", "--stdin", data=data)
                run("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
        tree = run("write-tree")
        commit = run("commit-tree", tree, "-p", parent, "-m", "A change made after publishing")
        run("update-ref", "refs/heads/gh-pages", commit)


def pages_bytes(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"origin/gh-pages:{path}"], cwd=repo, capture_output=True, check=True
    ).stdout


def record(repo: Path, version: str) -> dict:
    return json.loads((repo / "releases" / f"{version}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- sealed as published


def test_each_record_is_sealed_and_chained_in_publishing_order(published: Path) -> None:
    records = [record(published, version) for version in VERSIONS]
    assert [r["previous_seal"] for r in records] == [None, records[0]["seal"], records[1]["seal"]]
    for found in records:
        assert found["seal"] == seal_of(found)
        assert found["seal_format"] == 1
    # the manifest is every file of the version's folder as published, with its SHA-256
    july = records[0]["manifest"]
    listed = git(published, "ls-tree", "-r", "--name-only", "gh-pages", "--", "2020-07-16/")
    assert sorted(july) == sorted(p.removeprefix("2020-07-16/") for p in listed.splitlines())
    assert list(july) == sorted(july)
    pdf = subprocess.run(
        ["git", "show", "gh-pages:2020-07-16/prospectus.pdf"],
        cwd=published,
        capture_output=True,
        check=True,
    ).stdout
    assert july["prospectus.pdf"] == hashlib.sha256(pdf).hexdigest()
    # the site root lists every version's seal, and each version's files' digests
    seals = json.loads(git(published, "show", "gh-pages:seals.json"))
    assert [(v["version"], v["seal"], v["short"]) for v in seals["versions"]] == [
        (r["version"], r["seal"], short_seal(r["seal"])) for r in records
    ]
    assert git(published, "show", "gh-pages:seals/2020-07-16.sha256") + "\n" == checksums_text(july)
    # nothing in a version's folder changed when the seals were written
    assert git(published, "log", "--format=%s", "-1", "gh-pages", "--", "2020-07-16/").startswith(
        "Publish 2020-07-16"
    )


def test_verify_in_a_fresh_clone_passes(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = verify(capsys)
    assert code == 0, [*lines, err]
    seals = [short_seal(record(clone, version)["seal"]) for version in VERSIONS]
    assert lines == [
        f"2020-07-16  {seals[0]}  First version (embryonic): {files(clone, '2020-07-16')} "
        "files as published",
        f"2020-09-17  {seals[1]}  Second version (approved): {files(clone, '2020-09-17')} "
        "files as published",
        f"2020-11-19  {seals[2]}  Third version (draft): {files(clone, '2020-11-19')} "
        "files as published",
    ]
    assert err.startswith("planpress verify: all as published: checked 3 versions (")
    assert "2 alias folders and 3 sealed records on origin/gh-pages (" in err


def files(repo: Path, version: str) -> int:
    return len(record(repo, version)["manifest"])


def test_verify_one_version(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = verify(capsys, "2020-09-17")
    assert code == 0
    assert [line.split("  ")[0] for line in lines] == ["2020-09-17"]
    assert "checked 1 version (" in err and "1 alias folder and 3 sealed records" in err


# ---------------------------------------------------------------- what verify finds


def test_one_byte_changed_in_an_old_versions_page(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = bytearray(pages_bytes(clone, "2020-07-16/plan/index.html"))
    page[page.index(b"First action")] = ord("f")
    commit_on_pages(clone, {"2020-07-16/plan/index.html": bytes(page)})
    code, lines, err = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "2020-07-16/plan/index.html has been changed since version 2020-07-16 was published "
        "(its SHA-256 is not the one releases/2020-07-16.json lists)"
    ]
    assert lines[0].endswith(f"1 of {files(clone, '2020-07-16')} files not as published")
    assert "planpress verify: 1 problem: " in err
    assert "git log -p gh-pages -- PATH" in err


def test_a_deleted_pdf(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit_on_pages(clone, {"2020-07-16/prospectus.pdf": None})
    code, lines, _ = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "2020-07-16/prospectus.pdf is missing: it was published with version 2020-07-16 "
        "(releases/2020-07-16.json lists it)"
    ]


def test_a_file_added_to_a_version(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit_on_pages(clone, {"2020-07-16/notice.html": b"<p>Not what the board saw</p>"})
    code, lines, _ = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "2020-07-16/notice.html was not published with version 2020-07-16: it has been added "
        "since (releases/2020-07-16.json does not list it)"
    ]


def test_an_alias_that_is_not_a_copy_of_its_version(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit_on_pages(clone, {"approved/index.html": b"<p>changed</p>", "latest/feed.xml": None})
    code, lines, _ = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "approved/index.html differs from 2020-09-17/index.html: approved/ should be an exact "
        "copy of version 2020-09-17 (versions.json says so)",
        "latest/feed.xml is missing: latest/ should be an exact copy of version 2020-11-19 "
        "(versions.json says so), which has it",
    ]
    # a version of its own is still as published: only the aliases differ
    assert all(line.endswith("files as published") for line in lines[:3])


def test_an_edited_old_record(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = clone / "releases" / "2020-07-16.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"First action"', '"An action"', 1),
        encoding="utf-8",
    )
    code, lines, _ = verify(capsys)
    assert code == 1
    seal = short_seal(record(clone, "2020-07-16")["seal"])
    assert problems(lines) == [
        "releases/2020-07-16.json has been changed since it was published: its content no "
        f"longer gives the seal it states ({seal}); restore it from the git history (git log -p "
        "-- releases/2020-07-16.json)"
    ]


def test_a_removed_record(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seal = short_seal(record(clone, "2020-09-17")["seal"])
    (clone / "releases" / "2020-09-17.json").unlink()
    code, lines, _ = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "releases/2020-09-17.json is missing: version 2020-09-17 is published on "
        f"origin/gh-pages with the seal {seal} (seals.json), but releases/ holds no record of "
        "it; restore it from the git history (git log -- releases/2020-09-17.json)"
    ]


def test_the_newest_record_removed(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (clone / "releases" / "2020-11-19.json").unlink()
    code, lines, _ = verify(capsys)
    assert code == 1
    assert [line.split(":")[0] for line in problems(lines)] == [
        "releases/2020-11-19.json is missing"
    ]


def test_records_out_of_order(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    july, september = (clone / "releases" / f"{v}.json" for v in VERSIONS[:2])
    first, second = july.read_bytes(), september.read_bytes()
    july.write_bytes(second)
    september.write_bytes(first)
    code, lines, _ = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "releases/2020-07-16.json holds the record of version '2020-09-17': each record is "
        "named after its version, so it has been renamed or copied; restore it from the git "
        "history (git log --follow -- releases/2020-07-16.json)",
        "releases/2020-09-17.json holds the record of version '2020-07-16': each record is "
        "named after its version, so it has been renamed or copied; restore it from the git "
        "history (git log --follow -- releases/2020-09-17.json)",
    ]


def test_a_record_resealed_after_another_was_left_out(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Leaving September out of the chain means resealing November: its seal then differs from
    the one the site root lists (and the one quoted in the minutes)."""
    july, november = record(clone, "2020-07-16"), record(clone, "2020-11-19")
    november["previous_seal"] = july["seal"]
    november["seal"] = seal_of(november)
    (clone / "releases" / "2020-11-19.json").write_text(json.dumps(november), encoding="utf-8")
    code, lines, _ = verify(capsys)
    assert code == 1
    listed = short_seal(record(Path(clone), "2020-11-19")["seal"])
    before = short_seal(json.loads(pages_bytes(clone, "seals.json"))["versions"][2]["seal"])
    assert problems(lines) == [
        "releases/2020-09-17.json and releases/2020-11-19.json each name "
        "releases/2020-07-16.json as the record published before them: records have been "
        "reordered, or versions were published from two clones that had not seen each other's "
        "records",
        f"seals.json on origin/gh-pages gives version 2020-11-19 the seal {before}, but "
        f"releases/2020-11-19.json states {listed}: one of them has been changed since it was "
        "published",
    ]


# ---------------------------------------------------------------- bad input: one line


def run_cli(folder: Path, *words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planpress", *words],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_input_is_one_line(clone: Path, tmp_path: Path) -> None:
    unknown = run_cli(clone, "verify", "2020-09-18")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == (
        "planpress verify: no version '2020-09-18' has been published (did you mean "
        "'2020-09-17'?)\n"
    )
    usage = run_cli(clone, "verify", "2020-09-17", "2020-11-19")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr

    (clone / "releases" / "2020-07-16.json").write_text("{", encoding="utf-8")
    unreadable = run_cli(clone, "verify")
    assert unreadable.returncode == 1
    assert unreadable.stderr.splitlines() == [
        "planpress verify: releases/2020-07-16.json cannot be read as JSON (Expecting property "
        "name enclosed in double quotes: line 1 column 2 (char 1)): restore it from the git "
        "history (git log -p -- releases/2020-07-16.json)"
    ]

    git(clone, "update-ref", "-d", "refs/remotes/origin/gh-pages")
    nothing = run_cli(clone, "verify")
    assert nothing.returncode == 1
    assert nothing.stderr.splitlines() == [
        "planpress verify: there is no gh-pages branch here, nor origin/gh-pages: nothing has "
        "been published from this repository, or the branch has not been fetched (git fetch "
        "origin gh-pages)"
    ]
    elsewhere = run_cli(tmp_path, "verify")
    assert elsewhere.returncode == 1 and len(elsewhere.stderr.splitlines()) == 1


# ---------------------------------------------------------------- publishing and sealing


def test_publish_prints_the_seal_and_a_replaced_draft_keeps_the_old_one(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run_cli(repo, "publish", "board-2020-09-17")
    assert done.returncode == 0, done.stderr
    first = record(repo, "2020-09-17")
    assert (
        f"Seal of version 2020-09-17: {short_seal(first['seal'])} (in full: {first['seal']})"
        in done.stdout.splitlines()
    )
    replaced = publish(Request("board-2020-09-17", repo, replace=True, reason="A typo"))
    second = record(repo, "2020-09-17")
    assert replaced.seal == second["seal"] != first["seal"]
    assert second["replaces"]["seal"] == first["seal"]
    assert second["previous_seal"] == first["seal"]
    superseded = json.loads((repo / "releases" / "superseded" / "2020-09-17-1.json").read_text())
    assert superseded == first
    code, lines, _ = verify(capsys)
    assert code == 0, lines
    seals = json.loads(git(repo, "show", "gh-pages:seals.json"))
    assert [v["seal"] for v in seals["versions"]] == [second["seal"]]

    # the replaced record is part of the chain: removing it is named
    (repo / "releases" / "superseded" / "2020-09-17-1.json").unlink()
    code, lines, _ = verify(capsys)
    assert code == 1
    assert problems(lines) == [
        "releases/2020-09-17.json replaces an earlier record of version 2020-09-17, sealed "
        f"{short_seal(first['seal'])}, which is not in releases/superseded/: it has been removed "
        "or changed; restore it from the git history (git log -- releases/superseded/)"
    ]


def test_records_from_before_seals_are_not_sealed_and_still_pass(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A site published before records were sealed: its records lack seals, gh-pages lacks
    seals.json; the next version is the first sealed, and verify passes, saying which are not
    sealed."""
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    old = repo / "releases" / "2020-07-16.json"
    content = {k: v for k, v in json.loads(old.read_text()).items() if k not in SEAL_KEYS}
    old.write_text(json.dumps(content, indent=1), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "A record as planpress wrote it before seals")
    commit_on_pages(repo, {"seals.json": None, "seals/2020-07-16.sha256": None})

    code, lines, err = verify(capsys)
    assert code == 0, lines
    assert lines == [
        "2020-07-16  not sealed  First version (embryonic): published before planpress sealed "
        "its records, so its files cannot be checked"
    ]
    assert "; 1 version not sealed (published before planpress sealed its records)" in err

    publish(Request("board-2020-09-17", repo))
    assert record(repo, "2020-09-17")["previous_seal"] is None
    code, lines, err = verify(capsys)
    assert code == 0, lines
    assert [line.split("  ")[:2] for line in lines] == [
        ["2020-07-16", "not sealed"],
        ["2020-09-17", short_seal(record(repo, "2020-09-17")["seal"])],
    ]
    seals = json.loads(git(repo, "show", "gh-pages:seals.json"))
    assert [(v["version"], bool(v["seal"])) for v in seals["versions"]] == [
        ("2020-07-16", False),
        ("2020-09-17", True),
    ]
