"""The chart of the asks by theme in the prospectus PDF, made by the real WeasyPrint: its title,
caption, figures and the SVG's own text are in the PDF, and its bars are drawn."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import EXAMPLE_DATA, require_pdf_engine

from planpress.core.load import load_plan
from planpress.render import asks as prospectus_asks
from planpress.render.charts import ASKED
from planpress.render.text import format_money


def needed(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is needed in CI")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


require_pdf_engine()


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts-pdf") / "prospectus.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "planpress", "pdf", "--data", str(EXAMPLE_DATA), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def page_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        [needed("pdftotext"), *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", " ", done.stdout)


def chart_page(pdf: Path) -> int:
    """The number of the page that holds the chart."""
    for page in range(1, 20):
        text = page_text(pdf, page)
        if "Amount asked, by theme" in text:
            return page
    raise AssertionError("no page holds the chart of the asks")


def test_the_chart_and_its_figures_are_in_the_pdf(example_pdf: Path) -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    page = chart_page(example_pdf)
    text = page_text(example_pdf, page)
    assert "Summary of the asks" in text  # the chart is in the summary, after the totals
    total = format_money(prospectus_asks.total_ask(plan))
    assert f"Amount asked, by theme. 8 investment asks totalling {total}" in text
    for group in prospectus_asks.asks_by_theme(plan):
        count = len(group.actions)
        # written by the SVG beside the bar, then in the chart's table
        assert f"{format_money(group.total)} ({count} asks)" in text, group.theme.id
        assert f"{group.theme.name} {count} {format_money(group.total)}" in text


def test_the_bars_are_drawn(example_pdf: Path, tmp_path: Path) -> None:
    page = chart_page(example_pdf)
    subprocess.run(
        [
            needed("pdftoppm"),
            "-r",
            "40",
            "-f",
            str(page),
            "-l",
            str(page),
            str(example_pdf),
            str(tmp_path / "p"),
        ],
        capture_output=True,
        check=True,
    )
    image = next(tmp_path.glob("p*.ppm")).read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", image)
    assert header is not None
    pixels = image[header.end() :]
    red, green, blue = (int(ASKED.fill[i : i + 2], 16) for i in (1, 3, 5))
    bar = sum(
        1
        for i in range(0, len(pixels) - 2, 3)
        if abs(pixels[i] - red) < 24
        and abs(pixels[i + 1] - green) < 24
        and abs(pixels[i + 2] - blue) < 24
    )
    assert bar > 300, "the chart's bars are not drawn in the asks' colour"
