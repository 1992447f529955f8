"""A YAML syntax error in words its reader can act on (core/yamlsyntax.py)."""

from __future__ import annotations

import pytest
import yaml

from planpress.core.yamlsyntax import syntax_problem


def problem_of(text: str) -> str:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.compose(text, Loader=yaml.SafeLoader)
    return str(syntax_problem(text, "data/x.yml", caught.value))


def test_a_common_mistake_gets_a_hint() -> None:
    assert problem_of("name: Test: LEP\n") == (
        "data/x.yml:1:11: YAML syntax error: mapping values are not allowed here; a value that "
        "contains ': ' must be put in quotes"
    )


def test_a_tab_in_the_indentation_is_named_where_it_is() -> None:
    assert problem_of("a:\n  b: 1\n\tc: 2\n") == (
        "data/x.yml:3:1: a tab is used for indentation: indent with spaces only"
    )


def test_a_quote_not_closed_is_said() -> None:
    assert problem_of('a: "open\n').endswith("; a quote or bracket is not closed")
