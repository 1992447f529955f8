"""The example built as its September and July versions: each as at its meeting's date, with
delivery flags on the cards and a Progress page whose figures are the data's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from support import EXAMPLE_DATA, ROOT

from planpress.core.delivery import FLAGS, action_flags, rollup
from planpress.core.load import load_plan


def build_version(folder: Path, version: str) -> Path:
    site = folder / "site"
    env = {k: v for k, v in os.environ.items() if k not in ("MIKE_DOCS_VERSION",)}
    env["PLANPRESS_VERSION"] = version
    done = subprocess.run(
        [sys.executable, "-m", "planpress", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def september(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_version(tmp_path_factory.mktemp("september"), "2020-09-17")


@pytest.fixture(scope="module")
def july(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_version(tmp_path_factory.mktemp("july"), "2020-07-16")


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def card_flags(site: Path, action_id: str) -> list[str]:
    for html in (site / "plan").glob("*/index.html"):
        tree = lxml.html.fromstring(html.read_text(encoding="utf-8"))
        card = tree.get_element_by_id(action_id, None)
        if card is not None and card.tag == "article":
            return [
                b.text_content()
                for b in card.xpath(f".//p[{has_class('pp-badges')}]//span[{has_class('pp-flag')}]")
            ]
    raise AssertionError(f"no card for {action_id}")


def text(tree: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", tree.text_content())


def counts(tree: lxml.html.HtmlElement) -> dict[str, int]:
    table = tree.xpath(f".//div[{has_class('pp-progress-counts')}]/table")[0]
    found = {}
    for row in table.xpath("./tbody/tr"):
        head = re.sub(r"\s+", " ", row.xpath("./th")[0].text_content()).split(" (")[0].strip()
        found[head] = int(row.xpath("./td")[0].text_content())
    return found


def test_september_is_as_at_its_meeting(september: Path) -> None:
    assert card_flags(september, "CGI-05") == ["Start missed"]
    assert card_flags(september, "INF-04") == ["Overdue"]
    progress = page(september, "progress")
    assert "Where the plan stands as at 17 September 2020" in text(progress)
    plan = load_plan(EXAMPLE_DATA).plan
    assert plan is not None
    as_at = date(2020, 9, 17)
    totals = rollup("plan", plan.actions, as_at)
    shown = counts(progress)
    assert shown["All actions"] == len(plan.actions)
    assert shown["Status: In progress"] == totals.statuses["in-progress"]
    assert shown["RAG: Amber"] == totals.rags["amber"]
    for flag, words in FLAGS.items():
        expected = sum(1 for a in plan.actions if flag in action_flags(a, as_at))
        assert shown[words] == expected, flag
    assert shown["Overdue"] >= 1 and shown["Start missed"] >= 1
    # the overdue and red actions are named, with their owners
    named = progress.xpath(f".//div[{has_class('pp-report-attention')}]/table/tbody/tr")
    overdue = [a for a in plan.actions if "overdue" in action_flags(a, as_at)]
    red = [a for a in plan.actions if a.rag == "red" and a.status not in ("complete", "cancelled")]
    assert len(named) == len({a.id for a in overdue + red})
    rows = {re.sub(r"\s+", " ", r.xpath("./th")[0].text_content()): r for r in named}
    inf04 = next(r for head, r in rows.items() if "INF-04" in head)
    owner = next(a.owner for a in plan.actions if a.id == "INF-04")
    owner_name = next(o.name for o in plan.organisations if o.id == owner)
    assert owner_name in inf04.xpath("./td")[0].text_content()


def test_july_is_as_at_its_meeting(july: Path) -> None:
    # due August 2020: in July not yet overdue, but due within three months
    assert card_flags(july, "INF-04") == ["Due within 3 months"]
    progress = page(july, "progress")
    assert "Where the plan stands as at 16 July 2020" in text(progress)
    assert counts(progress)["Overdue"] == 0


def test_every_chart_has_a_text_alternative_and_a_table(september: Path) -> None:
    progress = page(september, "progress")
    figures = progress.xpath(f".//figure[{has_class('pp-chart')}]")
    assert len(figures) >= 3 + 3  # status, RAG, money; one per indicator
    for figure in figures:
        svg = figure.xpath(".//svg")[0]
        assert svg.get("role") == "img"
        labelled = svg.get("aria-labelledby").split()
        assert all(progress.get_element_by_id(i, None) is not None for i in labelled)
        assert figure.xpath(".//table/caption"), figure.get("id")
    # the productivity indicator's chart names its baseline and target
    productivity = progress.get_element_by_id("chart-indicator-productivity-gap")
    assert "80" in text(productivity) and "90" in text(productivity)


def test_rollups_say_how_progress_is_weighted(september: Path) -> None:
    progress = page(september, "progress")
    headings = [h.text_content() for h in progress.xpath(".//h3")]
    assert {"By theme", "By strand", "By group", "By owner"} <= set(headings)
    words = text(progress)
    assert "weighted by budget" in words or "each action counts the same" in words
