"""The worked example's own tests: the built site states the facts of the board paper it
encodes (the LEP Executive Board, 16 July 2020). They check one partnership's content, not
planpress, and a site made with `planpress new` does not get them."""

from __future__ import annotations

from support import EXAMPLE_DATA

from planpress.core.load import load_plan


def test_example_shows_every_action_with_its_anchor(example_html: str, example_text: str) -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    assert len(plan.actions) >= 24
    text = example_text
    for action in plan.actions:
        assert f'id="{action.id}"' in example_html, action.id
        assert " ".join(action.title.split()) in text, action.title


def test_example_shows_both_meetings_and_recommendations(
    example_html: str, example_text: str
) -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    dates = {str(m.date) for m in plan.meetings}
    assert {"2020-07-16", "2020-09-17"} <= dates
    assert "16 July 2020" in example_html and "17 September 2020" in example_html
    for meeting in plan.meetings:
        assert f'id="meeting-{meeting.id}"' in example_html
        for rec in meeting.recommendations or []:
            assert " ".join(rec.text.split()) in example_text, rec.text[:40]


def test_example_shows_the_board_papers_facts(example_text: str) -> None:
    text = example_text
    for fact in (
        "Local Industrial Strategy",
        "Pandemic (Covid-19) recovery",
        "Post-Brexit international trade",
        "Metro-Dynamics",
        "LIS Implementation - Sub-Group Chairs' Meeting",
        "Federation of Small Businesses",
        "Chambers of Commerce",
        "SCC Infrastructure+",
        "Department for Work and Pensions",
        "Jobcentre Plus",
        "Housing associations",
        "Anchor institutions",
        "£100,000",
        "12 months",
        "Accountable Body",
        "Autumn Budget",
        "April 2018",
        "April 2020",
        "Illustrative",
    ):
        assert fact in text, fact
