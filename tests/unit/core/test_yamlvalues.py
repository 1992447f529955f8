"""A YAML file's values built strictly (core/yamlvalues.py): numbers YAML 1.1 would misread,
tags, deep nesting and unquoted dates, each refused or read as written, at its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ACTION, MINIMAL, write_data

from planpress.core.load import load_plan


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_plan(folder).problems]


def with_action(more: str) -> dict[str, str]:
    return {"actions/skills.yml": ACTION.format(id="SKL-01", more=more)}


def with_title(title: str) -> dict[str, str]:
    text = ACTION.format(id="SKL-01", more="").replace("title: An action", f"title: {title}")
    return {"actions/skills.yml": text}


WHOLE_NUMBER = "must be a whole number (no decimals, commas or currency signs, e.g. 100000)"
TAG_HINT = (
    "is not allowed (remove it: values are written as plain text, numbers, true or false, lists "
    "and mappings, without tags)"
)


# ---------------------------------------------------------------- numbers


def test_numbers_with_leading_zeros_are_decimal(minimal_data: Path) -> None:
    write_data(
        minimal_data,
        with_action("  budget:\n    amount: 0240000\n    funded: 0980\n"),
    )
    result = load_plan(minimal_data)
    assert [str(p) for p in result.problems] == []
    budget = result.plan.actions[0].budget
    assert (budget.amount, budget.funded) == (240000, 980)


def test_text_that_yaml_reads_as_a_number_stays_the_text_written(minimal_data: Path) -> None:
    write_data(minimal_data, with_action("  summary: 10:30\n  outputs: [0x10, 1_000, 007]\n"))
    result = load_plan(minimal_data)
    assert [str(p) for p in result.problems] == []
    action = result.plan.actions[0]
    assert action.summary == "10:30"
    assert action.outputs == ["0x10", "1_000", "007"]


@pytest.mark.parametrize("written", ["190:20:30", "0x10", "0b101", "1_000", "-0x1f"])
def test_numbers_in_forms_yaml_11_misreads_are_refused(minimal_data: Path, written: str) -> None:
    write_data(minimal_data, with_action(f"  budget:\n    amount: {written}\n"))
    assert problems(minimal_data) == [
        f"data/actions/skills.yml:9:13: budget.amount {WHOLE_NUMBER}, not '{written}'"
    ]


@pytest.mark.parametrize("digits", [31, 5000])
def test_numbers_with_too_many_digits_are_refused(minimal_data: Path, digits: int) -> None:
    write_data(minimal_data, with_action(f"  budget:\n    amount: {'9' * digits}\n"))
    assert problems(minimal_data) == [
        f"data/actions/skills.yml:9:13: budget.amount is too long a number: {digits:,} digits "
        "(at most 30)"
    ]


@pytest.mark.parametrize("written", ["1" * 5000 + ":30", "1_" + "0" * 5000])
def test_a_huge_number_in_another_form_is_refused(minimal_data: Path, written: str) -> None:
    write_data(minimal_data, with_action(f"  budget:\n    amount: {written}\n"))
    assert problems(minimal_data) == [
        f"data/actions/skills.yml:9:13: budget.amount {WHOLE_NUMBER}, not '{written[:57]}...'"
    ]


def test_a_huge_number_where_text_belongs_is_refused_as_too_long(minimal_data: Path) -> None:
    write_data(minimal_data, with_title("9" * 5000))
    assert problems(minimal_data) == [
        "data/actions/skills.yml:2:10: title is too long: 5,000 characters (at most 300)"
    ]


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("more", "place", "tag"),
    [
        ("  budget: !!python/object/apply:os.system\n    amount: 5\n", "8:11", "!!python/object"),
        ("  outputs: !custom [a, b]\n", "8:12", "!custom"),
        ("  !custom summary: x\n", "8:3", "!custom"),
        ("  summary: !!binary aGVsbG8=\n", "8:12", "!!binary"),
        ("  outputs: !!set {a: null}\n", "8:12", "!!set"),
        ("  outputs: !!omap [a: 1]\n", "8:12", "!!omap"),
    ],
    ids=["python on a mapping", "local on a list", "on a key", "binary", "set", "omap"],
)
def test_tags_are_refused_on_every_kind_of_value(
    minimal_data: Path, more: str, place: str, tag: str
) -> None:
    write_data(minimal_data, with_action(more))
    (found,) = problems(minimal_data)
    shown = "!!python/object/apply:os.system" if tag == "!!python/object" else tag
    assert found == f"data/actions/skills.yml:{place}: the tag '{shown}' {TAG_HINT}"


@pytest.mark.parametrize(
    ("more", "expected"),
    [
        (
            "  illustrative: !!bool maybe\n",
            "8:17: 'maybe' cannot be read as true or false (remove the tag '!!bool', or write a "
            "value it allows)",
        ),
        (
            "  summary: !!int abc\n",
            "8:12: 'abc' cannot be read as a whole number (remove the tag '!!int', or write a "
            "value it allows)",
        ),
        (
            "  summary: !!float abc\n",
            "8:12: 'abc' cannot be read as a number (remove the tag '!!float', or write a value "
            "it allows)",
        ),
    ],
    ids=["bool", "int", "float"],
)
def test_a_standard_tag_on_a_value_it_cannot_read_is_a_message(
    minimal_data: Path, more: str, expected: str
) -> None:
    write_data(minimal_data, with_action(more))
    assert problems(minimal_data) == [f"data/actions/skills.yml:{expected}"]


def test_standard_tags_and_a_plain_equals_sign_are_read(minimal_data: Path) -> None:
    write_data(
        minimal_data, with_action("  summary: !!str 0980\n  outputs: !!seq [=]\n  note: =\n")
    )
    result = load_plan(minimal_data)
    assert [str(p) for p in result.problems] == []
    action = result.plan.actions[0]
    assert (action.summary, action.outputs, action.note) == ("0980", ["="], "=")


# ---------------------------------------------------------------- deep nesting

TOO_DEEP = (
    "values are nested more than 100 levels deep (lists and mappings may be nested at most 100 "
    "levels)"
)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:1003"),
        ("a: " + "[" * 100_000 + "\n", "1:1003"),
        ("a: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n", "1:4000"),
        ("a:\n" + "".join("  " * i + "a:\n" for i in range(1, 150)) + "  " * 150 + "b: 1\n", None),
        ("a:\n  " + "- " * 5000 + "x\n", "2:1999"),
    ],
    ids=["flow lists", "unclosed", "flow mappings", "block mappings", "block lists"],
)
def test_deep_nesting_is_a_message_not_a_recursion_error(
    minimal_data: Path, text: str, place: str | None
) -> None:
    write_data(minimal_data, {"glossary.yml": text})
    (found,) = problems(minimal_data)
    assert found.startswith("data/glossary.yml:")
    assert found.endswith(f": {TOO_DEEP}")
    if place is not None:
        assert found == f"data/glossary.yml:{place}: {TOO_DEEP}"


def test_deep_nesting_is_refused_quickly(minimal_data: Path) -> None:
    write_data(minimal_data, {"glossary.yml": "a: " + "[" * 5000 + "]" * 5000 + "\n"})
    (found,) = problems(minimal_data)
    assert found.startswith("data/glossary.yml:1:")


# ---------------------------------------------------------------- dates stay text


def test_unquoted_dates_are_read_as_the_text_meant(minimal_data: Path) -> None:
    write_data(
        minimal_data,
        {"meetings.yml": MINIMAL["meetings.yml"].replace("title: First version", "title: 1.10")},
    )
    plan = load_plan(minimal_data).plan
    publishes = plan.meetings[0].publishes
    assert publishes.version == "2020-07-16"
    assert publishes.title == "1.10"
    assert str(plan.meetings[0].date) == "2020-07-16"
    assert str(plan.actions[0].due) == "2021-03" and plan.actions[0].due.month_only
