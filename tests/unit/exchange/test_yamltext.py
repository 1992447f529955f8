"""Values written as YAML text: any text reads back exactly (plain, folded or quoted), fields
and mappings in block style, and values in flow style."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.exchange.yamltext import (
    WIDTH,
    flow_value,
    quoted,
    render_field,
    render_key,
    render_mapping,
    scalar,
)


@pytest.mark.parametrize(
    "value",
    [
        "plain words",
        "Second: quoted",
        "- a dash",
        "# not a comment",
        "2020-07-16",
        "2020",
        "true",
        "null",
        "~",
        "'quotes' and \"quotes\"",
        "ends with a colon:",
        " leading space",
        "trailing space ",
        "line one\nline two",
        "tab\there",
        "<script>alert(1)</script> & ]]>",
        '=HYPERLINK("http://x")',
        "émoji 😀 and ünïcode",
        "a " * 60 + "long text that is folded",
        "two  spaces  " * 10,
        "{not: a mapping}",
        "[not, a list]",
        "@at *star &amp !bang %percent `tick`",
        "delete \x7f and next line \x85 and C1 \x9f",
        "non-character \ufffe",
    ],
)
def test_any_text_reads_back_exactly(value: str) -> None:
    text = "key: " + scalar(value, 0, room=70) + "\n"
    assert yaml.safe_load(text) == {"key": value}


def test_numbers_and_booleans_read_back_as_themselves() -> None:
    for value in (True, False, 0, -12, 120000, 81.5, 0.001, 12345678901234567890.0):
        assert yaml.safe_load("k: " + scalar(value, 0)) == {"k": value}
    assert scalar(True, 0) == "true" and scalar(12, 0) == "12"


def test_long_text_is_folded_within_the_width() -> None:
    text = "word " * 40 + "end"
    written = scalar(text, 2)
    assert written.startswith(">-\n")
    assert all(len(line) <= WIDTH for line in written.split("\n"))
    assert yaml.safe_load("  k: " + written) == {"k": text}


def test_a_date_stays_plain_only_where_asked() -> None:
    assert scalar("2020-07-16", 0, plain_dates=True) == "2020-07-16"
    assert scalar("2020-07-16", 0) == '"2020-07-16"'  # else it would read back as a date


def test_unprintable_characters_are_escaped() -> None:
    assert quoted("a\x7fb") == '"a\\u007fb"'
    assert quoted("\U0001f600\x00") == '"\U0001f600\\u0000"'
    assert yaml.safe_load(quoted("tab\there\x85")) == "tab\there\x85"


def test_fields_and_mappings_in_block_style() -> None:
    assert render_key("plain") == "plain" and render_key("a: b") == '"a: b"'
    assert render_field("title", "Plain words", 0) == "title: Plain words"
    assert render_field("partners", ["a", "b"], 2) == "partners:\n    - a\n    - b"
    mapping = {"id": "A-1", "gone": None, "budget": {"amount": 5}}
    text = render_mapping(mapping, 2)
    assert text == "  id: A-1\n  budget:\n    amount: 5"
    assert yaml.safe_load(text) == {"id": "A-1", "budget": {"amount": 5}}
    assert render_mapping(mapping, 2, True) == text.lstrip()


# Numbers as the plan holds them (a very small float such as 1e-07 is written as 0.000000).
SCALARS = st.booleans() | st.integers() | st.integers(-(10**8), 10**8).map(lambda n: n / 100)
LEAVES = SCALARS | st.text(max_size=20)


@given(
    st.recursive(
        LEAVES,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(min_size=1, max_size=5), inner | st.none(), max_size=3)
        ),
        max_leaves=8,
    )
)
@settings(max_examples=200, deadline=None)
def test_any_value_in_flow_style_reads_back_exactly(value: object) -> None:
    """A mapping's values None are left out, as `render_mapping` leaves them."""

    def without_none(v: object) -> object:
        if isinstance(v, dict):
            return {k: without_none(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [without_none(x) for x in v]
        return v

    assert yaml.safe_load("k: " + flow_value(value)) == {"k": without_none(value)}
