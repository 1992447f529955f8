"""The page macros, every one (`render.pages`, as the registry lists them): one block of HTML
that Markdown leaves alone, every value from data escaped, on small plans and on real data."""

from __future__ import annotations

import markdown
import pytest
from render_cases import (
    BLOCK_START,
    NASTY,
    NASTY_ESCAPED,
    ROOT,
    Collector,
    make_large_plan,
    make_plan,
    render_all,
)

from planpress.core.load import load_plan
from planpress.render import (
    PAGE_MACROS,
    Site,
    groups_with_pages,
    web_url,
)


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


def test_tables_have_captions_and_header_scopes(nasty_outputs):
    for name, html in nasty_outputs.items():
        tables = html.count("<table>")
        assert html.count("<caption>") == tables, name
        if tables:
            assert 'scope="col"' in html, name


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


@pytest.fixture(scope="module")
def large_outputs() -> dict[str, str]:
    return render_all(Site(make_large_plan(NASTY, limit=1), page_url="plan/"))


def test_a_large_plan_is_escaped_and_one_block_per_macro(large_outputs):
    for name, html in large_outputs.items():
        assert "<script>" not in html, name
        assert "\n\n" not in html.strip(), name
    for name in ("actions_by_theme", "actions_by_group", "actions_by_owner", "partners"):
        assert "&lt;script&gt;" in large_outputs[name], name
