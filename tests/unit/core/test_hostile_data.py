"""Hostile or mistaken data: each kind is refused with its own message, at its place, at once.

Dates out of range, misleading or layout-breaking text, and version names that would clash with
the site's own files. Numbers YAML 1.1 would misread, tags and deep nesting are in
test_yamlvalues.py; files that are not regular files or would be skipped without a word, in
test_datafolder.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ACTION, EXAMPLE_DATA, MINIMAL, OTHER_DATA, write_data

from planpress.core.load import load_plan
from planpress.core.versionnames import RESERVED_VERSION_NAMES, version_name_problem


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_plan(folder).problems]


def with_action(more: str) -> dict[str, str]:
    return {"actions/skills.yml": ACTION.format(id="SKL-01", more=more)}


def with_title(title: str) -> dict[str, str]:
    text = ACTION.format(id="SKL-01", more="").replace("title: An action", f"title: {title}")
    return {"actions/skills.yml": text}


DATE_HINT = "(use YYYY-MM-DD, or YYYY-MM when only the month is known)"


def test_the_example_and_the_other_partnership_pass() -> None:
    assert problems(EXAMPLE_DATA) == []
    assert problems(OTHER_DATA) == []


# ---------------------------------------------------------------- 1. dates


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            with_action("  start: 0000-04\n"),
            "data/actions/skills.yml:8:10: '0000-04' is not a valid date: the year must be from "
            f"1900 to 2200 {DATE_HINT}",
        ),
        (
            with_action("  due: 2201-01-01\n"),
            "data/actions/skills.yml:8:8: '2201-01-01' is not a valid date: the year must be "
            f"from 1900 to 2200 {DATE_HINT}",
        ),
        (
            {"meetings.yml": MINIMAL["meetings.yml"].replace("date: 2020-07-16", "date: 0000-04")},
            "data/meetings.yml:2:9: '0000-04' is not a valid date: the year must be from 1900 to "
            f"2200 {DATE_HINT}",
        ),
        (
            {"milestones.yml": "- id: m\n  date: 1899-12\n  title: Long ago\n"},
            "data/milestones.yml:2:9: '1899-12' is not a valid date: the year must be from 1900 "
            f"to 2200 {DATE_HINT}",
        ),
        (
            with_action('  start: "2020-01-01\\n"\n'),
            f"data/actions/skills.yml:8:10: '2020-01-01\\n' is not a valid date {DATE_HINT}",
        ),
        (
            with_action("  start: 2020-02-30\n"),
            "data/actions/skills.yml:8:10: '2020-02-30' is not a valid date: February 2020 has no "
            f"day 30 {DATE_HINT}",
        ),
        (
            with_action("  start: 2020-13\n"),
            "data/actions/skills.yml:8:10: '2020-13' is not a valid date: there is no month 13 "
            f"{DATE_HINT}",
        ),
    ],
    ids=["year 0", "year 2201", "meeting month", "milestone", "newline", "30 Feb", "month 13"],
)
def test_dates_out_of_range_or_impossible_are_refused(
    minimal_data: Path, changes: dict[str, str], expected: str
) -> None:
    write_data(minimal_data, changes)
    assert problems(minimal_data) == [expected]


# ---------------------------------------------------------------- 2. text

INVISIBLE_HINT = "(delete it: text may not hold invisible characters)"
DIRECTION_HINT = (
    "(delete it: text may not hold direction controls, which can disguise what it says)"
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            with_title('"An \\u202Eaction"'),
            "data/actions/skills.yml:2:10: title has an invisible character that changes the "
            "direction of text, U+202E RIGHT-TO-LEFT OVERRIDE, at character 4 "
            f"{DIRECTION_HINT}",
        ),
        (
            with_action('  outputs:\n    - fine\n    - "a\\u2066b"\n'),
            "data/actions/skills.yml:10:7: outputs has an invisible character that changes the "
            f"direction of text, U+2066 LEFT-TO-RIGHT ISOLATE, at character 2 {DIRECTION_HINT}",
        ),
        (
            {
                "organisations.yml": MINIMAL["organisations.yml"].replace(
                    "name: Test LEP", 'name: "Test\\u200bLEP"'
                )
            },
            "data/organisations.yml:2:9: name has an invisible character, U+200B ZERO WIDTH "
            f"SPACE, at character 5 {INVISIBLE_HINT}",
        ),
        (
            with_action('  summary: "co\\u00adoperate"\n'),
            "data/actions/skills.yml:8:12: summary has an invisible character, U+00AD SOFT "
            f"HYPHEN, at character 3 {INVISIBLE_HINT}",
        ),
        (
            with_action('  summary: "\\ufeffStarts hidden"\n'),
            "data/actions/skills.yml:8:12: summary has an invisible character, U+FEFF ZERO WIDTH "
            f"NO-BREAK SPACE, at character 1 {INVISIBLE_HINT}",
        ),
        (
            with_action('  summary: "ring \\a bell"\n'),
            "data/actions/skills.yml:8:12: summary has a control character, U+0007, at "
            "character 6 (delete it: text may not hold control characters; tabs and line breaks "
            "are allowed)",
        ),
        (
            with_title('"An\\naction"'),
            "data/actions/skills.yml:2:10: title has a line break at character 3 (it must be one "
            "line of text)",
        ),
        (
            with_title('"An\\taction"'),
            "data/actions/skills.yml:2:10: title has a tab at character 3 (it must be one line of "
            "text, with spaces)",
        ),
        (
            {
                "organisations.yml": MINIMAL["organisations.yml"].replace(
                    "kind: lep", 'kind: lep\n          abbreviation: "T\\nL"'
                )
            },
            "data/organisations.yml:4:17: abbreviation has a line break at character 2 (it must "
            "be one line of text)",
        ),
        (
            {
                "meetings.yml": MINIMAL["meetings.yml"].replace(
                    "title: First version", 'title: "First\\x85version"'
                )
            },
            "data/meetings.yml:7:12: publishes.title has a control character, U+0085, at "
            "character 6 (delete it: text may not hold control characters)",
        ),
        (
            with_title("abcd " * 20480),
            "data/actions/skills.yml:2:10: title is too long: 102,399 characters (at most 300)",
        ),
        (
            with_action("  summary: " + "x" * 10_000 + "\n"),
            "data/actions/skills.yml:8:12: summary is too long: 10,000 characters (at most 5,000)",
        ),
        (
            with_action("  summary: a " + "x" * 150 + " word\n"),
            "data/actions/skills.yml:8:12: summary has a word of 150 characters with no space, "
            "at character 3 (a word may have at most 100 characters, unless it is a web address)",
        ),
        (
            {
                "organisations.yml": MINIMAL["organisations.yml"].replace(
                    "kind: lep", "kind: lep\n          url: https://example.org/a b"
                )
            },
            "data/organisations.yml:4:8: url has a space at character 22 (a web address has no "
            "spaces: write one as %20)",
        ),
    ],
    ids=[
        "bidi in a title",
        "bidi in a list of text",
        "zero width in a name",
        "soft hyphen",
        "byte order mark",
        "control character",
        "newline in a title",
        "tab in a title",
        "newline in an abbreviation",
        "C1 control in a version title",
        "100 KB title",
        "10,000-character summary",
        "long word",
        "space in a web address",
    ],
)
def test_misleading_or_layout_breaking_text_is_refused(
    minimal_data: Path, changes: dict[str, str], expected: str
) -> None:
    write_data(minimal_data, changes)
    assert problems(minimal_data) == [expected]


def test_a_10000_character_word_is_refused_in_long_text(minimal_data: Path) -> None:
    plan = MINIMAL["plan.yml"].replace(
        "summary: A small plan for tests.", "summary: A " + "x" * 10_000 + " plan."
    )
    write_data(minimal_data, {"plan.yml": plan})
    assert problems(minimal_data) == [
        "data/plan.yml:4:10: summary has a word of 10,000 characters with no space, at character "
        "3 (a word may have at most 100 characters, unless it is a web address)"
    ]


def test_ids_have_a_maximum_length(minimal_data: Path) -> None:
    write_data(
        minimal_data,
        {"milestones.yml": f"- id: {'m' * 101}\n  date: 2021-01\n  title: A milestone\n"},
    )
    assert problems(minimal_data) == [
        "data/milestones.yml:1:7: id is too long: 101 characters (at most 100)"
    ]


def test_text_that_is_allowed(minimal_data: Path) -> None:
    long_url = "https://example.org/" + "x" * 1500
    write_data(
        minimal_data,
        {
            **with_action(
                '  summary: "Two lines,\\nand a\\ttab."\n'
                f"  note: see {long_url} and [this](https://example.org/{'y' * 300})\n"
                "  outputs: [Café, 東京, ❤ emoji, Skills & Employment]\n"
            ),
            "meetings.yml": MINIMAL["meetings.yml"].replace(
                "title: First version", "title: <b>First</b> & best"
            ),
            "organisations.yml": MINIMAL["organisations.yml"].replace(
                "kind: lep", f"kind: lep\n          url: {long_url}"
            ),
        },
    )
    assert problems(minimal_data) == []


GLOSSARY_MARKUP = '(a term may not hold \\ [ ] < > { } | " `)'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"": nothing\n',
            "1:1: glossary term '' is blank (a term needs at least one letter or digit)",
        ),
        (
            '"  ": x\n',
            "1:1: glossary term '  ' is blank (a term needs at least one letter or digit)",
        ),
        ('"a<b": x\n', f"1:1: glossary term 'a<b' has '<' at character 2 {GLOSSARY_MARKUP}"),
        ('"[x]": x\n', f"1:1: glossary term '[x]' has '[' at character 1 {GLOSSARY_MARKUP}"),
        ('"a\\\\b": x\n', f"1:1: glossary term 'a\\b' has '\\' at character 2 {GLOSSARY_MARKUP}"),
        (
            '"a\\nb": x\n',
            "1:1: glossary term 'a\\nb' has a line break at character 2 (it must be one line of "
            "text)",
        ),
        (
            "a" * 101 + ": x\n",
            f"1:1: glossary term '{'a' * 57}...' is too long: 101 characters (at most 100)",
        ),
        (
            'LEP: Local Enterprise Partnership\n"LEP\\u200b": Something else\n',
            "2:1: glossary term 'LEP\\u200b' has an invisible character, U+200B ZERO WIDTH SPACE, "
            f"at character 4 {INVISIBLE_HINT}",
        ),
        (
            'LEP: "Local \\u202eEnterprise"\n',
            "1:6: the definition of 'LEP' has an invisible character that changes the direction "
            f"of text, U+202E RIGHT-TO-LEFT OVERRIDE, at character 7 {DIRECTION_HINT}",
        ),
    ],
    ids=[
        "blank",
        "spaces",
        "angle bracket",
        "square bracket",
        "backslash",
        "newline",
        "too long",
        "same term but for a zero-width space",
        "definition with a direction control",
    ],
)
def test_glossary_terms_and_definitions(minimal_data: Path, text: str, expected: str) -> None:
    write_data(minimal_data, {"glossary.yml": text})
    assert problems(minimal_data) == [f"data/glossary.yml:{expected}"]


def test_values_quoted_in_messages_show_invisible_characters_escaped(minimal_data: Path) -> None:
    write_data(minimal_data, with_action('  "sum\\u202emary": x\n  rag: "re\\nd"\n'))
    assert problems(minimal_data) == [
        "data/actions/skills.yml:8:3: unknown field 'sum\\u202emary' (did you mean 'summary'?)",
        "data/actions/skills.yml:9:8: 're\\nd' is not an allowed rag (did you mean 'red'? allowed: "
        "green, amber, red)",
    ]


# ---------------------------------------------------------------- 3. version names

RESERVED = (
    ".nojekyll, 404.html, approved, assets, cname, favicon.ico, feed.xml, index.html, javascripts, "
    "latest, "
    "robots.txt, seals, seals.json, search, sitemap.xml, sitemap.xml.gz, stylesheets, versions.json"
)
FOLDER_NAME = (
    "cannot be the name of a folder of the site (use only letters, digits, dots, hyphens and "
    "underscores, starting with a letter or digit, e.g. '2020-07-16')"
)


def with_version(version: str) -> dict[str, str]:
    meetings = MINIMAL["meetings.yml"].replace("version: 2020-07-16", f"version: {version}")
    return {"meetings.yml": meetings}


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "latest",
            f"version name 'latest' is reserved for the site's own files and aliases (choose "
            f"another name; reserved, in capitals or small letters: {RESERVED})",
        ),
        (
            "Approved",
            f"version name 'Approved' is reserved for the site's own files and aliases (choose "
            f"another name; reserved, in capitals or small letters: {RESERVED})",
        ),
        (
            "VERSIONS.JSON",
            f"version name 'VERSIONS.JSON' is reserved for the site's own files and aliases "
            f"(choose another name; reserved, in capitals or small letters: {RESERVED})",
        ),
        (
            "Index.html",
            f"version name 'Index.html' is reserved for the site's own files and aliases (choose "
            f"another name; reserved, in capitals or small letters: {RESERVED})",
        ),
        ('"v1\\n"', f"version name 'v1\\n' {FOLDER_NAME}"),
        ('"v 1"', f"version name 'v 1' {FOLDER_NAME}"),
        ("-v1", f"version name '-v1' {FOLDER_NAME}"),
        ('"../x"', f"version name '../x' {FOLDER_NAME}"),
        ('""', f"version name '' {FOLDER_NAME}"),
        (
            "v" * 65,
            f"version name '{'v' * 57}...' is too long: 65 characters (at most 64)",
        ),
    ],
    ids=["latest", "Approved", "VERSIONS.JSON", "Index.html", "newline", "space", "hyphen",
         "path", "empty", "65 characters"],
)  # fmt: skip
def test_version_names_that_cannot_be_folders_of_the_site(
    minimal_data: Path, written: str, expected: str
) -> None:
    write_data(minimal_data, with_version(written))
    assert problems(minimal_data) == [f"data/meetings.yml:6:14: {expected}"]


def test_versions_that_differ_only_in_capitals_collide(minimal_data: Path) -> None:
    second = MINIMAL["meetings.yml"].replace("board-2020-07-16", "board-2020-09-17")
    meetings = (
        MINIMAL["meetings.yml"].replace("version: 2020-07-16", "version: V1")
        + "\n"
        + second.replace("version: 2020-07-16", "version: v1")
    )
    write_data(minimal_data, {"meetings.yml": meetings})
    assert problems(minimal_data) == [
        "data/meetings.yml:15:14: version 'v1' differs only in capitals from version 'V1', "
        "published by meeting 'board-2020-07-16' (each version becomes a folder of the site, so "
        "names must differ in more than capitals)"
    ]


def test_version_titles_are_one_short_line_and_may_hold_markup(minimal_data: Path) -> None:
    meetings = MINIMAL["meetings.yml"].replace("title: First version", "title: " + "word " * 30)
    write_data(minimal_data, {"meetings.yml": meetings})
    assert problems(minimal_data) == [
        "data/meetings.yml:7:12: publishes.title is too long: 149 characters (at most 120)"
    ]
    meetings = MINIMAL["meetings.yml"].replace("title: First version", 'title: "One\\ntwo"')
    write_data(minimal_data, {"meetings.yml": meetings})
    assert problems(minimal_data) == [
        "data/meetings.yml:7:12: publishes.title has a line break at character 4 (it must be one "
        "line of text)"
    ]


def test_version_name_problem_is_the_one_rule_for_publishing_too() -> None:
    assert {"latest", "approved", "versions.json", "index.html", "404.html", "sitemap.xml"} <= (
        RESERVED_VERSION_NAMES
    )
    assert all(name == name.lower() for name in RESERVED_VERSION_NAMES)
    for fine in ("2020-07-16", "v1.10", "Board_2021", "a" * 64):
        assert version_name_problem(fine) is None
    assert version_name_problem("2020-07-16\n") == f"version name '2020-07-16\\n' {FOLDER_NAME}"
    assert version_name_problem("LATEST") == (
        f"version name 'LATEST' is reserved for the site's own files and aliases (choose another "
        f"name; reserved, in capitals or small letters: {RESERVED})"
    )
