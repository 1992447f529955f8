"""WCAG 2.2 AA in a real browser: axe-core on every page, and what axe cannot check alone.

axe-core (shipped inside axe-playwright-python, so it runs offline) checks every page of the
built example site in the light and the dark colour scheme, for the WCAG 2.0, 2.1 and 2.2 A and
AA rules, and the tests fail on any violation. The keyboard tests use a keyboard alone: the skip
link, a visible focus indicator on every stop and the menu on a narrow screen (search by keyboard,
on a wide and a narrow screen, is in test_search.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from planpress.core.plancache import require_plan

from .browsing import ROOT, Crawl

SCHEMES = {"light": "default", "dark": "slate"}

# Where the keyboard's focus is, and whether a person can see it there.
FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // Material's colour scheme button is a hidden radio button: the label that shows, shows
  // the focus.
  const shown = element.matches(".md-option")
    ? element.closest("form").querySelector("label:not([hidden])") : element;
  const box = shown.getBoundingClientRect();
  const style = getComputedStyle(shown);
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    what: element.tagName.toLowerCase() + [...element.classList]
      .filter(name => name !== "focus-visible").map(name => "." + name).join("")
      + " " + (element.getAttribute("href") || "")
      + " " + (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40),
    width: box.width, height: box.height,
    inViewport: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
    visible: style.visibility === "visible" && style.opacity !== "0",
    onTop: !!top && (shown.contains(top) || top.contains(shown)),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
  };
}"""


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_page_has_no_wcag_a_or_aa_violations(
    crawl: Crawl, pages: list[str], scheme: str, output: Path
) -> None:
    assert list(crawl.violations[scheme]) == pages and len(pages) >= 15
    assert set(crawl.schemes[scheme].values()) == {SCHEMES[scheme]}
    report = {
        url or "/": {v["id"]: [node["target"] for node in v["nodes"]] for v in violations}
        for url, violations in crawl.violations[scheme].items()
    }
    (output / f"axe-{scheme}.json").write_text(json.dumps(report, indent=2) + "\n")
    problems = [
        f"{url or '/'}: {v['id']} ({v['impact']}) at {node['target']}: {v['help']}"
        for url, violations in crawl.violations[scheme].items()
        for v in violations
        for node in v["nodes"]
    ]
    assert not problems, f"axe-core, {scheme} scheme:\n" + "\n".join(problems)
    assert not crawl.errors, "script errors:\n" + "\n".join(crawl.errors)


# Privacy, from the same crawl. Every request the browser made (pages, styles, scripts, images,
# fonts, and search's script and index) stays on the site's origin: no fonts, scripts, images
# or analytics from elsewhere, and no call to GitHub's API for the repository's stars (which
# Material makes unless overridden). The crawl's tests are in this one module so that, with
# pytest-xdist (--dist loadfile), one worker crawls the site.


def test_no_request_leaves_the_origin(crawl: Crawl, origin: str, output: Path) -> None:
    """The crawl of every page (in both colour schemes) asked for nothing from elsewhere."""
    requests = sorted(set(crawl.requests))
    (output / "requests.txt").write_text("\n".join(requests) + "\n")
    elsewhere = [url for url in requests if not url.startswith(origin + "/")]
    assert len(requests) > 20
    assert elsewhere == [], "requests to other origins:\n" + "\n".join(elsewhere)


def test_no_cookie_is_set(crawl: Crawl) -> None:
    assert crawl.cookies == []


@pytest.mark.parametrize("url", ["", "plan/", "timeline/", "404.html"])
def test_skip_link_is_first_and_goes_to_the_main_content(
    page: Any, base_url: str, url: str
) -> None:
    page.goto(base_url + url)
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUS_STATE)
    assert skip["what"].startswith("a.pp-skip #pp-main Skip to main content"), skip
    assert skip["inViewport"] and skip["visible"] and skip["onTop"], skip
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "pp-main"
    # the next Tab goes on from the main content (into it, or past it where it has no links)
    page.keyboard.press("Tab")
    assert page.evaluate(
        "(main => main.contains(document.activeElement) || !!(main.compareDocumentPosition("
        "document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING))"
        "(document.getElementById('pp-main'))"
    )


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("url", ["plan/", "plan/skills-employment/"])
def test_focus_is_visible_at_every_stop(
    new_page: Callable[..., Any], base_url: str, url: str, width: int
) -> None:
    # Reduced motion: what a person sees once a menu or a fade has finished, at once.
    page = new_page(viewport={"width": width, "height": 800}, reduced_motion="reduce")
    page.goto(base_url + url)
    problems, stops = [], 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        stops += 1
        if not (state["width"] and state["height"]):
            problems.append(f"{state['what']}: has no size")
        elif not (state["inViewport"] and state["visible"]):
            problems.append(f"{state['what']}: is focused out of sight")
        elif not state["onTop"]:
            problems.append(f"{state['what']}: is hidden behind something else")
        elif not (state["outline"] or state["shadow"]):
            problems.append(f"{state['what']}: shows no focus indicator")
    assert stops >= 30
    assert not problems, f"{url} at {width} px:\n" + "\n".join(problems)


def test_narrow_screen_menu_works_by_keyboard(new_page: Callable[..., Any], base_url: str) -> None:
    page = new_page(viewport={"width": 375, "height": 800}, reduced_motion="reduce")
    page.goto(base_url + "plan/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    menu = page.get_by_role("button", name="Navigation")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Navigation"
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')")
    assert page.evaluate(FOCUS_STATE)["onTop"]
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Navigation"


def action_tables(page: Any) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        "table:has(tbody tr[data-status])",
        """tables => tables.map(t => ({
          caption: t.caption ? t.caption.textContent.trim() : "",
          columns: t.tHead ? t.tHead.rows[0].cells.length : 0,
          colHeaders: t.querySelectorAll("thead th[scope=col]").length,
          rows: t.tBodies[0].rows.length,
          rowHeaders: t.querySelectorAll("tbody tr > th[scope=row]:first-child").length,
        }))""",
    )


@pytest.mark.parametrize("url", ["plan/", "plan/skills-employment/"])
def test_tables_of_actions_have_captions_and_header_cells(
    page: Any, base_url: str, url: str
) -> None:
    page.goto(base_url + url)
    tables = action_tables(page)
    assert tables
    for table in tables:
        assert table["caption"], table
        assert table["columns"] >= 5 and table["colHeaders"] == table["columns"], table
        assert table["rowHeaders"] == table["rows"] > 0, table
        # the caption is the table's accessible name
        name = re.sub(r"\s+", " ", table["caption"])
        assert page.get_by_role("table", name=name, exact=True).count() >= 1, name


def test_timeline_has_a_text_alternative(page: Any, base_url: str) -> None:
    page.goto(base_url + "timeline/")
    chart = page.get_by_role("img", name=re.compile(r"^Timeline of the plan: \d+ dated action"))
    assert chart.count() == 1
    description = chart.evaluate(
        "svg => (svg.getAttribute('aria-labelledby') || '').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert "The table below the chart gives the same information" in description
    table = page.get_by_role("table", name="Actions and milestones in date order")
    assert table.count() == 1
    assert table.locator("tbody tr").count() > 20


def test_accessibility_statement(page: Any, base_url: str) -> None:
    page.goto(base_url)
    footer_link = page.locator(".md-footer").get_by_role("link", name="Accessibility statement")
    assert footer_link.count() == 1
    footer_link.click()
    assert page.url == base_url + "accessibility/"
    text = re.sub(r"\s+", " ", page.locator("#pp-main").inner_text())
    headings = page.locator("#pp-main h2, #pp-main h3").all_inner_texts()
    for heading in (
        "How accessible this website is",  # known limitations
        "Feedback and contact information",  # how to report a problem
        "Enforcement procedure",
        "Compliance status",  # the standard met
        "How we tested this website",
        "Preparation of this accessibility statement",
    ):
        assert any(h.strip().startswith(heading) for h in headings), (heading, headings)
    assert "Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard" in text
    assert "axe-core" in text and "keyboard" in text
    # the contact comes from the data
    contact = require_plan(ROOT / "data")[0].plan.contact
    assert contact and contact.email
    section = page.locator("#feedback-and-contact-information ~ div.pp-contact-block p.pp-contact")
    assert section.get_by_role("link", name=contact.email).get_attribute("href") == (
        f"mailto:{contact.email}"
    )
    # the date of the last check: a real date, not in the future
    tested = re.search(r"This website was last tested on (\d{1,2} [A-Z][a-z]+ \d{4})\.", text)
    assert tested, "the statement must say when the website was last tested"
    assert datetime.strptime(tested.group(1), "%d %B %Y").date() <= date.today()
