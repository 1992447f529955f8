"""`planpress check` refuses an indicator value that the charts and the PDF cannot draw or
show, at its file, line and column; values inside the range pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import EXAMPLE_DATA

from planpress.core.load import load_plan


def with_value(tmp_path: Path, written: str) -> tuple[Path, list[str]]:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    indicators = data / "indicators.yml"
    text = indicators.read_text(encoding="utf-8")
    assert "    - value: 81\n" in text
    indicators.write_text(text.replace("    - value: 81\n", f"    - value: {written}\n"), "utf-8")
    line = text[: text.index("    - value: 81\n")].count("\n") + 1
    return indicators, [str(p) for p in load_plan(data).problems] + [f"line {line}"]


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("1.0e+308", "too large to chart"),
        ("-1.0e+308", "too large to chart"),
        ("1000000000000001", "too large to chart"),
        ("5.0e-324", "too small to show"),
        ("-0.0000001", "too small to show"),
        (".inf", "not infinity"),
        (".nan", "not-a-number"),
    ],
)
def test_a_value_that_cannot_be_drawn_is_refused_where_it_is(
    tmp_path: Path, written: str, words: str
) -> None:
    path, found = with_value(tmp_path, written)
    *problems, line = found
    assert len(problems) == 1, problems
    number = line.removeprefix("line ")
    assert problems[0].startswith(f"{path}:{number}:"), problems[0]
    assert words in problems[0]


@pytest.mark.parametrize("written", ["0", "0.000001", "-0.000001", "1000000000000000", "-3.5"])
def test_values_inside_the_range_pass(tmp_path: Path, written: str) -> None:
    _, found = with_value(tmp_path, written)
    assert found[:-1] == []
