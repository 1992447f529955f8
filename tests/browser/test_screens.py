"""Screens: the main pages on a phone (375 px) and a laptop (1280 px).

Nothing may stick out of the viewport sideways, except inside a box that scrolls on its own
(a wide table, the timeline chart). Full-page screenshots are saved under
test-output/browser/screens/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .browsing import ROOT

PAGES = {"home": "", "plan": "plan/", "timeline": "timeline/", "prospectus": "prospectus/"}
WIDTHS = [375, 1280]

# Every visible element that reaches past the viewport's left or right edge, unless a box
# that scrolls sideways (or clips) holds it; and the page's own width.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) found.push(`the page is ${page} px wide`);
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || (box.left >= -1 && box.right <= width + 1)) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== "visible") continue;
    let holder = element.parentElement;
    while (holder && holder !== document.body) {
      if (/auto|scroll|hidden|clip/.test(getComputedStyle(holder).overflowX)) break;
      holder = holder.parentElement;
    }
    if (holder && holder !== document.body) continue;
    const name = element.tagName.toLowerCase() + [...element.classList].map(c => "." + c).join("");
    found.push(`${name} spans ${Math.round(box.left)} to ${Math.round(box.right)} px`);
  }
  return found;
}"""


def checked_pages() -> list[str]:
    """The pages to check; the prospectus only where the site has one."""
    return [
        name for name in PAGES if name != "prospectus" or (ROOT / "docs/prospectus.md").exists()
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", checked_pages())
def test_page_fits_the_screen(
    new_page: Callable[..., Any], base_url: str, output: Path, name: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 800}, reduced_motion="reduce")
    page.goto(base_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    folder = output / "screens"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate(OVERFLOW)
    assert not overflow, f"{name} at {width} px:\n" + "\n".join(overflow[:20])
