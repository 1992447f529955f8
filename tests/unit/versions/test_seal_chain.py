"""The chain of sealed records: each record changed, removed, copied or out of order is named,
and the head is the record published last (pure: no git, no files)."""

from __future__ import annotations

from typing import Any

from seal_cases import PLAN, A, record

from planpress.versions.published import PublishedVersion
from planpress.versions.seal import seal_record, short_seal
from planpress.versions.seal_chain import (
    Link,
    chain_head,
    chain_problems,
    link_of,
    link_of_version,
)


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
