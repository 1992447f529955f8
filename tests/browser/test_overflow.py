"""Long words: a 100-character word in an action's title and summary fits a phone's screen.

The site is built from the small test data with such a word, and each page that shows the
action is opened 375 px wide: the page must be no wider than the screen (long words wrap).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import MINIMAL, copy_site, write_data

from .browsing import PREFIX, build_site, serve

LONG_WORD = "Supercalifragilistic" * 5  # 100 characters (the most check allows), no space
PAGES = ["plan/", "plan/skills/", "timeline/", "governance/", "partners/"]


@pytest.fixture(scope="module")
def long_word_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site(tmp_path_factory.mktemp("long-word") / "project")
    files = dict(MINIMAL)
    text = textwrap.dedent(files["actions/skills.yml"])
    files["actions/skills.yml"] = text.replace(
        "  title: First action", f"  title: {LONG_WORD}\n  summary: {LONG_WORD}"
    )
    write_data(project / "data", files)
    site = project.parent / "served" / PREFIX
    build_site(project, site)
    assert LONG_WORD in (site / "plan" / "skills" / "index.html").read_text(encoding="utf-8")
    yield site
    shutil.rmtree(project.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def long_word_url(long_word_site: Path) -> Any:
    with serve(long_word_site.parent) as origin:
        yield f"{origin}/{PREFIX}/"


@pytest.mark.parametrize("url", PAGES)
def test_a_long_word_does_not_widen_the_page_on_a_phone(
    new_page: Callable[..., Any], long_word_url: str, url: str
) -> None:
    page = new_page(viewport={"width": 375, "height": 800}, reduced_motion="reduce")
    page.goto(long_word_url + url)
    page.wait_for_load_state("networkidle")
    widths = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth,"
        " document.documentElement.clientWidth]"
    )
    scroll_width, viewport, _client = widths
    assert scroll_width <= viewport, f"{url} is {scroll_width} px wide on a {viewport} px screen"


WIDEST_HOLDER = """word => {
    const holders = [...document.querySelectorAll('.md-content *')].filter(el =>
        [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.includes(word)));
    // The width a reader sees the word's box take: its own, or, inside a frame that scrolls
    // sideways (a table's), the frame's.
    const seen = el => {
        for (let up = el; up; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (['auto', 'scroll'].includes(style.overflowX) && up.scrollWidth > up.clientWidth)
                return up.getBoundingClientRect().width;
        }
        return el.getBoundingClientRect().width;
    };
    return [holders.length, Math.max(0, ...holders.map(seen))];
}"""


@pytest.mark.parametrize("url", [url for url in PAGES if url != "governance/"])
def test_a_long_word_wraps_where_it_is_shown(
    new_page: Callable[..., Any], long_word_url: str, url: str
) -> None:
    """Not only the page: the word's own box (a card) fits the screen; in a table, where words
    are never broken, the table scrolls sideways in a frame that fits the screen."""
    page = new_page(viewport={"width": 375, "height": 800}, reduced_motion="reduce")
    page.goto(long_word_url + url)
    page.wait_for_load_state("networkidle")
    found, widest = page.evaluate(WIDEST_HOLDER, LONG_WORD)
    assert found, f"{url} does not show the word"
    assert widest <= 375, f"on {url} the word's box is {widest:.0f} px wide on a 375 px screen"
