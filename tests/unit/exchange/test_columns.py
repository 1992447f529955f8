"""A column of the plan's tables, and a value as its cell's text."""

from __future__ import annotations

from planpress.core.model import PlanDate
from planpress.exchange.columns import LIST_SEPARATOR, Column, cell_text


def column(kind: str) -> Column:
    return Column("name", ("name",), kind, "")  # type: ignore[arg-type]


def test_a_value_as_its_cells_text() -> None:
    assert cell_text(column("text"), None) == ""
    assert (
        cell_text(column("ids"), ["council", "college"]) == "council" + LIST_SEPARATOR + "college"
    )
    assert cell_text(column("lines"), ["one", "two"]) == "one\ntwo"
    assert cell_text(column("boolean"), True) == "true"
    assert cell_text(column("boolean"), False) == "false"
    assert cell_text(column("date"), PlanDate.parse("2020-07")) == "2020-07"
    assert cell_text(column("money"), 120000) == "120000"
    assert cell_text(column("number"), 81.5) == "81.5"
    assert cell_text(column("text"), "=1+2") == "=1+2"  # as it is: marking is csvfiles'
