"""Small plans that the render tests share: every free-text field set from one text (to test
escaping), a plan too large to list, every page macro's output, and a collector of an HTML
fragment's ids and links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from planpress.core.model import (
    Action,
    Budget,
    Contact,
    Document,
    Group,
    Meeting,
    Milestone,
    Organisation,
    Paper,
    Plan,
    PlanInfo,
    Procurement,
    ProspectusAsk,
    Publishes,
    Recommendation,
    Strand,
    Theme,
)
from planpress.render import PAGE_MACROS, Site, groups_with_pages

ROOT = Path(__file__).resolve().parents[3]
NASTY = "<script>alert(1)</script> a|b {{ x }} *stars* [a](javascript:x)\nsecond line"
NASTY_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; a|b {{ x }} *stars* [a](javascript:x)"


# ---------------------------------------------------------------- building small plans


def make_plan(text: str = "Plain", **changes) -> Plan:
    """A small plan, every free-text field set from `text`; `changes` replace whole lists.

    Fields of one line (titles, names) get `text` with its line breaks as spaces: the model
    refuses line breaks there.
    """
    line = text.replace("\n", " ")
    info = PlanInfo(
        id="test-plan",
        title=f"{line} plan",
        short_title=line,
        organisation="lead-org",
        summary=f"{text} summary.\n\n{text} second paragraph.",
        currency="GBP",
        contact=Contact(name=line, email="team@example.org", url="javascript:alert(1)"),
        strands=[Strand(id="growth", name=f"{line} strand", description=text)],
        themes=[
            Theme(id="now", name=f"{line} now", horizon="short", description=text),
            Theme(id="later", name=f"{line} later", horizon="long"),
        ],
        documents=[
            Document(
                id="strategy",
                title=f"{line} strategy",
                published="2020-04",
                url="https://example.org/strategy",
                kind="strategy",
                objectives=[text],
                source=text,
            ),
            Document(id="bad-url", title="Bad url", published="2020-05", url="javascript:x"),
        ],
    )
    values = dict(
        plan=info,
        organisations=[
            Organisation(
                id="lead-org", name=f"{line} Partnership", kind="lep", url="https://x.org"
            ),
            Organisation(
                id="partner-org",
                name=f"{line} Council",
                kind="local-authority",
                url="javascript:alert(1)",
                illustrative=True,
                note=text,
            ),
        ],
        groups=[
            Group(id="board", name=f"{line} Board", kind="board", members=["lead-org"]),
            Group(
                id="skills",
                name=f"{line} Skills",
                kind="sub-group",
                parent="board",
                chair=line,
                lead=line,
                members=["lead-org", "partner-org"],
                remit=text,
            ),
            Group(id="places", name=f"{line} Places", kind="sub-group", parent="board"),
            Group(id="unused", name="Unused", kind="other"),
        ],
        actions=[
            Action(
                id="SKL-01",
                title=f"{line} first action",
                summary=text,
                strand="growth",
                theme="now",
                group="skills",
                owner="lead-org",
                partners=["partner-org"],
                start="2020-09",
                due="2021-03",
                status="in-progress",
                rag="amber",
                budget=Budget(amount=1234567, funded=1000000, source=text),
                prospectus=ProspectusAsk(ask=234567, pitch=text),
                outputs=[text],
                foundation="people",
                illustrative=True,
                source=text,
                note=text,
            ),
            Action(
                id="SKL-02",
                title=f"{line} second action",
                strand="growth",
                theme="later",
                group="skills",
                owner="partner-org",
                start="2021-01-15",
                status="planned",
                depends_on=["SKL-01", "PLC-01"],
            ),
            Action(
                id="PLC-01",
                title=f"{line} places action",
                strand="growth",
                theme="now",
                group="places",
                owner="partner-org",
                due="2021-06-30",
                status="complete",
                rag="green",
            ),
            Action(
                id="PLC-02",
                title="Undated",
                strand="growth",
                theme="now",
                group="places",
                owner="lead-org",
                status="proposed",
            ),
        ],
        meetings=[
            Meeting(
                id="board-1",
                date="2020-07-16",
                body="board",
                title=f"{line} meeting",
                status="held",
                papers=[Paper(title=line, url="https://example.org/paper"), Paper(title="No url")],
                recommendations=[Recommendation(id="i", text=text, outcome="endorsed")],
                publishes=Publishes(version="2020-07-16", title=f"{line} version", stage="draft"),
            ),
            Meeting(
                id="board-2", date="2020-09-17", body="board", title="Next", status="scheduled"
            ),
        ],
        milestones=[
            Milestone(id="budget-day", date="2020-11", title=f"{line} budget", source=text)
        ],
        procurements=[
            Procurement(
                id="support",
                title=f"{line} support",
                max_value=100000,
                duration_months=12,
                route=line,
                status="specification",
                agreed_by="board",
                approved_at="board-1",
                note=text,
            )
        ],
        glossary={"LEP": f"Local Enterprise Partnership\n\n{text}", "FSB": "Small businesses"},
    )
    values.update(changes)
    return Plan(**values)


def render_all(site: Site) -> dict[str, str]:
    """Every page macro's output, group_page once per group with a page."""
    out = {}
    for name, macro in PAGE_MACROS.items():
        if name == "group_page":
            for group in groups_with_pages(site.plan):
                out[f"group_page:{group.id}"] = macro(site, group.id)
        else:
            out[name] = macro(site)
    return out


class Collector(HTMLParser):
    """Ids, hrefs and text of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.hrefs.append(attributes["href"])


BLOCK_START = re.compile(r"^<(div|section|table|figure|dl|article|ul|nav)\b")


def make_large_plan(text: str = "Plain", limit: int = 2) -> Plan:
    """`make_plan` with `list_actions_up_to` below its four actions and one prospectus ask."""
    plan = make_plan(text)
    info = plan.plan.model_copy(update={"list_actions_up_to": limit})
    return plan.model_copy(update={"plan": info})
