"""Glossary terms marked as `<abbr title="definition">` wherever they appear in a page's text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape as html_escape
from typing import Any

from planpress.render.text import one_line

# Elements whose text never gets an abbreviation: invalid there, already one, a quotation kept
# word for word, or marked `data-no-abbr` (the glossary's own list). Each is matched whole,
# from its start tag to its end tag.
_NO_ABBR = (
    r"<(?P<kept_tag>(?i:svg|code|abbr|title|desc|script|style|pre|textarea|blockquote))\b"
    r"[^>]*(?<!/)>.*?</(?i:(?P=kept_tag))\s*>"
    r"|<(?P<plain_tag>\w+)\b[^>]*\sdata-no-abbr\b[^>]*>.*?</(?P=plain_tag)\s*>"
)
# What is never text: a comment, a tag (quoted attribute values may hold `>`), an entity.
NOT_TEXT = r"<!--.*?-->|<(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>"
_ENTITY = r"&#?\w+;"


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, the longest first, as a tree of prefixes.

    `ab|ac|b` becomes `a(?:b|c)|b`: at each place in the text the engine tries one branch per
    distinct next character, not one per word, so the work does not grow with the glossary.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branches(node: dict[str, Any]) -> str:
        ends = "" in node
        parts = []
        for char, child in sorted(node.items()):
            if not char:
                continue
            run = re.escape(char)
            while len(child) == 1 and "" not in child:  # a chain of single letters
                ((char, child),) = child.items()
                run += re.escape(char)
            parts.append(run + branches(child))
        if not parts:
            return ""
        if len(parts) == 1 and not ends:
            return parts[0]
        return "(?:" + "|".join(parts) + ")" + ("?" if ends else "")

    return branches(tree)


class Abbreviations:
    """Glossary terms, marked as `<abbr title="definition">` wherever they appear in text.

    One pass of one regular expression over a page's HTML marks every term: its text is read
    once, and tags, comments, entities and the `_NO_ABBR` elements are stepped over whole, so
    a term never lands inside a tag, an attribute or an entity (a term `amp` leaves `&amp;`
    alone). The work grows with the page's length, not with the number of terms.
    """

    def __init__(self, glossary: Mapping[str, str]):
        self.titles = {
            html_escape(one_line(term), quote=False): html_escape(one_line(text), quote=True)
            for term, text in glossary.items()
            if one_line(term)
        }
        self.pattern = self._compile(self.titles) if self.titles else None

    @staticmethod
    def _compile(terms: Iterable[str]) -> re.Pattern[str]:
        # A whole word or phrase: whether it starts a word is checked in `_mark` (a look-behind
        # here would stop the engine skipping ahead to the characters that can start a match).
        def compiled(words: str) -> re.Pattern[str]:
            return re.compile(
                f"(?P<kept>{_NO_ABBR}|{NOT_TEXT})|(?P<term>{words})(?!\\w)|{_ENTITY}", re.DOTALL
            )

        try:
            return compiled(_alternatives(terms))
        except (RecursionError, re.error):  # prefixes nested too deep: one branch per term
            return compiled("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))

    def _mark(self, match: re.Match[str]) -> str:
        term = match.group("term")
        if term is None:  # a tag, comment, entity or element kept as it is
            return match.group(0)
        start = match.start()
        if start and (match.string[start - 1].isalnum() or match.string[start - 1] == "_"):
            return term  # the end of a longer word
        return f'<abbr title="{self.titles[term]}">{term}</abbr>'

    def apply(self, html: str) -> str:
        """`html` with each term in its text marked, except inside the `_NO_ABBR` elements."""
        if self.pattern is None:
            return html
        return self.pattern.sub(self._mark, html)
