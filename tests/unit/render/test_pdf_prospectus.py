"""The prospectus PDF's HTML: above the site's list limit each ask is one row of facts."""

from __future__ import annotations

from support import EXAMPLE_DATA

from planpress.core.load import load_plan
from planpress.render import asks
from planpress.render.pdf import render_prospectus_html


def test_the_pdf_lists_pitches_and_partners_up_to_the_limit_and_not_above() -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    asked = asks.asks(plan)
    pitched = next(a for a in asked if a.prospectus and a.prospectus.pitch)
    html = render_prospectus_html(plan)
    assert "Lead and partners" in html
    assert f'<tr id="ask-{pitched.id}">' in html
    info = plan.plan.model_copy(update={"list_actions_up_to": len(asked) - 1})
    compact = render_prospectus_html(plan.model_copy(update={"plan": info}))
    assert "Lead and partners" not in compact
    assert "the plan's website gives each ask's pitch and partners" in compact
    for action in asked:
        assert f'<tr id="ask-{action.id}">' in compact
        assert action.title in compact
