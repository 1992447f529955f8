"""`planpress report MEETING_ID`: the board report from a real repository with a version
published by mike, read back from the real PDF; and the Board report page of a version."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from support import git, write_data

from planpress.publishing.publish import Request, publish

HOSTILE = '<script>alert("x")</script> & jobs'

INDICATORS = {
    "indicators.yml": f"""\
        - id: jobs
          name: '{HOSTILE}'
          unit: jobs
          baseline:
            value: 100
            date: 2020-01
          target:
            value: 200
            date: 2021-01
          values:
            - value: 130
              date: 2020-06
            - value: 190
              date: 2020-12
        """
}


def report(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planpress", "report", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture
def published(repo: Path) -> Path:
    """The repository with July's version published and September's data (and an indicator)
    committed."""
    publish(Request("board-2020-07-16", repo, source="HEAD~1"))
    write_data(repo / "data", INDICATORS)
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "An indicator")
    return repo


def test_report_for_the_september_meeting(published: Path) -> None:
    done = report(published, "board-2020-09-17")
    assert done.returncode == 0, done.stderr
    out = published / "report-board-2020-09-17.pdf"
    assert re.match(
        r"wrote report-board-2020-09-17\.pdf \((\d+) pages?, [\d,]+ bytes\)", done.stderr
    )
    reader = pypdf.PdfReader(out)
    assert reader.metadata.title == "Board report: Board meeting, September"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    text = pdf_text(out)
    assert "As at 17 September 2020" in text
    assert "Compared with First version" in text
    # the overall rating and why: SKL-01 is amber in September, nothing is overdue yet
    assert "Overall: Amber" in text
    assert "1 action rated amber" in text
    assert "No action is overdue." in text
    # what changed since July: SKL-03 added, SKL-02 removed, SKL-01 changed
    assert "1 action added, 1 removed and 1 changed." in text
    assert "SKL-03 Third action" in text and "SKL-02 Second action" in text
    # the indicator, its name as text (the values measured by 17 September only)
    assert HOSTILE in text
    assert "130 jobs (June 2020)" in text and "190 jobs" not in text
    assert "No recommendation is recorded for Board meeting, September." in text


def test_report_as_at_a_later_date_lists_the_overdue_action(published: Path) -> None:
    done = report(published, "board-2020-09-17", "--as-at", "2021-07-01", "--out", "late.pdf")
    assert done.returncode == 0, done.stderr
    text = pdf_text(published / "late.pdf")
    assert "As at 1 July 2021" in text
    assert "1 action is overdue." in text
    assert "SKL-01 First action" in text and "Test LEP" in text
    assert "190 jobs (December 2020)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["board-2020-09-1"],
            "unknown meeting 'board-2020-09-1' (did you mean 'board-2020-09-17'?)",
        ),
        (["board-2020-09-17", "--as-at", "17/09/2020"], "--as-at '17/09/2020' is not a date"),
    ],
)
def test_refusals_write_nothing(published: Path, args: list[str], message: str) -> None:
    done = report(published, *args, "--out", "refused.pdf")
    assert done.returncode == 1
    assert message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (published / "refused.pdf").exists()


def test_the_first_version_has_a_report_with_nothing_to_compare(published: Path) -> None:
    done = report(published, "board-2020-07-16")
    assert done.returncode == 0, done.stderr
    text = pdf_text(published / "report-board-2020-07-16.pdf")
    assert "As at 16 July 2020" in text
    assert "Compared with First version: nothing to compare" in text
    assert "First version: nothing to compare. No version of the plan was published before" in text
    assert "What changed since" not in text
    # the rest of the report is there: the rating, the decisions sought
    assert "Overall:" in text
    assert "(i) Endorse the approach." in text


def test_with_no_version_published_yet_there_is_nothing_to_compare(repo: Path) -> None:
    done = report(repo, "board-2020-09-17")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    text = pdf_text(repo / "report-board-2020-09-17.pdf")
    assert "Compared with First version: nothing to compare" in text


def test_the_version_holds_the_same_report(published: Path) -> None:
    first = git(published, "show", "gh-pages:2020-07-16/report/index.html")
    first_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", first))
    assert "First version: nothing to compare." in first_text
    assert "as at 16 July 2020" in first_text
    publish(Request("board-2020-09-17", published))
    page = git(published, "show", "gh-pages:2020-09-17/report/index.html")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "as at 17 September 2020" in text
    assert "1 action added, 1 removed and 1 changed." in text
    assert "&lt;script&gt;alert(" in page and "&lt;/script&gt; &amp; jobs" in page
    assert "<script>alert(" not in page
