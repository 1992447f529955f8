"""A row's key: the values of its table's key columns, as text; rows by their keys."""

from __future__ import annotations

from planpress.exchange.rowkeys import key_of, keyed
from planpress.exchange.tables import TABLE_BY_NAME


def test_a_rows_key_is_its_key_columns_as_text() -> None:
    actions, papers = TABLE_BY_NAME["actions"], TABLE_BY_NAME["papers"]
    assert key_of(actions, {"id": "SKL-01", "title": "x"}) == ("SKL-01",)
    assert key_of(actions, {"title": "no id"}) == ("",)
    assert key_of(papers, {"meeting": "board", "title": "Minutes"}) == ("board", "Minutes")
    values = TABLE_BY_NAME["indicator_values"]
    assert key_of(values, {"indicator": "jobs", "date": 2025}) == ("jobs", "2025")


def test_rows_by_their_keys_the_last_of_a_key_kept() -> None:
    actions = TABLE_BY_NAME["actions"]
    rows = [{"id": "A", "n": 1}, {"id": "B", "n": 2}, {"id": "A", "n": 3}]
    assert keyed(actions, rows) == {("A",): {"id": "A", "n": 3}, ("B",): {"id": "B", "n": 2}}
