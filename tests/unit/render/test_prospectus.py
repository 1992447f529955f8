"""The prospectus's asks (render/pages/prospectus.py, and the plan page's `prospectus_asks`):
more asks than the list limit are rows of facts, totalled by theme on the plan page."""

from __future__ import annotations

import re

from render_cases import (
    make_large_plan,
)

from planpress.core.model import ProspectusAsk
from planpress.render import (
    PAGE_MACROS,
    Site,
)


def test_prospectus_with_more_asks_than_the_limit_lists_them_as_rows():
    plan = make_large_plan(limit=1)
    actions = list(plan.actions)
    actions[2] = actions[2].model_copy(update={"prospectus": ProspectusAsk(ask=5000, pitch="Why")})
    site = Site(plan.model_copy(update={"actions": actions}), page_url="prospectus/")
    html = PAGE_MACROS["prospectus_asks_by_theme"](site)
    assert 'class="pp-card pp-ask"' not in html and "Why" not in html  # no cards, no pitches
    row = re.search(r'<tr id="ask-SKL-01">(.*?)</tr>', html)
    assert row is not None
    assert "Plain first action" in row.group(1) and "£234,567" in row.group(1)
    assert "September 2020 to March 2021" in row.group(1)
    assert '<tr id="ask-PLC-01">' in html
    overview = PAGE_MACROS["prospectus_asks"](Site(site.plan, page_url="plan/"))
    assert "The prospectus has 2 asks, £239,567 in total" in overview
    assert '<a href="../prospectus/#ask-theme-now">Plain now</a>' in overview
    assert "Plain first action" not in overview
    # At the limit, each ask is a card with its pitch.
    cards = PAGE_MACROS["prospectus_asks_by_theme"](Site(make_large_plan(limit=1)))
    assert cards.count('class="pp-card pp-ask"') == 1
