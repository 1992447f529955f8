"""The home page's and the plan's summaries (render/pages/overview.py): the notice of
illustrative records and the key figures."""

from __future__ import annotations

from render_cases import (
    make_plan,
)

from planpress.render import (
    PAGE_MACROS,
    Site,
)
from planpress.render.pages.overview import illustrative_counts


def test_illustrative_notice_counts_records():
    plan = make_plan()
    actions, others = illustrative_counts(plan)
    assert actions == 1
    assert others == [(1, "organisation")]
    html = PAGE_MACROS["illustrative_notice"](Site(plan))
    assert (
        "1 of 4 actions is marked illustrative. Other records marked illustrative: 1 organisation."
        in html
    )
    assert "not facts" in html
    plain = make_plan(actions=[], organisations=make_plan().organisations[:1])
    assert PAGE_MACROS["illustrative_notice"](Site(plain)) == ""  # no warning of nothing


def test_key_figures():
    html = PAGE_MACROS["key_figures"](Site(make_plan()))
    assert '<span class="pp-figure__value">4</span> <span class="pp-figure__label">actions' in html
    assert '>2</span> <span class="pp-figure__label">sub-groups' in html
    assert '>1</span> <span class="pp-figure__label">partner organisation<' in html
    assert "£234,567" in html
