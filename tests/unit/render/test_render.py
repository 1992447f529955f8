"""Unit tests of the rendering layer: pure functions called directly on small inline plans."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from planpress.core.load import load_plan
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
    PlanDate,
    PlanInfo,
    Procurement,
    ProspectusAsk,
    Publishes,
    Recommendation,
    Strand,
    Theme,
)
from planpress.render import (
    PAGE_MACROS,
    Site,
    format_money,
    group_page_path,
    groups_with_pages,
    web_url,
)
from planpress.render.overview import illustrative_counts
from planpress.render.reference import file_sections
from planpress.render.timeline import timeline_rows
from planpress.render.timeline_chart import build_chart

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


# ---------------------------------------------------------------- escaping and safety


@pytest.fixture(scope="module")
def nasty_outputs() -> dict[str, str]:
    return render_all(Site(make_plan(NASTY), page_url="plan/"))


def test_every_macro_returns_one_block_without_blank_lines(nasty_outputs):
    for name, html in nasty_outputs.items():
        assert BLOCK_START.match(html), name
        assert all(line.strip() for line in html.splitlines()), f"{name} has a blank line"


def test_script_tags_from_data_are_escaped_everywhere(nasty_outputs):
    for name, html in nasty_outputs.items():
        assert "<script" not in html, name
    shown = [n for n, html in nasty_outputs.items() if NASTY_ESCAPED in html]
    for name in ("plan_intro", "documents", "meetings", "partners", "group_page:skills"):
        assert name in shown


def test_newlines_in_data_become_spaces(nasty_outputs):
    html = nasty_outputs["group_page:skills"]
    assert f"{NASTY_ESCAPED} second line first action" in html
    assert "[a](javascript:x)\nsecond" not in html


def test_paragraph_breaks_become_separate_paragraphs(nasty_outputs):
    assert "summary.</p><p>" in nasty_outputs["plan_intro"]
    glossary = nasty_outputs["glossary"]
    assert "<dd><p>Local Enterprise Partnership</p><p>&lt;script&gt;" in glossary


def test_markdown_leaves_macro_output_alone(nasty_outputs):
    md = markdown.Markdown(extensions=["abbr", "attr_list", "md_in_html", "tables", "toc"])
    for name, html in nasty_outputs.items():
        md.reset()
        page = md.convert(f"Before.\n\n{html}\n\nAfter.")
        assert "<em>stars</em>" not in page, name
        assert 'href="javascript' not in page, name
        assert "<script" not in page, name
        assert "<p><div" not in page and "<p><table" not in page, name
        assert "*stars*" in page or NASTY_ESCAPED not in html, name


def test_pipes_do_not_break_tables(nasty_outputs):
    html = nasty_outputs["actions_by_theme"]
    row = next(line for line in html.splitlines() if "first action" in line)
    assert "a|b" in row
    assert html.count("<table>") == html.count("</table>")


def test_only_web_addresses_become_links(nasty_outputs):
    for name, html in nasty_outputs.items():
        for href in Collector(html).hrefs:
            assert not href.lower().startswith("javascript"), (name, href)
    partners = nasty_outputs["partners"]
    assert '<a href="https://x.org">https://x.org</a>' in partners
    assert "javascript:alert(1)" in partners  # shown as text
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_url("javascript:alert(1)") is None
    assert web_url("ftp://example.org") is None
    assert web_url("http://exa mple.org") is None


# ---------------------------------------------------------------- links between pages


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


def test_depends_on_links_to_the_page_where_each_action_lives():
    html = PAGE_MACROS["group_page"](Site(make_plan(), page_url="plan/skills/"), "skills")
    assert 'href="#SKL-01"' in html
    assert 'href="../places/#PLC-01"' in html


# ---------------------------------------------------------------- group pages


def test_group_pages_and_paths():
    plan = make_plan()
    assert [g.id for g in groups_with_pages(plan)] == ["skills", "places"]
    assert group_page_path("skills") == "plan/skills.md"


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


# ---------------------------------------------------------------- money, dates, badges


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


def test_procurement_uses_its_own_currency():
    plan = make_plan(procurements=[Procurement(id="p", title="T", max_value=2500, currency="EUR")])
    assert "€2,500" in PAGE_MACROS["procurements"](Site(plan, page_url="procurement/"))


def test_dates_are_written_for_people():
    assert PlanDate.parse("2020-07-16").human() == "16 July 2020"
    assert PlanDate.parse("2021-03").human() == "March 2021"
    html = PAGE_MACROS["timeline_table"](Site(make_plan(), page_url="timeline/"))
    assert "September 2020 to March 2021" in html
    assert "From 15 January 2021 (no due date)" in html
    assert "Due 30 June 2021 (no start date)" in html


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


# ---------------------------------------------------------------- home page


def test_key_figures():
    html = PAGE_MACROS["key_figures"](Site(make_plan()))
    assert '<span class="pp-figure__value">4</span> <span class="pp-figure__label">actions' in html
    assert '>2</span> <span class="pp-figure__label">sub-groups' in html
    assert '>1</span> <span class="pp-figure__label">partner organisation<' in html
    assert "£234,567" in html


def test_board_cycle_shows_latest_published_version_and_next_meeting():
    plan = make_plan()
    cycle = Site(plan).board_cycle()
    assert cycle.current.id == "board-1" and cycle.upcoming.id == "board-2"
    html = PAGE_MACROS["board_cycle"](Site(plan))
    assert "Plain version" in html and "Draft" in html and "16 July 2020" in html
    assert 'href="governance/#meeting-board-2"' in html
    nothing = make_plan(meetings=[])
    assert "No meeting has published" in PAGE_MACROS["board_cycle"](Site(nothing))


# ---------------------------------------------------------------- timeline


def test_timeline_svg_is_accessible_and_static():
    html = PAGE_MACROS["timeline"](Site(make_plan(), page_url="timeline/"))
    assert html.startswith("<figure")
    svg = html[html.index("<svg") :]
    assert 'role="img"' in svg
    assert 'aria-labelledby="pp-timeline-title pp-timeline-desc"' in svg
    assert '<title id="pp-timeline-title">' in svg and '<desc id="pp-timeline-desc">' in svg
    assert "<script" not in html
    assert 'href="#timeline-table"' in html


def test_timeline_bars_span_whole_months_and_single_dates_get_markers():
    chart = build_chart(Site(make_plan()))
    rows = {row.label.split()[0]: row for row in chart.rows if row.kind == "action"}
    assert rows["SKL-01"].marker == "bar" and rows["SKL-01"].x2 > rows["SKL-01"].x1
    assert rows["SKL-02"].marker == "start"
    assert rows["PLC-01"].marker == "due"
    assert rows["PLC-02"].marker == "none"
    milestones = [row for row in chart.rows if row.kind == "milestone"]
    assert [m.marker for m in milestones] == ["milestone"]
    headings = [row.label for row in chart.rows if row.kind == "heading"]
    assert headings == ["Milestones", "Plain Skills", "Plain Places"]


def test_timeline_without_dates_says_so():
    plan = make_plan(milestones=[], actions=make_plan().actions[3:])
    html = PAGE_MACROS["timeline"](Site(plan, page_url="timeline/"))
    assert "No action or milestone has a date yet" in html


def test_timeline_table_lists_every_action_and_milestone_in_date_order():
    plan = make_plan()
    html = PAGE_MACROS["timeline_table"](Site(plan, page_url="timeline/"))
    assert "<caption>" in html and 'scope="col"' in html
    for action in plan.actions:
        assert f">{action.id}</span>" in html
    assert 'id="milestone-budget-day"' in html
    order = [r.action.id if r.action else r.milestone.id for r in timeline_rows(Site(plan))]
    assert order == ["SKL-01", "budget-day", "SKL-02", "PLC-01", "PLC-02"]


# ---------------------------------------------------------------- tables, reference, glossary


def test_tables_have_captions_and_header_scopes(nasty_outputs):
    for name, html in nasty_outputs.items():
        tables = html.count("<table>")
        assert html.count("<caption>") == tables, name
        if tables:
            assert 'scope="col"' in html, name


def test_reference_lists_every_field_of_action():
    html = PAGE_MACROS["data_reference"](Site(make_plan(), page_url="reference/"))
    action_section = html[html.index('id="ref-action"') :]
    action_section = action_section[: action_section.index("</table>")]
    for name in Action.model_fields:
        assert f"<code>{name}</code>" in action_section, name
    for status in ("proposed", "in-progress", "cancelled"):
        assert f"<code>{status}</code>" in action_section
    for nested in ("ref-budget", "ref-prospectus-ask", "ref-paper", "ref-recommendation"):
        assert f'id="{nested}"' in html
        assert f'href="#{nested}"' in html


def test_reference_covers_every_data_file():
    sections = file_sections()
    assert [s.heading for s in sections][:2] == ["data/plan.yml", "data/organisations.yml"]
    assert any(s.heading == "data/actions/*.yml" for s in sections)
    glossary = next(s for s in sections if s.spec.name == "glossary.yml")
    assert glossary.table is None


def test_abbreviation_titles_are_one_line_each():
    titles = Site(make_plan(NASTY)).abbreviations.titles
    assert titles["LEP"].startswith("Local Enterprise Partnership &lt;script&gt;")
    assert all("\n" not in title for title in titles.values())
    assert len(titles) == 2


# ---------------------------------------------------------------- real data folders


@pytest.mark.parametrize("folder", ["data", "tests/fixtures/other/data"])
def test_every_macro_renders_real_data(folder):
    result = load_plan(ROOT / folder)
    assert result.ok, [str(problem) for problem in result.problems]
    plan = result.plan
    outputs = render_all(Site(plan, page_url="plan/", locations=result.locations))
    for name, html in outputs.items():
        assert BLOCK_START.match(html), name
        assert all(line.strip() for line in html.splitlines()), name
    for group in groups_with_pages(plan):
        ids = Collector(outputs[f"group_page:{group.id}"]).ids
        assert {a.id for a in plan.actions if a.group == group.id} <= set(ids)


def test_glossary_terms_become_abbreviations_in_macro_output():
    plan = make_plan(f"The LEP's {NASTY}")
    html = PAGE_MACROS["plan_intro"](Site(plan))
    assert '<abbr title="Local Enterprise Partnership The LEP&#x27;s &lt;script&gt;' in html
    assert ">LEP</abbr>'s" in html
    timeline = PAGE_MACROS["timeline"](Site(plan, page_url="timeline/"))
    assert "<abbr" not in timeline[timeline.index("<svg") : timeline.index("</svg>")]
    glossary = PAGE_MACROS["glossary"](Site(plan, page_url="glossary/"))
    assert "<abbr" not in glossary


def test_quotes_are_plain_in_text_and_escaped_in_attributes():
    plan = make_plan('Chairs\' "Meeting"')
    html = PAGE_MACROS["partners"](Site(plan, page_url="partners/"))
    assert 'Chairs\' "Meeting" Council' in html
    assert "&#39;" not in html and "&#34;" not in html
    notice = PAGE_MACROS["group_page"](Site(plan, page_url="plan/skills/"), "skills")
    for href in Collector(notice).hrefs:
        assert '"' not in href


# ---------------------------------------------------------------- a plan too large to list


def make_large_plan(text: str = "Plain", limit: int = 2) -> Plan:
    """`make_plan` with `list_actions_up_to` below its four actions and one prospectus ask."""
    plan = make_plan(text)
    info = plan.plan.model_copy(update={"list_actions_up_to": limit})
    return plan.model_copy(update={"plan": info})


@pytest.fixture(scope="module")
def large_outputs() -> dict[str, str]:
    return render_all(Site(make_large_plan(NASTY, limit=1), page_url="plan/"))


def test_a_large_plan_is_escaped_and_one_block_per_macro(large_outputs):
    for name, html in large_outputs.items():
        assert "<script>" not in html, name
        assert "\n\n" not in html.strip(), name
    for name in ("actions_by_theme", "actions_by_group", "actions_by_owner", "partners"):
        assert "&lt;script&gt;" in large_outputs[name], name


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


def test_timeline_of_a_large_plan_draws_a_bar_per_group():
    site = Site(make_large_plan(), page_url="timeline/")
    chart = build_chart(site)
    assert not [row for row in chart.rows if row.kind == "action"]
    groups = {row.full_label: row for row in chart.rows if row.kind == "group"}
    assert list(groups) == ["Plain Skills", "Plain Places"]
    # Skills runs from September 2020 (SKL-01's start) to March 2021 (its due month).
    skills = groups["Plain Skills"]
    assert skills.marker == "bar" and skills.x2 > skills.x1
    assert skills.note == "2 actions"
    assert skills.tooltip == "Plain Skills: 2 actions, September 2020 to March 2021"
    # Places: PLC-01 due 30 June 2021 is its only date.
    assert groups["Plain Places"].tooltip.endswith("June 2021 to June 2021")
    legend = [words for _x, _y, _kind, words in chart.legend]
    assert legend == ["Milestone", "A group's actions, from the first date to the last"]
    html = PAGE_MACROS["timeline"](site)
    assert "shows each of its 2 groups as one bar" in html
    table = PAGE_MACROS["timeline_table"](site)
    assert "SKL-01" not in table
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>Group</td>", table)
    assert rows == ["September 2020 to March 2021", "June 2021 to June 2021"]
    order = [r.group.id if r.group else r.milestone.id for r in timeline_rows(site)]
    assert order == ["skills", "budget-day", "places"]


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


def test_compiled_templates_are_reused_and_a_broken_cache_is_ignored(tmp_path):
    from planpress.render.environment import ENV, _TemplateCache

    def render(folder: Path) -> str:
        environment = ENV.overlay(bytecode_cache=_TemplateCache(str(folder)))
        return environment.get_template("glossary.html").render(terms=[("A", "B")], site=None)

    expected = render(tmp_path)
    assert "<dt>A</dt>" in expected
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1  # compiled once, and written to the cache
    cached[0].write_bytes(b"not bytecode")
    assert render(tmp_path) == expected
    assert render(tmp_path / "missing") == expected  # a folder that cannot be written to


def test_glossary_terms_are_marked_only_as_whole_words_in_text():
    from planpress.render.abbreviations import Abbreviations

    abbreviations = Abbreviations({"LEP": "Local Enterprise Partnership", "FE": "Further"})
    html = (
        '<p title="LEP">The LEP, xLEP, LEPs, LEP_x, (FE) and FE-led <code>LEP</code> '
        "<svg><title>LEP</title></svg> and LEP.</p>"
    )
    marked = abbreviations.apply(html)
    abbr = '<abbr title="Local Enterprise Partnership">LEP</abbr>'
    assert marked == (
        f'<p title="LEP">The {abbr}, xLEP, LEPs, LEP_x, (<abbr title="Further">FE</abbr>) and '
        f'<abbr title="Further">FE</abbr>-led <code>LEP</code> <svg><title>LEP</title></svg> '
        f"and {abbr}.</p>"
    )
