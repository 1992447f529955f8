"""The records as loaded (core/collected.py): what is left of a record that failed validation is
its text-valued fields, so that its references are still checked."""

from __future__ import annotations

from planpress.core.collected import Collected, RawRecord
from planpress.core.yamlfile import parse_yaml


def test_a_broken_record_is_seen_through_its_text_fields_only() -> None:
    raw = RawRecord({"id": "x", "members": ["a", "b"], "kind": 3, "mixed": ["a", 1]})
    assert (raw.id, raw.members) == ("x", ["a", "b"])
    assert raw.kind is None and raw.mixed is None and raw.missing is None


def test_broken_records_keep_their_ids_and_their_place() -> None:
    doc = parse_yaml("- id: a\n  name: 1\n- not a mapping\n- name: B\n", "data/groups.yml")
    collected = Collected()
    for index, raw in enumerate(doc.value):
        collected.add_broken("group", raw, doc, (index,))
    assert [entry.loc for entry in collected.broken["group"]] == [(0,), (2,)]
    assert collected.broken_ids("group") == {"a"}
    assert collected.of("group") == []
    assert collected.broken["group"][0].position() == "data/groups.yml:1:7"
