"""The stages of a version and what each allows: pure rules, no git, no MkDocs."""

from __future__ import annotations

from planpress.core.stages import NAMES, Stage


def test_the_stages_are_the_data_contracts_in_order() -> None:
    assert NAMES == ("embryonic", "draft", "approved", "final")


def test_only_drafts_are_labelled_and_may_be_replaced() -> None:
    assert [s for s in NAMES if Stage(s).is_draft] == ["embryonic", "draft"]
    assert [s for s in NAMES if Stage(s).replaceable] == ["embryonic", "draft"]
    assert [s for s in NAMES if Stage(s).is_approved] == ["approved", "final"]


def test_words_for_sentences() -> None:
    assert Stage("embryonic").with_article == "an embryonic"
    assert Stage("draft").with_article == "a draft"
    assert Stage("approved").label == "Approved"


def test_no_stage_is_a_working_copy() -> None:
    assert Stage.of(None) is None and Stage.of("") is None
    assert Stage.of("final") == Stage("final")
