"""The timeline on a phone: 375 px wide, the chart reads without scrolling sideways.

The page has two charts, a wide one and a narrow one (each label above its bar); a phone is
shown the narrow one. The example is opened as built for the session (a preview, as at the day
it is built) and as built as at 17 September 2020, inside the chart's span: then the as-at line
is drawn and CGI-05 (start missed) and INF-04 (overdue) are flagged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .browsing import PREFIX, ROOT, serve

PHONE = {"width": 375, "height": 800}

# What the page shows at its width: overflow of the page, the figure and the charts' boxes;
# which chart is shown; where its first row's label and bar are; text outside the chart.
MEASURE = """() => {
    const doc = document.scrollingElement;
    const figure = document.querySelector('figure.pp-timeline');
    const shown = [...figure.querySelectorAll('svg.pp-timeline__svg')]
        .filter(svg => svg.getBoundingClientRect().width > 0);
    const svg = shown[0];
    const box = svg.getBoundingClientRect();
    const row = svg.querySelector('.pp-tl-row');
    const rect = el => { const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const mark = row.querySelector('.pp-tl-bar, .pp-tl-marker, .pp-tl-milestone');
    const outside = [...svg.querySelectorAll('text')].filter(t => {
        const r = t.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1;
    }).map(t => t.textContent);
    const scale = box.width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t =>
        parseFloat(getComputedStyle(t).fontSize) * scale);
    return {
        doc: [doc.scrollWidth, doc.clientWidth],
        figure: [figure.scrollWidth, figure.clientWidth],
        wrappers: [...figure.querySelectorAll('.pp-timeline__scroll')]
            .map(w => [w.scrollWidth, w.clientWidth]),
        shown: shown.map(s => s.getAttribute('class')),
        viewport: window.innerWidth,
        label: rect(row.querySelector('.pp-tl-label')),
        mark: rect(mark),
        outside: outside,
        smallest: Math.min(...sizes),
        asat: svg.querySelectorAll('.pp-tl-asat line').length,
        asatWords: [...svg.querySelectorAll('.pp-tl-asat text')].map(t => t.textContent),
        flagged: [...svg.querySelectorAll('.pp-tl-row--flagged .pp-tl-label')]
            .map(t => t.textContent.split(' ')[0]),
        caption: figure.querySelector('figcaption').textContent,
    };
}"""


@pytest.fixture(scope="module")
def september_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example built as at 17 September 2020 (`mkdocs build --strict`, no PDF), served at
    the path of its site_url."""
    scratch = tmp_path_factory.mktemp("as-at")
    site = scratch / PREFIX
    unset = ("PLANPRESS_VERSION", "MIKE_DOCS_VERSION", "PLANPRESS_SITE_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(PLANPRESS_AS_AT="2020-09-17", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with serve(scratch) as origin:
        yield f"{origin}/{PREFIX}/"
    shutil.rmtree(scratch, ignore_errors=True)


def measure(new_page: Callable[..., Any], url: str, **options: Any) -> dict[str, Any]:
    page = new_page(reduced_motion="reduce", **options)
    page.goto(url + "timeline/")
    page.wait_for_load_state("networkidle")
    found: dict[str, Any] = page.evaluate(MEASURE)
    return found


def assert_fits_a_phone(found: dict[str, Any]) -> None:
    scroll, client = found["doc"]
    assert scroll <= client, f"the page is {scroll} px wide on a {client} px screen"
    scroll, client = found["figure"]
    assert scroll <= client, f"the timeline is {scroll} px wide in a {client} px figure"
    for scroll, client in found["wrappers"]:
        assert scroll <= client, f"a chart scrolls sideways: {scroll} px in {client} px"
    assert found["shown"] == ["pp-timeline__svg pp-timeline__svg--narrow"], found["shown"]
    width = found["viewport"]
    for part in ("label", "mark"):
        box = found[part]
        assert box["left"] >= 0 and box["right"] <= width, f"the first row's {part}: {box}"
    # the label is on its own line, above the bar
    assert found["label"]["bottom"] <= found["mark"]["top"] + 1, found
    assert not found["outside"], f"text beyond the chart's edge: {found['outside']}"
    assert found["smallest"] >= 10.9, f"text {found['smallest']:.1f} px high on a phone"


def test_the_timeline_fits_a_phone(new_page: Callable[..., Any], base_url: str) -> None:
    found = measure(new_page, base_url, viewport=PHONE)
    assert_fits_a_phone(found)
    assert "shown as at" in found["caption"]


def test_the_as_at_line_and_flags_on_a_phone(
    new_page: Callable[..., Any], september_url: str
) -> None:
    found = measure(new_page, september_url, viewport=PHONE)
    assert_fits_a_phone(found)
    assert found["asat"] == 1
    assert found["asatWords"] == ["As at 17 September 2020"]
    assert "A dashed line marks 17 September 2020" in found["caption"]
    assert {"CGI-05", "INF-04"} <= set(found["flagged"]), found["flagged"]


def test_a_wide_screen_shows_the_wide_chart(
    new_page: Callable[..., Any], september_url: str
) -> None:
    found = measure(new_page, september_url, viewport={"width": 1280, "height": 900})
    assert found["shown"] == ["pp-timeline__svg pp-timeline__svg--wide"], found["shown"]
    scroll, client = found["doc"]
    assert scroll <= client
    for scroll, client in found["wrappers"]:
        assert scroll <= client
    assert found["asat"] == 1 and not found["outside"]
    assert found["label"]["right"] < found["mark"]["left"]  # the label column, then the bars
    assert {"CGI-05", "INF-04"} <= set(found["flagged"])
