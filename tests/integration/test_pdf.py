"""The prospectus PDF, read back with pypdf: figures, pages, metadata, tags, links."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from support import EXAMPLE_DATA, OTHER_DATA, require_pdf_engine

from planpress.core.load import load_plan
from planpress.render import asks as prospectus_asks
from planpress.render.text import format_money

require_pdf_engine()


def make_pdf(data: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planpress", "pdf", "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def page_texts(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "prospectus.pdf"
    done = make_pdf(EXAMPLE_DATA, out)
    assert done.returncode == 0, done.stderr
    assert re.match(r"wrote .*prospectus\.pdf \(\d+ pages, [\d,]+ bytes\) in [\d.]+ s", done.stderr)
    return out


def test_every_ask_and_total_is_in_the_pdf(example_pdf: Path) -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    pages = page_texts(example_pdf)
    everything = " ".join(pages)
    asks = prospectus_asks.asks(plan)
    assert len(asks) >= 8
    for action in asks:
        money = format_money(action.prospectus.ask)
        # the ask's title and amount are on one page: table rows never split across pages
        assert any(action.title in page and money in page for page in pages), action.id
    assert format_money(prospectus_asks.total_ask(plan)) in everything
    for group in prospectus_asks.asks_by_theme(plan):
        assert f"{group.theme.name}: {format_money(group.total)}" in everything
    summary = next(page for page in pages[2:] if "Summary of the asks" in page)
    assert (
        f"{len(asks)} investment asks totalling {format_money(prospectus_asks.total_ask(plan))}"
        in summary
    )


def test_pages_cover_and_running_footer(example_pdf: Path) -> None:
    pages = page_texts(example_pdf)
    count = len(pages)
    assert 5 <= count <= 30
    cover = pages[0]
    assert "Investment prospectus" in cover
    assert "Advanced draft (September 2020)" in cover
    assert "LEP Executive Board, 17 September 2020" in cover
    for number, text in enumerate(pages, start=1):
        assert "DRAFT" in text, f"page {number} does not say DRAFT"
        if number > 1:
            assert f"Page {number} of {count}" in text
    contents = pages[1]
    assert re.search(r"The case for investment \.+ ?\d+", contents)
    assert example_pdf.stat().st_size < 2 * 1024 * 1024


def test_headings_never_end_a_page(example_pdf: Path) -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    pages = page_texts(example_pdf)
    for group in prospectus_asks.asks_by_theme(plan):
        heading = f"{group.theme.name}: {format_money(group.total)}"
        page = next(p for p in pages if heading in p)
        after = page.split(heading, 1)[1]
        assert group.strands[0].strand.name in after, heading


def test_metadata_and_language(example_pdf: Path) -> None:
    reader = pypdf.PdfReader(example_pdf)
    meta = reader.metadata
    assert meta.title == (
        "Investment prospectus: Sub-Regional Recovery & Industrial Strategy Implementation Plan"
    )
    assert meta.author == "Stoke-on-Trent & Staffordshire Local Enterprise Partnership"
    assert meta.subject.startswith("Investment prospectus for ")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def structure_tags(reader) -> set[str]:
    tags: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    seen = 0
    while stack and seen < 100_000:
        node = stack.pop()
        seen += 1
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                tags.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids])
        elif isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)
    return tags


def test_tagged_structure(example_pdf: Path) -> None:
    reader = pypdf.PdfReader(example_pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    tags = structure_tags(reader)
    assert {"/H1", "/H2", "/H3"} <= tags, tags
    assert {"/Table", "/TR", "/TH", "/TD"} <= tags, tags
    assert {"/L", "/LI"} <= tags, tags


def test_links_inside_and_out(example_pdf: Path) -> None:
    reader = pypdf.PdfReader(example_pdf)
    internal = external = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action and str(action.get("/URI", "")).startswith(("http", "mailto:")):
                external += 1
    assert internal >= 5 and external >= 1


def test_first_page_is_not_blank(example_pdf: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            str(example_pdf),
            str(tmp_path / "p"),
        ],
        capture_output=True,
    )
    if done.returncode != 0 or not list(tmp_path.glob("p*.pgm")):
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (poppler-utils) is needed in CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    image = next(tmp_path.glob("p*.pgm")).read_bytes()
    _header, pixels = image.split(b"\n255\n", 1)
    dark = sum(1 for value in pixels if value < 128)
    assert dark > 0.005 * len(pixels), "the first page renders (almost) blank"


def test_another_partnership_gets_its_own_prospectus(tmp_path: Path) -> None:
    out = tmp_path / "other.pdf"
    done = make_pdf(OTHER_DATA, out)
    assert done.returncode == 0, done.stderr
    text = " ".join(page_texts(out))
    plan = load_plan(OTHER_DATA).plan
    assert "Northmoor & Vale investment asks" in text
    for action in prospectus_asks.asks(plan):
        assert action.title in text
    assert "Stoke-on-Trent" not in text


def test_missing_engine_is_one_line(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "weasyprint.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': no such file\")\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "planpress",
            "pdf",
            "--data",
            str(EXAMPLE_DATA),
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(shadow)},
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "planpress pdf: the PDF engine WeasyPrint cannot start (cannot load library "
        "'libpango-1.0-0': no such file): install Pango, e.g. `apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0 fonts-dejavu-core` on Debian or Ubuntu, then run `make install`"
    ]
    assert not (tmp_path / "x.pdf").exists()


def test_build_puts_the_pdf_in_the_site(example_site: Path) -> None:
    site = example_site
    assert (site / "prospectus.pdf").stat().st_size > 10_000
    page = (site / "prospectus" / "index.html").read_text(encoding="utf-8")
    assert 'href="../prospectus.pdf"' in page
