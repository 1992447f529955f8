"""Seals of published versions: the canonical form, sealing a record, its manifest (pure: no
git, no files)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from seal_cases import A, B, record

from planpress.versions.seal import (
    canonical_form,
    compare_files,
    is_sealed,
    manifest_of,
    seal_of,
    seal_record,
    short_seal,
)

# ---------------------------------------------------------------- the canonical form


def test_canonical_form_sorts_keys_drops_spaces_and_the_seal_and_escapes_beyond_ascii() -> None:
    assert canonical_form({"b": [1, 2], "a": "é", "seal": "x"}) == b'{"a":"\\u00e9","b":[1,2]}'
    assert (
        seal_of({"b": [1, 2], "a": "é"}) == hashlib.sha256(b'{"a":"\\u00e9","b":[1,2]}').hexdigest()
    )


def test_the_seal_does_not_depend_on_key_order_or_layout() -> None:
    sealed = record()
    shuffled = dict(reversed(list(sealed.items())))
    assert seal_of(sealed) == seal_of(shuffled)
    assert seal_of(sealed) == seal_of(json.loads(json.dumps(sealed, indent=1)))


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.update(title="Second version "),
        lambda r: r["plan"]["plan"].update(title="Plan for Stoke-on-Trent - 2020"),
        lambda r: r.update(previous_seal=A),
        lambda r: r.update(published_at="2020-09-18T10:00:01+00:00"),
        lambda r: r.update(extra=None),
    ],
)
def test_any_change_to_the_content_changes_the_seal(change: Any) -> None:
    before = record()
    after = json.loads(json.dumps(before))
    change(after)
    assert seal_of(before) != seal_of(after)


def test_a_whole_number_and_a_decimal_are_different_content() -> None:
    assert seal_of({"amount": 1}) != seal_of({"amount": 1.0})


def test_short_seal_is_sixteen_digits_in_fours() -> None:
    seal = "0123456789abcdef" + "f" * 48
    assert short_seal(seal) == "0123 4567 89ab cdef"
    assert short_seal(None) == "not sealed"


# ---------------------------------------------------------------- sealing a record


def test_sealing_adds_the_manifest_the_previous_seal_and_a_seal_that_checks() -> None:
    sealed = seal_record(record(), {"plan/index.html": B, "index.html": A}, previous_seal=A)
    assert sealed["seal"] == seal_of(sealed)
    assert sealed["previous_seal"] == A and sealed["seal_format"] == 1
    assert list(sealed["manifest"]) == ["index.html", "plan/index.html"]
    # the seal comes before the plan, where a reader of the file sees it; the manifest last
    keys = list(sealed)
    assert keys.index("seal") < keys.index("plan") < keys.index("manifest") == len(keys) - 1
    assert is_sealed(sealed) and not is_sealed(record())
    # sealing again gives the same record
    assert seal_record(sealed, sealed["manifest"], A) == sealed


def test_a_replacement_keeps_the_replaced_records_seal() -> None:
    replacing = record(replaces={"reason": "A typo", "data_commit": None})
    sealed = seal_record(replacing, {"index.html": A}, previous_seal=B, replaced_seal=B)
    assert sealed["replaces"] == {"reason": "A typo", "data_commit": None, "seal": B}
    assert replacing["replaces"] == {"reason": "A typo", "data_commit": None}  # not changed
    assert sealed["seal"] == seal_of(sealed)


def test_the_first_sealed_record_has_no_previous_seal() -> None:
    assert seal_record(record(), {}, previous_seal=None)["previous_seal"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a": A}, {"a": A}),
        (None, None),
        ([["a", A]], None),
        ({"a": 1}, None),
    ],
)
def test_manifest_of(value: Any, expected: Any) -> None:
    assert manifest_of({"manifest": value} if value is not None else {}) == expected


def test_compare_files_names_each_changed_missing_and_added_file() -> None:
    found = compare_files({"a": A, "b": A, "c": A}, {"a": A, "b": B, "d": A})
    assert (found.changed, found.missing, found.added) == (("b",), ("c",), ("d",))
    assert found.count == 3 and found
    assert not compare_files({"a": A}, {"a": A})
