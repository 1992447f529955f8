"""Who runs the plan and with whom (render/pages/governance.py): procurements in their own
currency, and partners' actions counted by group in a large plan."""

from __future__ import annotations

import re

from render_cases import (
    make_large_plan,
    make_plan,
)

from planpress.core.model import Group, Procurement
from planpress.render import (
    PAGE_MACROS,
    Site,
)


def test_procurement_uses_its_own_currency():
    plan = make_plan(procurements=[Procurement(id="p", title="T", max_value=2500, currency="EUR")])
    assert "€2,500" in PAGE_MACROS["procurements"](Site(plan, page_url="procurement/"))


def test_partners_of_a_large_plan_count_actions_by_group():
    html = PAGE_MACROS["partners"](Site(make_large_plan(), page_url="partners/"))
    assert "SKL-01" not in html
    lead = html[html.index('id="org-lead-org"') : html.index('id="org-partner-org"')]
    # Owns SKL-01 (Skills) and PLC-02 (Places); a partner in no action.
    assert re.search(
        r"<dt>Owns</dt>\s*<dd>\s*2 actions in 2 groups: "
        r'<a href="../plan/skills/">Plain Skills</a> \(1\), '
        r'<a href="../plan/places/">Plain Places</a> \(1\)',
        lead,
    )
    partner = html[html.index('id="org-partner-org"') :]
    assert "more group" not in html
    assert re.search(
        r'<dt>Partner in</dt>\s*<dd>\s*1 action in 1 group: <a href="../plan/skills/">', partner
    )


def test_partners_of_a_large_plan_name_the_ten_groups_with_most_actions():
    plan = make_large_plan()
    base = plan.actions[3]  # PLC-02, owned by lead-org
    groups = [
        Group(id=f"g{n:02}", name=f"Group {n:02}", kind="sub-group", parent="board")
        for n in range(1, 13)
    ]
    actions = [
        base.model_copy(update={"id": f"G{n:02}-01", "group": f"g{n:02}"}) for n in range(1, 13)
    ]
    actions.append(base.model_copy(update={"id": "G12-02", "group": "g12"}))
    plan = plan.model_copy(update={"groups": plan.groups + groups, "actions": actions})
    html = PAGE_MACROS["partners"](Site(plan, page_url="partners/"))
    owns = re.search(r"<dt>Owns</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
    assert owns.strip().startswith(
        '13 actions in 12 groups: <a href="../plan/g12/">Group 12</a> (2)'
    )
    shown = re.findall(r">Group (\d+)</a>", owns)
    assert shown == ["12", "01", "02", "03", "04", "05", "06", "07", "08", "09"]
    assert owns.strip().endswith("and 2 more groups (2 actions)")
