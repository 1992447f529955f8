"""The Progress page of a large plan: its lists of actions cut to the plan's list limit, as the
overview pages' lists are, and the page says how many there are in all and where they are."""

from __future__ import annotations

import re
from datetime import date

from support import EXAMPLE_DATA, visible_text

from planpress.core.plancache import require_plan
from planpress.render.board_report import attention
from planpress.render.pages.progress import progress
from planpress.render.site import Site
from planpress.versions.build import build_version_for

LATE = date(2031, 1, 1)  # every action not complete is overdue by then


def _site(limit: int | None) -> Site:
    plan = require_plan(EXAMPLE_DATA)[0]
    if limit is not None:
        plan = plan.model_copy(
            update={"plan": plan.plan.model_copy(update={"list_actions_up_to": limit})}
        )
    return Site(plan, build_version=build_version_for(plan, [], None, LATE))


def _attention_rows(page: str) -> int:
    table = page.split('id="progress-attention"', 1)[1].split("</table>", 1)[0]
    return len(re.findall(r"<tr><th scope=\"row\">", table))


def test_the_overdue_and_red_actions_are_cut_to_the_list_limit_and_counted() -> None:
    whole = _site(None)
    everyone = attention(whole, whole.plan, LATE)
    assert len(everyone) > 2
    page = progress(whole)
    assert _attention_rows(page) == len(everyone)
    assert "The table lists the first" not in page
    cut = progress(_site(2))
    assert _attention_rows(cut) == 2
    assert (
        f"The table lists the first 2 of {len(everyone)} actions overdue or rated red"
        in visible_text(cut)
    )
