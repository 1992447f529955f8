"""The listings of actions (render/pages/listings.py): each sub-group's page and its action
cards, and the tables by theme, group and owner (counted by status for a large plan)."""

from __future__ import annotations

import re

import pytest
from render_cases import (
    Collector,
    make_large_plan,
    make_plan,
)

from planpress.render import (
    PAGE_MACROS,
    Site,
    groups_with_pages,
)


def test_depends_on_links_to_the_page_where_each_action_lives():
    html = PAGE_MACROS["group_page"](Site(make_plan(), page_url="plan/skills/"), "skills")
    assert 'href="#SKL-01"' in html
    assert 'href="../places/#PLC-01"' in html


def test_every_action_is_an_anchor_on_its_group_page():
    plan = make_plan()
    for group in groups_with_pages(plan):
        site = Site(plan, page_url=f"plan/{group.id}/")
        html = PAGE_MACROS["group_page"](site, group.id)
        ids = Collector(html).ids
        for action in plan.actions:
            assert (action.id in ids) == (action.group == group.id)
        assert html.startswith("<div") and f"<h1>{group.name}</h1>" in html


def test_group_page_shows_the_facts_of_an_action():
    html = PAGE_MACROS["group_page"](Site(make_plan(), page_url="plan/skills/"), "skills")
    card = html[html.index('id="SKL-01"') : html.index('id="SKL-02"')]
    for text in (
        "Plain first action",
        "Plain strand",
        "Plain now",
        "Plain Partnership",
        "Plain Council",
        "September 2020",
        "March 2021",
        "In progress",
        "Amber",
        "£1,234,567 in total",
        "£1,000,000 funded (81%)",
        "Funding source: Plain",
        "£234,567",
        "People",
        "Source: Plain",
        "Note:",
    ):
        assert text in card, text


def test_unknown_group_is_an_error():
    with pytest.raises(ValueError, match="no group 'nope'"):
        PAGE_MACROS["group_page"](Site(make_plan()), "nope")


def test_illustrative_badge_marks_only_illustrative_records():
    html = PAGE_MACROS["group_page"](Site(make_plan(), page_url="plan/skills/"), "skills")
    first = html[html.index('<article class="pp-card pp-action" id="SKL-01"') :]
    first, second = first.split('id="SKL-02"', 1)
    assert ">Illustrative</span>" in first
    assert ">Illustrative</span>" not in second
    partners = PAGE_MACROS["partners"](Site(make_plan(), page_url="partners/"))
    lead = partners[partners.index('id="org-lead-org"') : partners.index('id="org-partner-org"')]
    assert "Illustrative" not in lead
    assert ">Illustrative</span>" in partners[partners.index('id="org-partner-org"') :]


def test_overview_of_a_large_plan_counts_actions_instead_of_listing_them():
    plan = make_large_plan()
    site = Site(plan, page_url="plan/")
    for name, caption in [
        ("actions_by_theme", "Actions by theme and status"),
        ("actions_by_group", "Actions by group and status"),
        ("actions_by_owner", "Actions by owner and status"),
    ]:
        html = PAGE_MACROS[name](site)
        assert f"<caption>{caption}</caption>" in html
        assert "The plan has 4 actions, more than the 2 this site lists on one page" in html
        assert "first action" not in html and "SKL-01" not in html  # no action listed
        # Only the statuses in use are columns, in the order of the model.
        header = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
        assert re.findall(r'class="pp-num">([^<]+)<', header) == [
            "Proposed",
            "Planned",
            "In progress",
            "Complete",
            "All actions",
        ]
    by_group = PAGE_MACROS["actions_by_group"](site)
    # Plain Skills: SKL-01 in progress, SKL-02 planned; Plain Places: PLC-01 complete, PLC-02
    # proposed. Rows link to the group's page.
    skills = re.search(
        r"<tr><th scope=\"row\"><a href=\"skills/\">Plain Skills</a></th>(.*?)</tr>", by_group
    )
    assert skills is not None
    assert re.findall(r">(\d+)<", skills.group(1)) == ["0", "1", "1", "0", "2"]
    by_owner = PAGE_MACROS["actions_by_owner"](site)
    assert '<a href="../partners/#org-lead-org">Plain Partnership</a>' in by_owner
    by_theme = PAGE_MACROS["actions_by_theme"](site)
    now = re.search(r">Plain now</a></th>(.*?)</tr>", by_theme)
    assert now is not None and re.findall(r">(\d+)<", now.group(1)) == ["1", "0", "1", "1", "3"]


def test_a_plan_at_its_limit_still_lists_every_action():
    site = Site(make_large_plan(limit=4), page_url="plan/")
    for name in ("actions_by_theme", "actions_by_group", "actions_by_owner"):
        html = PAGE_MACROS[name](site)
        assert all(f">{a.id}</a>" in html for a in site.plan.actions), name
        assert "more than the" not in html
