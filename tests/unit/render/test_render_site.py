"""`Site` (render/site.py): links relative to the page being rendered, to every kind of
record, with and without directory URLs; sub-group pages; money."""

from __future__ import annotations

import pytest
from render_cases import (
    make_plan,
)

from planpress.render import (
    Site,
    format_money,
    group_page_path,
    groups_with_pages,
)


@pytest.mark.parametrize(
    ("page_url", "expected"),
    [
        ("", "plan/skills/#SKL-01"),
        ("plan/", "skills/#SKL-01"),
        ("plan/skills/", "#SKL-01"),
        ("plan/places/", "../skills/#SKL-01"),
        ("partners/", "../plan/skills/#SKL-01"),
    ],
)
def test_links_to_an_action_are_relative_to_the_page(page_url, expected):
    site = Site(make_plan(), page_url=page_url)
    assert site.href("action", "SKL-01") == expected
    assert site.url_href("plan/skills/", "SKL-01") == expected


def test_links_to_other_records():
    site = Site(make_plan(), page_url="plan/skills/")
    assert site.href("org", "lead-org") == "../../partners/#org-lead-org"
    assert site.href("meeting", "board-1") == "../../governance/#meeting-board-1"
    assert site.href("group", "board") == "../../governance/#group-board"
    assert site.href("group-page", "places") == "../places/"
    assert site.href("group-page", "board") == "../../governance/#group-board"
    assert site.href("document", "strategy") == "../../strategy/#document-strategy"
    assert site.href("strand", "growth") == "../../strategy/#strand-growth"
    assert site.href("theme", "now") == "../../strategy/#theme-now"
    assert site.href("milestone", "budget-day") == "../../timeline/#milestone-budget-day"
    assert site.href("procurement", "support") == "../../procurement/#procurement-support"
    assert site.page_href("home") == "../../"
    assert Site(make_plan(), page_url="").page_href("home") == "./"


def test_links_without_directory_urls():
    site = Site(make_plan(), page_url="plan/skills.html")
    assert site.href("action", "PLC-01") == "places.html#PLC-01"
    assert site.href("org", "lead-org") == "../partners.html#org-lead-org"
    assert site.page_href("home") == "../index.html"


def test_group_pages_and_paths():
    plan = make_plan()
    assert [g.id for g in groups_with_pages(plan)] == ["skills", "places"]
    assert group_page_path("skills") == "plan/skills.md"


def test_money_formatting():
    assert format_money(1234567, "GBP") == "£1,234,567"
    assert format_money(0, "GBP") == "£0"
    assert format_money(5000, "EUR") == "€5,000"
    assert format_money(5000, "usd") == "$5,000"
    assert format_money(1234, "CHF") == "CHF 1,234"
    assert format_money(None, "GBP") == ""
    site = Site(
        make_plan().model_copy(
            update={"plan": make_plan().plan.model_copy(update={"currency": "NOK"})}
        )
    )
    assert site.money(1500) == "NOK 1,500"
    assert site.money(1500, "GBP") == "£1,500"
