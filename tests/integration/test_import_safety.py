"""`planpress import` against hostile and unlucky input: real workbooks and CSV files, real git
repositories, a real `planpress import` process killed part way.

Whatever it is given, an import writes only inside data/, never removes or reverts what it
was not asked to, writes all of its files or none, and a refused import leaves data/ byte for
byte as it was (its files and `git status`), with one line per problem and no traceback."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support import EXAMPLE_DATA, git, git_environment

from planpress.core.load import load_plan
from planpress.exchange.csvfiles import csv_bytes
from planpress.exchange.tables import TABLE_BY_NAME

# As `planpress.exchange.staging` names them (a unit test checks that they agree).
JOURNAL = ".planpress-import.json"
STAGED_SUFFIX = ".planpress-new"
PAUSE_VARIABLE = "PLANPRESS_TEST_IMPORT_PAUSE"


def environment(folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", PAUSE_VARIABLE)}
    return {**env, **git_environment(folder), **extra}


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planpress", *args],
        cwd=cwd,
        env=environment(cwd),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def state(folder: Path) -> tuple[str, str]:
    """A digest of every file under data/ (names and bytes), and `git status` if in git."""
    digest = hashlib.sha256()
    data = folder / "data"
    for path in sorted(data.rglob("*")):
        digest.update(str(path.relative_to(data)).encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    status = ""
    if (folder / ".git").exists():
        status = git(folder, "status", "--porcelain", "--untracked-files=all")
    return digest.hexdigest(), status


def refused(folder: Path, name: str) -> str:
    """The import's output, having checked that it was refused and left data/ as it was."""
    before = state(folder)
    done = run_cli("import", name, cwd=folder)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Traceback" not in out, out
    assert state(folder) == before
    return out


def imported(folder: Path, name: str) -> str:
    done = run_cli("import", name, cwd=folder)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "Traceback" not in out
    return done.stdout


def header(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def row_of(sheet, record_id: str) -> int:
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == record_id:
            return row[0].row
    raise AssertionError(record_id)


def edit(folder: Path, change, name: str = "edited.xlsx") -> str:
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    change(book)
    book.save(folder / name)
    return name


def add_action(book, values: dict[str, object]) -> int:
    actions = book["Actions"]
    col = header(actions)
    row = actions.max_row + 1
    for name, value in values.items():
        cell = actions.cell(row, col[name])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    return row


NEW_ACTION = {
    "id": "BUS-09",
    "title": "A new action",
    "strand": "trade",
    "theme": "short-term-recovery",
    "group": "business-trade",
    "owner": "growth-hub",
    "status": "planned",
}


def commit_all(folder: Path, message: str) -> None:
    env = git_environment(folder)
    for args in (["add", "-A"], ["commit", "--quiet", "-m", message]):
        subprocess.run(["git", *args], cwd=folder, env={**os.environ, **env}, check=True)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example's data, with a workbook exported from it (not in git)."""
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copytree(EXAMPLE_DATA, folder / "data")
    done = run_cli("export", "--xlsx", "plan.xlsx", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def repo(site: Path) -> Path:
    """The same, its data/ committed in a git repository (the workbook left untracked)."""
    env = {**os.environ, **git_environment(site)}
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main"], cwd=site, env=env)
    (site / ".gitignore").write_text("*.xlsx\n*.csv\n")
    commit_all(site, "The plan")
    return site


def actions_csv(folder: Path, name: str = "actions.csv") -> Path:
    """The open-data CSV of actions, as a build publishes it, from data/ as it is now."""
    plan = load_plan(folder / "data").plan
    assert plan is not None
    path = folder / name
    path.write_bytes(csv_bytes(TABLE_BY_NAME["actions"], plan))
    return path


def rewrite_csv(path: Path, change) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows = change(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def set_cell(rows: list[list[str]], record_id: str, column: str, value: str) -> None:
    index = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == record_id:
            row[index] = value
            return
    raise AssertionError(record_id)


# ---------------------------------------------------------------- 1. never outside data/

OUTSIDE = "outside"


def attacks(tmp_path: Path) -> list[str]:
    far = "../" * 30 + str(tmp_path / OUTSIDE / "pwned").lstrip("/")
    return [
        "../../x",
        far,
        str(tmp_path / OUTSIDE / "absolute"),
        "/etc/planpress-import-test",
        "..",
        "a_x0000_b",
        "g" * 5000,
        "business-trade/../../../x",
    ]


@pytest.mark.parametrize("index", range(8))
def test_a_group_cell_never_names_a_file_from_a_workbook(
    site: Path, tmp_path: Path, index: int
) -> None:
    group = attacks(tmp_path)[index]
    row = []

    def change(book):
        row.append(add_action(book, {**NEW_ACTION, "group": group}))

    name = edit(site, change)
    before = {p for p in tmp_path.rglob("*") if "data" not in p.parts}
    data = state(site)
    done = run_cli("import", name, cwd=site)
    assert not (tmp_path / OUTSIDE).exists()
    assert not Path("/etc/planpress-import-test.yml").exists()
    assert {p for p in tmp_path.rglob("*") if "data" not in p.parts} == before
    out = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in out, out
    assert state(site) == data
    assert f"{name}:Actions!F{row[0]}: group '" in out
    assert "has no file of actions" in out
    assert len(max(out.splitlines(), key=len)) < 1000


@pytest.mark.parametrize("index", range(8))
def test_a_group_cell_never_names_a_file_from_a_csv(site: Path, tmp_path: Path, index: int) -> None:
    group = attacks(tmp_path)[index].replace("_x0000_", "\x01")
    path = actions_csv(site)

    def change(rows):
        col = rows[0]
        new = [""] * len(col)
        for name, value in {**NEW_ACTION, "group": group}.items():
            new[col.index(name)] = value
        return [*rows, new]

    rewrite_csv(path, change)
    row = len(list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))))
    data = state(site)
    done = run_cli("import", "actions.csv", cwd=site)
    assert not (tmp_path / OUTSIDE).exists()
    assert not Path("/etc/planpress-import-test.yml").exists()
    out = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in out, out
    assert state(site) == data
    assert f"actions.csv:F{row}: group '" in out


def test_a_nul_in_a_csv_is_refused(site: Path) -> None:
    path = actions_csv(site)
    path.write_bytes(path.read_bytes().replace(b"business-trade", b"business\0trade", 1))
    assert "actions.csv is not a CSV file (it holds binary data)" in refused(site, "actions.csv")


def test_a_new_group_s_first_action_is_refused_at_its_group_cell(site: Path) -> None:
    row = []

    def change(book):
        groups = book["Groups"]
        col = header(groups)
        new = groups.max_row + 1
        for name, value in {"id": "new-group", "name": "A new group", "kind": "sub-group"}.items():
            groups.cell(new, col[name]).value = value
        row.append(add_action(book, {**NEW_ACTION, "group": "new-group"}))

    name = edit(site, change)
    out = refused(site, name)
    assert (
        f"{name}:Actions!F{row[0]}: group 'new-group' has no file of actions in data/actions yet"
    ) in out
    assert "add the first action of a new group to data/actions/ by hand" in out


def test_a_new_action_goes_to_the_file_of_its_group(site: Path) -> None:
    name = edit(site, lambda book: add_action(book, {**NEW_ACTION, "group": "skills-employment"}))
    before = {p.name for p in (site / "data/actions").iterdir()}
    out = imported(site, name)
    assert "Added BUS-09: A new action" in out
    assert {p.name for p in (site / "data/actions").iterdir()} == before
    assert "id: BUS-09" in (site / "data/actions/skills-employment.yml").read_text()


def add_row(sheet, values: dict[str, object]) -> int:
    col = header(sheet)
    row = sheet.max_row + 1
    for name, value in values.items():
        sheet.cell(row, col[name]).value = value
    return row


def test_recommendations_of_a_new_meeting_go_with_it(site: Path) -> None:
    def change(book):
        add_row(
            book["Meetings"],
            {
                "id": "board-2020-11-19",
                "date": datetime.datetime(2020, 11, 19),
                "body": "lep-executive-board",
                "title": "LEP Executive Board, 19 November 2020",
                "status": "scheduled",
            },
        )
        for rec in ("i", "ii"):
            add_row(
                book["Recommendations"],
                {"meeting": "board-2020-11-19", "id": rec, "text": f"Recommendation {rec}"},
            )
        for rec in ("iii", "iv"):
            add_row(
                book["Recommendations"],
                {"meeting": "board-2020-09-17", "id": rec, "text": f"Recommendation {rec}"},
            )

    out = imported(site, edit(site, change))
    assert "Added meeting: board-2020-11-19" in out
    meetings = (site / "data/meetings.yml").read_text()
    assert meetings.endswith(
        "- id: board-2020-11-19\n"
        "  date: 2020-11-19\n"
        "  body: lep-executive-board\n"
        "  title: LEP Executive Board, 19 November 2020\n"
        "  status: scheduled\n"
        "  recommendations:\n"
        "    - id: i\n"
        "      text: Recommendation i\n"
        "    - id: ii\n"
        "      text: Recommendation ii\n"
    )
    plan = load_plan(site / "data").plan
    assert plan is not None
    september = next(m for m in plan.meetings if m.id == "board-2020-09-17")
    assert [r.id for r in september.recommendations or []] == ["i", "iii", "iv"]


def test_a_recommendation_of_a_meeting_that_is_not_there_is_refused_at_its_cell(
    site: Path,
) -> None:
    row = []

    def change(book):
        recs = book["Recommendations"]
        row.append(add_row(recs, {"meeting": "../../x", "id": "i", "text": "Anything"}))

    out = refused(site, edit(site, change))
    assert out.splitlines()[0] == (
        f"edited.xlsx:Recommendations!A{row[0]}: meeting '../../x' is not a meeting in "
        "meetings.yml: a recommendation is put to a meeting that is"
    )


# ---------------------------------------------------------------- 2. never reverts or deletes


def test_a_csv_of_a_few_rows_removes_nothing(repo: Path) -> None:
    path = actions_csv(repo)

    def change(rows):
        set_cell(rows, "BUS-02", "status", "complete")
        return [rows[0], *(r for r in rows[1:] if r[0] in ("BUS-01", "BUS-02", "SKL-01"))]

    rewrite_csv(path, change)
    out = imported(repo, "actions.csv")
    assert out.strip() == "Changed BUS-02: Status: In progress to Complete"
    plan = load_plan(repo / "data").plan
    assert plan is not None and len(plan.actions) == 33


def test_a_csv_older_than_data_does_not_revert_a_committed_edit(repo: Path) -> None:
    path = actions_csv(repo, "old.csv")
    text = (repo / "data/actions/business-trade.yml").read_text()
    (repo / "data/actions/business-trade.yml").write_text(
        text.replace("  rag: amber\n", "  rag: green\n", 1)
    )
    commit_all(repo, "BUS-01 is on track")

    def change(rows):
        set_cell(rows, "BUS-02", "status", "complete")  # the edit made in the old file
        return rows

    rewrite_csv(path, change)
    out = refused(repo, "old.csv")
    assert re.search(
        r"old\.csv:L2: rag is 'amber' here, the value it had in data/ before commit \w+ of "
        r"\d{4}-\d\d-\d\d; data/ has 'green' since, so this file looks older than data/",
        out,
    ), out
    assert "rag: green" in (repo / "data/actions/business-trade.yml").read_text()


def test_a_csv_row_of_a_record_removed_since_is_refused(repo: Path) -> None:
    actions_csv(repo, "old.csv")
    text = (repo / "data/actions/business-trade.yml").read_text()
    start = text.index("- id: BUS-03")
    end = text.index("- id: BUS-04")
    (repo / "data/actions/business-trade.yml").write_text(text[:start] + text[end:])
    commit_all(repo, "BUS-03 dropped")
    out = refused(repo, "old.csv")
    assert re.search(r"old\.csv:A4: action 'BUS-03' was removed from data/ in commit \w+", out)


def test_a_csv_never_overwrites_uncommitted_edits(repo: Path) -> None:
    path = actions_csv(repo)
    target = repo / "data/actions/business-trade.yml"
    target.write_text(target.read_text().replace("  rag: amber\n", "  rag: red\n", 1))

    # a row the CSV file does not change keeps the edit in data/ (the file still says amber)
    rewrite_csv(path, lambda rows: (set_cell(rows, "BUS-02", "status", "complete"), rows)[1])
    out = refused(repo, "actions.csv")
    assert (
        "actions.csv:A2: action 'BUS-01' has edits in data/ that are not committed yet, and "
        "this row would change it: commit data/ (git commit), then import again"
    ) in out
    assert "rag: red" in target.read_text()

    # without BUS-01's row, the rest is imported and the uncommitted edit stays
    rewrite_csv(path, lambda rows: [r for r in rows if r[0] != "BUS-01"])
    assert "Changed BUS-02: Status" in imported(repo, "actions.csv")
    assert "rag: red" in target.read_text()


def test_a_csv_without_git_only_adds(site: Path) -> None:
    path = actions_csv(site)
    rewrite_csv(path, lambda rows: (set_cell(rows, "BUS-02", "status", "complete"), rows)[1])
    out = refused(site, "actions.csv")
    assert (
        "actions.csv:A3: this row would change action 'BUS-02', but a CSV file does not say "
        "which version of data/ it was made from and data is not in a git repository"
    ) in out

    def add(rows):
        new = [""] * len(rows[0])
        for name, value in NEW_ACTION.items():
            new[rows[0].index(name)] = value
        return [*rows, new]

    path = actions_csv(site)
    rewrite_csv(path, add)
    assert "Added BUS-09: A new action" in imported(site, "actions.csv")


def test_an_open_data_csv_imports_as_it_was_published(repo: Path) -> None:
    target = repo / "data/actions/business-trade.yml"
    target.write_text(
        target.read_text().replace(
            "  title: Business resilience and recovery support through the Growth Hub\n",
            "  title: '=1+1 and - Business resilience'\n",
            1,
        )
    )
    commit_all(repo, "A title a spreadsheet would take for a formula")
    path = actions_csv(repo)
    assert "'=1+1 and - Business resilience" in path.read_text(encoding="utf-8")
    done = run_cli("import", "actions.csv", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing to change" in done.stderr


def test_a_workbook_without_its_hidden_base_sheet_is_refused(site: Path) -> None:
    def change(book):
        del book["_planpress"]
        actions = book["Actions"]
        actions.delete_rows(row_of(actions, "BUS-03"))

    out = refused(site, edit(site, change))
    assert out.splitlines()[0] == (
        "edited.xlsx: the hidden sheet '_planpress' is missing; it holds the rows as exported, "
        "which planpress needs to tell your edits from changes made in data/ since: export the "
        "workbook again (planpress export --xlsx FILE) and redo the edits in the new one "
        "(copying cells from this one is fine)"
    )


@pytest.mark.parametrize("damage", ["cut", "edited", "row added", "row removed", "number"])
def test_a_workbook_with_a_damaged_base_sheet_is_refused(site: Path, damage: str) -> None:
    def change(book):
        base = book["_planpress"]
        cell = base.cell(3, 1)
        if damage == "cut":
            cell.value = cell.value[: len(cell.value) // 2]
        elif damage == "edited":
            cell.value = cell.value.replace("BUS-0", "BUS-9", 1)
        elif damage == "row added":
            base.cell(base.max_row + 1, 1).value = '["glossary", {"term": "X", "definition": "Y"}]'
        elif damage == "row removed":
            base.delete_rows(3)
        else:
            cell.value = 12
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-01"), header(actions)["status"]).value = "complete"

    out = refused(site, edit(site, change))
    assert out.splitlines()[0].startswith("edited.xlsx: the hidden sheet '_planpress' is damaged (")
    assert "export the workbook again" in out


def test_a_workbook_keeps_uncommitted_edits_of_data(repo: Path) -> None:
    target = repo / "data/actions/business-trade.yml"
    target.write_text(target.read_text().replace("  rag: amber\n", "  rag: red\n", 1))

    def change(book):
        actions = book["Actions"]
        actions.cell(row_of(actions, "BUS-02"), header(actions)["status"]).value = "complete"

    out = imported(repo, edit(repo, change))
    assert out.strip() == "Changed BUS-02: Status: In progress to Complete"
    assert "rag: red" in target.read_text()


# ---------------------------------------------------------------- 3. all or nothing


def three_file_edit(book) -> None:
    actions = book["Actions"]
    actions.cell(row_of(actions, "BUS-01"), header(actions)["status"]).value = "complete"
    actions.cell(row_of(actions, "SKL-01"), header(actions)["rag"]).value = "red"
    glossary = book["Glossary"]
    glossary.cell(glossary.max_row + 1, 1).value = "NEWT"
    glossary.cell(glossary.max_row, 2).value = "A new term"


def data_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted((folder / "data").rglob("*"))
        if p.is_file()
    }


def test_a_kill_at_any_step_leaves_data_as_it_was_or_fully_imported(
    repo: Path, tmp_path: Path
) -> None:
    name = edit(repo, three_file_edit)
    original = data_files(repo)
    clean = tmp_path / "clean"
    shutil.copytree(repo, clean)
    imported(clean, name)
    final = data_files(clean)
    changed = [k for k in final if final[k] != original.get(k)]
    assert len(changed) == 3
    steps = 2 * len(changed) + 2  # each file staged, the journal, each renamed, journal removed
    for stop_after in range(steps + 1):
        shutil.rmtree(repo / "data")
        for path, data in original.items():
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / path).write_bytes(data)
        process = subprocess.Popen(
            [sys.executable, "-m", "planpress", "import", name],
            cwd=repo,
            env=environment(repo, **{PAUSE_VARIABLE: "0.2"}),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        seen = 0
        while seen < stop_after:
            line = process.stderr.readline()
            assert line, f"the import ended before step {stop_after}"
            if line.startswith("planpress-test-import-step "):
                seen += 1
        if stop_after == steps:
            assert process.wait(timeout=60) == 0
        else:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        process.stderr.close()
        assert process.stdout is not None
        process.stdout.close()
        now = {k: v for k, v in data_files(repo).items() if not Path(k).name.startswith(".")}
        journal = (repo / "data" / JOURNAL).exists()
        assert now in (original, final) or journal, f"half imported after step {stop_after}"
        # the next import (here of a file that is not there) completes or undoes it first
        after = run_cli("import", "missing.xlsx", cwd=repo)
        assert "Traceback" not in after.stderr
        assert data_files(repo) == (final if stop_after > len(changed) else original), stop_after
        assert not list((repo / "data").rglob(f"*{STAGED_SUFFIX}"))
        assert not (repo / "data" / JOURNAL).exists()
        assert run_cli("check", cwd=repo).returncode == 0


KILL_AT_RENAME = """
import os, sys
count = 0
stop = int(os.environ["STOP_AT_RENAME"])
def hook(event, args):
    global count
    if event == "os.rename" and str(args[1]).endswith(".yml") and "/data/" in str(args[1]):
        count += 1
        if count == stop:
            os._exit(137)  # as a SIGKILL would: no clean-up of any kind
sys.addaudithook(hook)
from planpress.adapters.cli import main
sys.exit(main())
"""


def test_a_kill_between_two_files_landing_is_completed_by_the_next_import(
    repo: Path, tmp_path: Path
) -> None:
    """The process dies just before the second (then the third) data file takes its new text:
    the next import completes the change, so data/ is never left half imported."""
    name = edit(repo, three_file_edit)
    original = data_files(repo)
    clean = tmp_path / "clean"
    shutil.copytree(repo, clean)
    imported(clean, name)
    final = data_files(clean)
    for stop in (2, 3):
        done = subprocess.run(
            [sys.executable, "-c", KILL_AT_RENAME, "import", name],
            cwd=repo,
            env=environment(repo, STOP_AT_RENAME=str(stop)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 137, done.stderr
        run_cli("import", "missing.xlsx", cwd=repo)
        assert data_files(repo) == final, f"half imported when stopped at file {stop}"
        shutil.rmtree(repo / "data")
        for path, data in original.items():
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / path).write_bytes(data)


def test_a_kill_at_a_random_time_never_leaves_data_half_imported(
    repo: Path, tmp_path: Path
) -> None:
    import random

    name = edit(repo, three_file_edit)
    original = data_files(repo)
    clean = tmp_path / "clean"
    shutil.copytree(repo, clean)
    started = time.perf_counter()
    imported(clean, name)
    took = time.perf_counter() - started
    final = data_files(clean)
    chance = random.Random(27)
    for _ in range(6):
        process = subprocess.Popen(
            [sys.executable, "-m", "planpress", "import", name],
            cwd=repo,
            env=environment(repo),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.5, 1.2) * took)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        run_cli("import", "missing.xlsx", cwd=repo)
        assert data_files(repo) in (original, final)
        shutil.rmtree(repo / "data")
        for path, data in original.items():
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / path).write_bytes(data)


def test_a_file_that_cannot_be_written_leaves_every_file_as_it_was(site: Path) -> None:
    name = edit(site, three_file_edit)
    before = data_files(site)
    # the last of the three files cannot be written: its staged name is taken by a folder
    (site / "data" / f".glossary.yml{STAGED_SUFFIX}").mkdir()
    done = run_cli("import", name, cwd=site)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("planpress import: could not write ")
    assert "nothing was changed" in done.stderr
    assert data_files(site) == before
    assert not [p for p in (site / "data").rglob(f"*{STAGED_SUFFIX}") if p.is_file()]


def dimension_claims(path: Path, rows: int) -> None:
    """Rewrite every sheet's `<dimension>` to claim `rows` rows, as a faulty program might."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(
                    rb'<dimension ref="A1:([A-Z]+)\d+"',
                    rb'<dimension ref="A1:\g<1>%d"' % rows,
                    data,
                )
                assert count == 1, info.filename
            target.writestr(info, data)
    source.close()
    path.write_bytes(out.getvalue())


def test_rows_past_a_sheet_s_declared_dimension_are_read(site: Path) -> None:
    name = edit(site, lambda book: add_action(book, NEW_ACTION))
    dimension_claims(site / name, 3)
    out = imported(site, name)
    assert out.strip() == "Added BUS-09: A new action"
    plan = load_plan(site / "data").plan
    assert plan is not None and len(plan.actions) == 34


def test_every_bad_row_is_reported_at_its_cell_in_one_pass(site: Path) -> None:
    count = 2000

    def change(book):
        for number in range(count):
            add_action(book, {**NEW_ACTION, "id": f"NEW-{number + 1}", "owner": "nobody"})

    name = edit(site, change)
    started = time.perf_counter()
    out = refused(site, name)
    took = time.perf_counter() - started
    owners = [line for line in out.splitlines() if "owner 'nobody' is not an organisation" in line]
    assert len(owners) == count
    assert owners[0].startswith(f"{name}:Actions!G35: ")
    assert owners[-1].startswith(f"{name}:Actions!G{34 + count}: ")
    assert took < 60, f"{count} bad rows took {took:.0f} s"


# ---------------------------------------------------------------- 4. odd input


def test_a_csv_header_field_over_128_kb_is_one_line(site: Path) -> None:
    path = actions_csv(site)
    path.write_text("x" * 200_000 + "," + path.read_text(encoding="utf-8"), encoding="utf-8")
    out = refused(site, "actions.csv")
    assert "actions.csv:1: not a CSV file that can be read (field larger than field limit" in out
    assert len(out.splitlines()) == 2


def test_a_csv_cell_over_128_kb_is_one_line(site: Path) -> None:
    path = actions_csv(site)
    rewrite_csv(path, lambda rows: (set_cell(rows, "BUS-01", "title", "t" * 300_000), rows)[1])
    out = refused(site, "actions.csv")
    assert "actions.csv:2: not a CSV file that can be read" in out


FLOW = """\
# Actions written in YAML's other styles.
- {id: FLO-01, title: Flow one, strand: recovery, theme: short-term-recovery,
   group: flow, owner: growth-hub, status: planned}

- &shared
  id: FLO-02
  title: Anchored
  strand: recovery
  theme: short-term-recovery
  group: flow
  owner: growth-hub
  status: planned
  budget:
    amount: 10

- <<: *shared
  id: FLO-03
  title: Merged

- id: FLO-04
  title: Block style
  strand: recovery
  theme: short-term-recovery
  group: flow
  owner: growth-hub
  status: planned
  budget: {amount: 10}

- {<<: *shared, id: FLO-05, title: Flow and merged}
"""


@pytest.fixture
def flow_site(site: Path) -> Path:
    (site / "data/actions/flow.yml").write_text(FLOW)
    groups = site / "data/groups.yml"
    groups.write_text(groups.read_text() + "\n- id: flow\n  name: Flow group\n  kind: sub-group\n")
    check = run_cli("check", cwd=site)
    assert check.returncode == 0, check.stdout + check.stderr
    done = run_cli("export", "--xlsx", "plan.xlsx", cwd=site)
    assert done.returncode == 0, done.stderr
    return site


def set_values(folder: Path, changes: dict[str, dict[str, object]]) -> str:
    def change(book):
        actions = book["Actions"]
        for record, values in changes.items():
            for column, value in values.items():
                actions.cell(row_of(actions, record), header(actions)[column]).value = value

    return edit(folder, change)


@pytest.mark.parametrize(
    ("record", "values", "where"),
    [
        ("FLO-02", {"status": "complete"}, "5:3: action 'FLO-02' is a YAML anchor (&name) other"),
        ("FLO-03", {"status": None}, "16:3: action 'FLO-03' may take its status from a YAML merge"),
        ("FLO-03", {"budget_funded": 5}, "16:3: action 'FLO-03' may take its budget from a YAML"),
        ("FLO-05", {"status": None}, "29:3: action 'FLO-05' may take its status from a YAML merge"),
    ],
)
def test_records_written_with_anchors_are_refused_by_file_and_line(
    flow_site: Path, record: str, values: dict[str, object], where: str
) -> None:
    out = refused(flow_site, set_values(flow_site, {record: values}))
    assert out.splitlines()[0].startswith(f"data/actions/flow.yml:{where}"), out
    assert out.splitlines()[0].endswith(
        "which planpress import does not rewrite: make this change in the file by hand"
    )


def test_a_deleted_row_whose_record_other_records_use_is_refused(flow_site: Path) -> None:
    name = edit(
        flow_site, lambda book: book["Actions"].delete_rows(row_of(book["Actions"], "FLO-02"))
    )
    out = refused(flow_site, name)
    assert out.splitlines()[0].startswith(
        "data/actions/flow.yml:5:3: action 'FLO-02' is a YAML anchor (&name) other records use"
    )


def test_records_in_flow_style_and_beside_anchors_are_rewritten(flow_site: Path) -> None:
    name = set_values(
        flow_site,
        {
            "FLO-01": {"status": "complete", "rag": "green", "title": "Flow: one, {two}"},
            "FLO-03": {"title": "Merged again", "rag": "red", "status": "paused"},
            "FLO-04": {"status": "complete", "budget_amount": 20, "budget_funded": 5},
            "FLO-05": {"title": "Flow, merged"},
        },
    )
    out = imported(flow_site, name)
    for record in ("FLO-01", "FLO-03", "FLO-04", "FLO-05"):
        assert f"Changed {record}: " in out
    text = (flow_site / "data/actions/flow.yml").read_text()
    assert text.startswith(
        "# Actions written in YAML's other styles.\n"
        '- {id: FLO-01, title: "Flow: one, {two}", strand: recovery, theme: short-term-recovery, '
        "group: flow, owner: growth-hub, status: complete, rag: green}\n\n- &shared\n"
    )
    assert "  title: Merged again\n  status: paused\n  rag: red\n" in text
    assert "  status: complete\n  budget: {amount: 20, funded: 5}\n" in text
    assert text.endswith('- {<<: *shared, id: FLO-05, title: "Flow, merged"}\n')
    assert run_cli("check", cwd=flow_site).returncode == 0
    assert "nothing to change" in run_cli("import", name, cwd=flow_site).stderr


def test_an_import_says_when_it_completes_one_that_was_stopped(site: Path) -> None:
    name = edit(site, three_file_edit)
    clean = site.parent / "clean"
    shutil.copytree(site, clean)
    imported(clean, name)
    # a stopped import: every file staged and the journal written, nothing renamed yet
    process = subprocess.Popen(
        [sys.executable, "-m", "planpress", "import", name],
        cwd=site,
        env=environment(site, **{PAUSE_VARIABLE: "0.2"}),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "journal written" in line:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    process.stderr.close()
    done = run_cli("import", name, cwd=site)
    assert done.returncode == 0, done.stderr
    assert "planpress import: completed an import that was stopped before it finished: wrote " in (
        done.stderr
    )
    assert "nothing to change" in done.stderr
    assert data_files(site) == data_files(clean)


def test_a_damaged_journal_is_refused_in_one_line(site: Path) -> None:
    (site / "data" / JOURNAL).write_text('{"format": "planpress-import-journal-1", "files": [1]}')
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "(the journal of an import that was stopped) is damaged" in done.stderr


def test_a_journal_naming_a_file_outside_data_is_refused(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "victim.yml"
    outside.write_text("kept\n")
    (site / "data" / ".victim.yml.planpress-new").write_text("overwritten\n")
    (site / "data" / JOURNAL).write_text(
        '{"format": "planpress-import-journal-1", "files": '
        f'[[".victim.yml.planpress-new", "../../{outside.name}", null]]}}'
    )
    done = run_cli("import", "plan.xlsx", cwd=site)
    assert done.returncode == 1
    assert "is damaged" in done.stderr
    assert outside.read_text() == "kept\n"
