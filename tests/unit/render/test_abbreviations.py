"""Glossary terms marked as abbreviations (render/abbreviations.py): whole words in text only,
each title on one line."""

from __future__ import annotations

from render_cases import (
    NASTY,
    make_plan,
)

from planpress.render import (
    Site,
)


def test_abbreviation_titles_are_one_line_each():
    titles = Site(make_plan(NASTY)).abbreviations.titles
    assert titles["LEP"].startswith("Local Enterprise Partnership &lt;script&gt;")
    assert all("\n" not in title for title in titles.values())
    assert len(titles) == 2


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
