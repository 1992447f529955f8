"""What Pagefind reads of an action's card: its text as Pagefind's own reader would take it
from the card's page (with an HTML parser, not patterns over the markup), for the action's own
search record."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from typing import Any

import lxml.html  # type: ignore[import-untyped]  # a dependency of planpress, without types

# What repeats actions, each of which has a record of its own: the rows of the tables of
# actions, the prospectus's asks (cards or rows; an action's record holds its ask and pitch),
# the inline lists of actions (an organisation's on the partners page, dependencies) and the
# Progress page's and the board report's tables of actions overdue, red or slipped.
EXCLUDED = (
    "tr[data-status]",
    "article.pp-ask",
    "tr[id^='ask-']",
    "ul.pp-inline-list",
    "div.pp-report-attention",
    "div.pp-report-slippage",
)

# How Pagefind reads an element's text (`_read`): what it leaves out, the elements it ends with
# a full stop (unless their text ends in punctuation already), and the weight it gives the words
# of a heading (h1: 7 to h6: 2) in the markers its reader writes, with which it reads a custom
# record's content too: an action's title weighs in its record as in its card.
_REMOVED = {"head", "style", "script", "noscript", "template", "iframe", "label", "form", "svg"}
_REMOVED |= {"footer", "nav"}
_SENTENCES = {"p", "td", "div", "ul", "li", "article", "section", *(f"h{n}" for n in range(1, 7))}
_OPEN_SENTENCE = re.compile(r"[\w'\")$*]")
_HEADINGS = {f"h{level}": f"___PAGEFIND_AUTO_WEIGHT___{8 - level}" for level in range(1, 7)}
# Each of EXCLUDED as (tag, class, attribute, its value's start): `ul.x`, `tr[y]`, `tr[y^='z']`.
_SELECTOR = re.compile(r"(\w+)(?:\.([\w-]+)|\[([\w-]+)(?:\^='([^']*)')?\])")
_EXCLUSIONS = [found.groups() for found in map(_SELECTOR.fullmatch, EXCLUDED) if found]


def card_texts(text: str, ids: Collection[str]) -> tuple[str, dict[str, str]]:
    """A page's language, and the text of the element of each id in `ids` (an action's card)."""
    root = lxml.html.document_fromstring(text)
    found: dict[str, str] = {}
    for element in root.iterfind(".//*[@id]"):
        key = element.get("id")
        if key in ids and key not in found:
            found[key] = " ".join(_read(element, card=True).split())
    return (root.get("lang") or "en").lower(), found


def _read(element: Any, card: bool = False) -> str:
    """An element's text (not its tail) as Pagefind reads it: without what it removes or is
    told to leave out, sentences ended, headings weighted (`card`: the card itself, whose
    `data-pagefind-ignore` keeps it out of its page's record only)."""
    ignored = not card and element.get("data-pagefind-ignore") is not None
    lead = " " if element.tag == "br" or (element.get("id") and not ignored) else ""
    if ignored or element.tag in _REMOVED or _excluded(element):
        return lead
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):  # not a comment
            parts.append(_read(child))
        parts.append(child.tail or "")
    text = "".join(parts)
    if element.tag in _SENTENCES:
        text = f" {text}{'.' if _OPEN_SENTENCE.fullmatch(text[-1:]) else ''} "
    if element.tag in _HEADINGS:
        text = f" {_HEADINGS[element.tag]} {text} ___END_PAGEFIND_WEIGHT___ "
    return lead + text


def _excluded(element: Any) -> bool:
    """Whether the element matches one of EXCLUDED."""
    for tag, cls, attr, start in _EXCLUSIONS:
        value = element.get("class" if cls else attr) if element.tag == tag else None
        if value is not None and (cls in value.split() if cls else value.startswith(start or "")):
            return True
    return False


_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[\w-]+")
_LANG = re.compile(r"<html[^>]*?\slang=\"([^\"]+)\"")


WORDS_FILTER = ("record", "words")  # the filter that marks a part's record of the site's words
WORDS_URL = "/pagefind-words"


class SiteWords:
    """Every word of a site's pages (more than Pagefind reads of them: all their text), for the
    record of words each part of an index made in parts holds (search.py). Pagefind, finding no
    word that begins with a word searched for, takes the longest word that begins it instead
    (`bus4` for `BUS40-01`): a part without the word would answer with unrelated results. With
    every word of the site in every part (in its records or its record of words), a part
    answers only with its record of words, which the search leaves out (by WORDS_FILTER)."""

    def __init__(self) -> None:
        self.found: set[str] = set()
        self.language: str | None = None

    def read(self, page: str) -> None:
        """Take the words of a page's HTML (and the language of the first page)."""
        if self.language is None:
            lang = _LANG.search(page[:2000])
            self.language = lang.group(1).lower() if lang else "en"
        self.found.update(_WORD.findall(html.unescape(_TAG.sub(" ", page)).lower()))

    @staticmethod
    def words_of(text: str) -> set[str]:
        """The words of a record's text (not HTML)."""
        return set(_WORD.findall(text.lower()))

    def content(self, own: set[str] | frozenset[str] = frozenset()) -> str:
        """The record of the site's words for a part whose records hold the words `own`: the
        others (a word a part has, it finds itself)."""
        return " ".join(sorted(self.found - own))
