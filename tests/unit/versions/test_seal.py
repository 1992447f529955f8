"""Seals of published versions: the canonical form, the chain of records, the site root's lists
(pure: no git, no files)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from planpress.core.model import Plan
from planpress.versions.published import PublishedVersion
from planpress.versions.seal import (
    Link,
    canonical_form,
    chain_head,
    chain_problems,
    checksums_text,
    compare_files,
    dump_seals,
    is_sealed,
    link_of,
    link_of_version,
    manifest_of,
    seal_of,
    seal_record,
    seals_from_json,
    seals_index,
    short_seal,
)

A = "a" * 64
B = "b" * 64
PLAN = Plan.model_construct()  # a version's plan, which seals do not read


def record(**more: Any) -> dict[str, Any]:
    return {
        "planpress_record": 1,
        "version": "2020-09-17",
        "title": "Second version",
        "stage": "draft",
        "published_at": "2020-09-18T10:00:00+00:00",
        "plan": {"plan": {"title": "Plan for Stoke-on-Trent – 2020"}},
        **more,
    }


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


def test_checksums_are_in_the_format_of_sha256sum() -> None:
    text = checksums_text({"plan/index.html": B, "index.html": A, "odd\\name": A, "two\nlines": B})
    assert text.splitlines() == [
        f"{A}  index.html",
        f"\\{A}  odd\\\\name",
        f"{B}  plan/index.html",
        f"\\{B}  two\\nlines",
    ]


# ---------------------------------------------------------------- the chain


def chain(count: int) -> list[dict[str, Any]]:
    """`count` records sealed one after another, a day apart."""
    records: list[dict[str, Any]] = []
    for number in range(count):
        previous = records[-1]["seal"] if records else None
        content = record(version=f"v{number}", published_at=f"2020-01-{number + 1:02d}")
        records.append(seal_record(content, {"index.html": A}, previous))
    return records


def links(records: list[dict[str, Any]]) -> list[Link]:
    found = [link_of(r, f"releases/{r['version']}.json") for r in records]
    return [link for link in found if link is not None]


def test_an_unbroken_chain_has_no_problems_and_its_head_is_the_newest() -> None:
    records = chain(3)
    assert chain_problems(links(records)) == []
    assert chain_head(links(records)) == records[-1]["seal"]
    assert chain_head([]) is None


def test_the_head_is_found_by_the_links_not_by_the_clock() -> None:
    records = chain(3)
    records[1]["published_at"] = "2021-01-01"  # a clock that was wrong
    assert chain_head(links(records)) == records[-1]["seal"]


def test_an_unsealed_record_is_no_link() -> None:
    assert link_of(record(), "releases/v.json") is None
    old = PublishedVersion("v", "V", "draft", "m", "2020-01-01", "M", "board", None, PLAN)
    assert link_of_version(old, "releases/v.json") is None


def test_a_changed_record_is_named() -> None:
    records = chain(3)
    records[1]["title"] = "Changed"
    assert chain_problems(links(records)) == [
        "releases/v1.json has been changed since it was published: its content no longer gives "
        f"the seal it states ({short_seal(records[1]['seal'])}); restore it from the git history "
        "(git log -p -- releases/v1.json)"
    ]


def test_a_removed_record_is_named_once() -> None:
    records = chain(3)
    missing = records.pop(1)["seal"]
    assert chain_problems(links(records)) == [
        "the record published before releases/v2.json is missing: no record in releases/ states "
        f"the seal it names ({short_seal(missing)}); a record has been removed, or its seal "
        "changed (git log -- releases/ shows which)"
    ]
    assert chain_problems(links(records), reported={missing}) == []


def test_records_resealed_out_of_order_are_named() -> None:
    first, second = chain(2)
    # the second record resealed to claim to be first: two records now begin the chain
    second = seal_record(second, second["manifest"], None)
    assert chain_problems(links([first, second])) == [
        "releases/v0.json and releases/v1.json each state that no sealed record was published "
        "before them, which only the first can: a record has lost its previous_seal, or the "
        "records have been reordered"
    ]
    # a record sealed as following one published after it
    late = seal_record(
        record(version="v2", published_at="2019-12-31"), {"index.html": A}, first["seal"]
    )
    assert chain_problems(links([first, late])) == [
        "releases/v2.json (published 2019-12-31) names as the record before it releases/v0.json, "
        "published later (2020-01-01): the records are out of order"
    ]


def test_two_records_after_one_are_named() -> None:
    first, second = chain(2)
    other = seal_record(record(version="v9", published_at="2020-01-03"), {}, first["seal"])
    assert chain_problems(links([first, second, other])) == [
        "releases/v1.json and releases/v9.json each name releases/v0.json as the record "
        "published before them: records have been reordered, or versions were published from "
        "two clones that had not seen each other's records"
    ]


def test_a_copied_record_is_named() -> None:
    first, second = chain(2)
    copy = link_of(second, "releases/copy.json")
    assert copy is not None
    found = chain_problems([*links([first, second]), copy])
    assert found[0].startswith("releases/copy.json and releases/v1.json state the same seal (")


# ---------------------------------------------------------------- seals.json


def test_seals_json_lists_every_version_in_publishing_order() -> None:
    def version(name: str, at: str, seal: str | None) -> PublishedVersion:
        return PublishedVersion(
            name, f"<b>{name}</b>", "draft", f"m-{name}", at[:10], "M", "board", None, PLAN,
            published_at=at, seal=seal, previous_seal=None,
        )  # fmt: skip

    index = seals_index(
        [version("b", "2021-01-01", B), version("old", "2019-01-01", None), version("a", "2020", A)]
    )
    assert [(v["version"], v["short"], v["checksums"]) for v in index["versions"]] == [
        ("old", None, None),
        ("a", short_seal(A), "seals/a.sha256"),
        ("b", short_seal(B), "seals/b.sha256"),
    ]
    assert index["versions"][1]["title"] == "<b>a</b>"  # as written: a page inserts it as text
    assert seals_from_json(dump_seals(index)) == {"old": None, "a": A, "b": B}


@pytest.mark.parametrize("data", [b"[]", b'{"versions": {}}', b'{"versions": [{"seal": "x"}]}'])
def test_seals_json_that_is_not_one_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        seals_from_json(data)
