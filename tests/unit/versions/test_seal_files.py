"""The site root's lists of seals: seals/<version>.sha256 and seals.json (pure: no git, no
files)."""

from __future__ import annotations

import pytest
from seal_cases import PLAN, A, B

from planpress.versions.published import PublishedVersion
from planpress.versions.seal import short_seal
from planpress.versions.seal_files import checksums_text, dump_seals, seals_from_json, seals_index


def test_checksums_are_in_the_format_of_sha256sum() -> None:
    text = checksums_text({"plan/index.html": B, "index.html": A, "odd\\name": A, "two\nlines": B})
    assert text.splitlines() == [
        f"{A}  index.html",
        f"\\{A}  odd\\\\name",
        f"{B}  plan/index.html",
        f"\\{B}  two\\nlines",
    ]


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
