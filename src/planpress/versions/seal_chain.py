"""The chain of sealed records: each record names the seal of the one published before it, so a
record changed, removed, copied or reordered is found (`chain_problems`), and the record
published last is the chain's head (`chain_head`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planpress.versions.published import PublishedVersion
from planpress.versions.seal import is_sealed, seal_of, short_seal


@dataclass(frozen=True)
class Link:
    """A sealed record as a link in the chain of records."""

    where: str  # the record's file, as messages name it (releases/2020-09-17.json)
    version: str
    seal: str  # the seal the record states
    previous_seal: str | None
    published_at: str
    intact: bool = True  # its content gives the seal it states


def link_of(record: Mapping[str, Any], where: str) -> Link | None:
    """`record` as a link of the chain; None if it is not sealed."""
    if not is_sealed(record):
        return None
    seal, previous = record.get("seal"), record.get("previous_seal")
    try:
        computed: str | None = seal_of(record)
    except (TypeError, ValueError, RecursionError):
        computed = None
    stated = seal if isinstance(seal, str) else ""
    return Link(
        where=where,
        version=str(record.get("version", "")),
        seal=stated,
        previous_seal=previous if isinstance(previous, str) else None,
        published_at=str(record.get("published_at", "")),
        intact=bool(stated) and computed == stated,
    )


def link_of_version(release: PublishedVersion, where: str) -> Link | None:
    """A published version's record as a link (its content taken as it was read)."""
    if not release.seal:
        return None
    return Link(
        where=where,
        version=release.version,
        seal=release.seal,
        previous_seal=release.previous_seal,
        published_at=release.published_at or "",
    )


def chain_head(links: Iterable[Link]) -> str | None:
    """The seal of the record published last: the one no other names as the one before it
    (the newest of them, if the chain has been broken); None when nothing is sealed."""
    sealed = [link for link in links if link.seal]
    followed = {link.previous_seal for link in sealed}
    heads = [link for link in sealed if link.seal not in followed] or sealed
    if not heads:
        return None
    return max(heads, key=lambda link: (link.published_at, link.where)).seal


def publishing_order(links: Iterable[Link]) -> list[Link]:
    """The links in the order their records were published."""
    return sorted(links, key=lambda link: (link.published_at, link.where))


def chain_problems(links: Iterable[Link], *, reported: Iterable[str] = ()) -> list[str]:
    """What is wrong with the chain of `links`, in words: a record changed since it was
    published, a record missing, two records in one place, or records out of order.

    `reported` holds the seals of records already reported missing (not said twice).
    """
    links = sorted(links, key=lambda link: link.where)
    known_missing = set(reported)
    problems = []
    for link in links:
        if not link.intact:
            problems.append(
                f"{link.where} has been changed since it was published: its content no longer "
                f"gives the seal it states ({short_seal(link.seal)}); restore it from the git "
                f"history (git log -p -- {link.where})"
            )
    by_seal: dict[str, list[Link]] = defaultdict(list)
    followers: dict[str | None, list[Link]] = defaultdict(list)
    for link in links:
        if link.seal:
            by_seal[link.seal].append(link)
        followers[link.previous_seal].append(link)
    for seal, same in sorted(by_seal.items()):
        if len(same) > 1:
            problems.append(
                f"{_names(same)} state the same seal ({short_seal(seal)}): a record has been "
                "copied; keep the one whose version it is, and restore the other from the git "
                "history"
            )
    for link in links:
        previous = link.previous_seal
        if previous is None or previous in known_missing:
            continue
        before = by_seal.get(previous)
        if not before:
            known_missing.add(previous)
            problems.append(
                f"the record published before {link.where} is missing: no record in releases/ "
                f"states the seal it names ({short_seal(previous)}); a record has been removed, "
                "or its seal changed (git log -- releases/ shows which)"
            )
        elif before[0].published_at > link.published_at:
            problems.append(
                f"{link.where} (published {link.published_at}) names as the record before it "
                f"{before[0].where}, published later ({before[0].published_at}): the records "
                "are out of order"
            )
    firsts = followers.pop(None, [])
    if len(firsts) > 1:
        problems.append(
            f"{_names(firsts)} each state that no sealed record was published before them, "
            "which only the first can: a record has lost its previous_seal, or the records "
            "have been reordered"
        )
    for previous, after in sorted(followers.items(), key=lambda item: str(item[0])):
        if len(after) > 1:
            named = by_seal.get(previous or "")
            which = named[0].where if named else f"the record sealed {short_seal(previous)}"
            problems.append(
                f"{_names(after)} each name {which} as the record published before them: "
                "records have been reordered, or versions were published from two clones "
                "that had not seen each other's records"
            )
    return problems


def _names(links: Iterable[Link]) -> str:
    names = [link.where for link in links]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
