"""Hostile glossaries, built for real: thousands of terms, terms that look like HTML entities,
blank terms, and definitions full of markup. Every term is marked once, as text, and nothing
else on the page changes."""

from __future__ import annotations

import html
import re
from pathlib import Path

from support import MINIMAL, write_data
from test_site import build, make_project, warnings_in

from planpress.adapters.plugin_nav import PAGES_DIR as PAGES
from planpress.render.abbreviations import Abbreviations

TERMS = 3000


def big_glossary() -> dict[str, str]:
    """3,000 terms, and the ones that collide with HTML: entity names, quotes, a backslash."""
    glossary = {f"Term{n:04d}": f"Definition number {n}" for n in range(TERMS)}
    for name in ("amp", "lt", "gt", "quot", "nbsp", "x27", "#39", "para", "\\", " "):
        glossary[name] = f"the {name!r} term"
    glossary["Hostile"] = 'say "hi" <b>bold</b> & {{ config }} | pipe'
    return glossary


def yaml_of(glossary: dict[str, str]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "".join(f"{quoted(term)}: {quoted(text)}\n" for term, text in glossary.items())


def test_entities_and_tags_are_never_marked() -> None:
    marks = Abbreviations(big_glossary())
    page = (
        '<p title="amp lt">Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &#x27;y&#39; &nbsp; '
        '<a href="?a=1&amp;lt=2">Term0001</a> amp Term2999 Hostile</p>'
    )
    marked = marks.apply(page)
    assert "Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &#x27;y&#39; &nbsp; " in marked
    assert '<p title="amp lt">' in marked and 'href="?a=1&amp;lt=2"' in marked
    assert '<abbr title="Definition number 1">Term0001</abbr>' in marked
    assert '<abbr title="Definition number 2999">Term2999</abbr>' in marked
    assert "<abbr title=\"the 'amp' term\">amp</abbr>" in html.unescape(marked)
    hostile = re.search(r'<abbr title="([^"]*)">Hostile</abbr>', marked)
    assert hostile is not None
    assert (
        hostile.group(1) == "say &quot;hi&quot; &lt;b&gt;bold&lt;/b&gt; &amp; {{ config }} | pipe"
    )
    assert html.unescape(re.sub(r"<[^>]+>", "", marked)) == html.unescape(
        re.sub(r"<[^>]+>", "", page)
    )  # the text a reader sees is unchanged


def test_marking_is_one_pass_whatever_the_glossary(tmp_path: Path) -> None:
    """The pattern holds each term's characters once: no term is matched by a pass of its own,
    and a page with every term marks each of them."""
    glossary = big_glossary()
    marks = Abbreviations(glossary)
    page = "<p>" + " ".join(f"Term{n:04d}" for n in range(TERMS)) + "</p>"
    marked = marks.apply(page)
    assert marked.count("<abbr ") == TERMS
    assert marks.apply(marked) == marked  # marked terms are not marked again
    assert len(marks.pattern.pattern) < 20 * sum(len(term) for term in glossary)


def test_a_site_with_a_hostile_glossary_of_3000_terms_builds(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", MINIMAL)
    # The checks refuse a blank term and one holding markup characters; the rest build.
    glossary = {k: v for k, v in big_glossary().items() if k.strip() and k != "\\"}
    (data / "glossary.yml").write_text(yaml_of(glossary), encoding="utf-8")
    project = make_project(tmp_path / "project", data)
    index = project / "docs" / "index.md"  # the site's own home page, over planpress's
    index.write_text(
        (PAGES / "index.md").read_text(encoding="utf-8")
        + "\n\nTom &amp; Jerry use Term0042 and amp.\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    done = build(project, site)
    assert done.returncode == 0, done.stderr[-3000:]
    assert warnings_in(done.stderr) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Tom &amp; Jerry use" in home
    assert '<abbr title="Definition number 42">Term0042</abbr>' in home
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "*[" not in text, path  # no abbreviation definitions left as text
        assert "&<abbr" not in text and "&#<abbr" not in text, path
        assert not re.search(r"<[^>]*<abbr", text), path  # never inside a tag
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Term0042</dt>" in glossary  # the glossary's own list is left plain


def test_a_term_with_an_ampersand_is_marked_where_the_page_escapes_it() -> None:
    marks = Abbreviations({"R&D": "Research & development", "amp": "A word"})
    assert marks.apply("<p>R&amp;D and &amp; amp</p>") == (
        '<p><abbr title="Research &amp; development">R&amp;D</abbr> and &amp; '
        '<abbr title="A word">amp</abbr></p>'
    )


def test_a_file_name_from_data_is_quoted_in_the_edit_button(tmp_path: Path) -> None:
    """A file of actions may be named anything ending in .yml: its name reaches "Edit this
    page" and the card's links only as a URL path, never as markup."""
    files = dict(MINIMAL)
    files['actions/s"><b>x.yml'] = files.pop("actions/skills.yml")
    data = write_data(tmp_path / "data", files)
    project = make_project(tmp_path / "project", data)
    site = tmp_path / "site"
    done = build(project, site)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (site / "plan" / "skills" / "index.html").read_text(encoding="utf-8")
    edit = re.search(r'<a href="([^"]*)" title="Edit this page"', page)
    assert edit is not None
    assert edit.group(1).endswith("/edit/main/data/actions/s%22%3E%3Cb%3Ex.yml")
    assert "<b>x.yml" not in page
