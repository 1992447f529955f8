"""Baselines and the decisions behind each change, published: three approved versions of a plan
in which one action's due date moves twice, each move agreed at a meeting.

The published pages, `baselines.csv`, the board report (page and PDF) and the records are read
from the pages branch and releases/ as a reader or an auditor would.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import MINIMAL, git, isolate_git, site_repository

from planpress.adapters.cli import main
from planpress.publishing.publish import Request, publish


def meetings(*publishing: str) -> str:
    """Three board meetings with recommendations; those in `publishing` publish an approved
    version."""
    text = ""
    for day, month in (("2020-07-16", "July"), ("2020-09-17", "September"),
                       ("2020-11-19", "November")):  # fmt: skip
        text += f"""
- id: board-{day}
  date: {day}
  body: board
  title: Board meeting, {month}
  recommendations:
    - id: i
      text: Agree the plan as it stands in {month}.
      outcome: approved
"""
        if day in publishing:
            text += f"""  publishes:
    version: {day}
    title: Plan of {month}
    stage: approved
"""
    return text


def actions(due: str, decisions: str = "") -> str:
    return MINIMAL["actions/skills.yml"].replace("due: 2021-03", f"due: {due}{decisions}")


SEPTEMBER_DECISION = """
          decisions:
            - meeting: board-2020-09-17
              recommendation: i"""
NOVEMBER_DECISION = (
    SEPTEMBER_DECISION
    + """
            - meeting: board-2020-11-19"""
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    scratch = tmp_path_factory.mktemp("baselines")
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, scratch)
        folder = site_repository(
            scratch / "plan",
            ("July", {**MINIMAL, "meetings.yml": meetings("2020-07-16")}),
            (
                "September",
                {
                    "actions/skills.yml": actions("2021-06", SEPTEMBER_DECISION),
                    "meetings.yml": meetings("2020-07-16", "2020-09-17"),
                },
            ),
            (
                "November",
                {
                    "actions/skills.yml": actions("2021-09", NOVEMBER_DECISION),
                    "meetings.yml": meetings("2020-07-16", "2020-09-17", "2020-11-19"),
                },
            ),
        )
        july, september = git(folder, "rev-parse", "HEAD~2", "HEAD~1").split()
        publish(Request("board-2020-07-16", folder, source=july))
        publish(Request("board-2020-09-17", folder, source=september))
        publish(Request("board-2020-11-19", folder))
        yield folder


def shown(folder: Path, path: str) -> str:
    return git(folder, "show", f"gh-pages:{path}")


def words(markup: str) -> str:
    """The text of `markup` with each tag as a space, whitespace folded."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def page(folder: Path, path: str) -> str:
    return words(shown(folder, path))


def test_the_card_shows_the_baseline_both_moves_and_their_meetings(published: Path) -> None:
    group_page = next(
        path
        for path in git(
            published, "ls-tree", "-r", "--name-only", "gh-pages", "2020-11-19/"
        ).splitlines()
        if path.endswith("index.html") and 'id="SKL-01"' in shown(published, path)
    )
    text = page(published, group_page)
    assert "Approved in Plan of July (16 July 2020)." in text
    assert (
        "Due March 2021 at approval; now September 2021; moved twice "
        "(September 2020, November 2020)." in text
    )
    markup = shown(published, group_page)
    card = markup[markup.index('id="SKL-01"') :]
    card = card[: card.index("</article>")]
    history = words(card[card.index("pp-history") :])
    assert (
        "Plan of September ( Board meeting, September , 17 September 2020): Due: 91 days later "
        "(March 2021 to June 2021). Decision: Board meeting, September, recommendation (i)"
        in history
    )
    assert (  # only the decision named anew in November
        "Plan of November ( Board meeting, November , 19 November 2020): Due: 92 days later "
        "(June 2021 to September 2021). Decision: Board meeting, November Recorded" in history
    )
    # Each decision and meeting links to its place on the governance page, which has it.
    governance = shown(published, "2020-11-19/governance/index.html")
    for anchor in re.findall(r'href="[^"]*governance/#([^"]+)"', card):
        assert f'id="{anchor}"' in governance, anchor
    assert 'governance/#meeting-board-2020-09-17--i"' in card


def test_the_tables_have_a_since_baseline_column_and_filter(published: Path) -> None:
    markup = shown(published, "2020-11-19/plan/index.html")
    assert '<th scope="col">Since baseline</th>' in markup
    assert 'data-baseline="rebaselined" data-baseline-name="Re-baselined"' in markup
    assert 'data-baseline="kept" data-baseline-name="As baselined"' in markup  # SKL-02
    assert "Moved twice, due 183 days later" in words(markup)


def test_baselines_csv_has_the_baseline_and_both_moves(published: Path) -> None:
    rows = {
        row["action"]: row
        for row in csv.DictReader(io.StringIO(shown(published, "2020-11-19/baselines.csv")))
    }
    row = rows["SKL-01"]
    assert (row["baseline_version"], row["baseline_meeting"], row["baseline_due"]) == (
        "2020-07-16",
        "board-2020-07-16",
        "2021-03",
    )
    assert (row["due"], row["due_moves"], row["due_slip_days"], row["rebaselined"]) == (
        "2021-09",
        "2",
        "183",
        "true",
    )
    assert row["moves"].splitlines() == [
        "due: 2021-03 to 2021-06 in version 2020-09-17, meeting board-2020-09-17 (2020-09-17)",
        "due: 2021-06 to 2021-09 in version 2020-11-19, meeting board-2020-11-19 (2020-11-19)",
    ]
    assert rows["SKL-02"]["rebaselined"] == "false"
    # As at each version: September's file knows one move only.
    september = {
        row["action"]: row
        for row in csv.DictReader(io.StringIO(shown(published, "2020-09-17/baselines.csv")))
    }
    assert september["SKL-01"]["due_moves"] == "1"
    package = json.loads(shown(published, "2020-11-19/datapackage.json"))
    resource = next(r for r in package["resources"] if r["name"] == "baselines")
    assert resource["path"] == "baselines.csv"
    assert resource["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "actions",
        "fields": "id",
    }


def test_the_board_report_lists_the_slippage(published: Path, tmp_path: Path) -> None:
    text = page(published, "2020-11-19/report/index.html")
    assert "Slippage since baseline" in text
    assert (
        "SKL-01 First action Test LEP March 2021 September 2021 twice (September 2020, "
        "November 2020) 183 days later" in text
    )
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(
        subprocess.run(
            ["git", "show", "gh-pages:2020-11-19/board-report.pdf"],
            cwd=published,
            capture_output=True,
            check=True,
        ).stdout
    )
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    words = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Slippage since baseline" in words
    assert "twice (September 2020, November 2020)" in words


def test_each_record_carries_its_history_and_verify_passes(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    record = json.loads((published / "releases" / "2020-11-19.json").read_text())
    moves = record["history"]["actions"]["SKL-01"]["entries"]
    assert [e["kind"] for e in moves] == ["added", "changed", "changed"]
    isolate_git(monkeypatch, tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(published), str(clone))
    monkeypatch.chdir(clone)
    assert main(["verify"]) == 0, capsys.readouterr()
