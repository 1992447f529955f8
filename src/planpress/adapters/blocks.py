"""The macros' HTML kept out of Markdown's way.

Every page macro returns one finished block of HTML. Left in the page's Markdown, that HTML
is parsed twice more (by MkDocs, for the anchors it holds, and by Markdown's raw-HTML
handling), which on a page of a few hundred actions costs more than rendering it. So a
macro's HTML is held on its page and Markdown sees only a placeholder comment, which it
passes through untouched; `restore` puts the HTML back in the page's HTML, before any other
plugin sees it, and registers the anchors the HTML holds for MkDocs' link validation.

The placeholder carries a number drawn for each build, so that no text in a page can forge
one; values from data are escaped by the macros, so they cannot hold a comment at all.
"""

from __future__ import annotations

import html as html_lib
import re
import secrets
from typing import Any

_NONCE = secrets.token_hex(6)
_ATTRIBUTE = "planpress_blocks"
_PLACEHOLDER = re.compile(rf"(?:<!--|&lt;!--)planpress-{_NONCE}-(\d+)(?:-->|--&gt;)")
# What MkDocs counts as an anchor in raw HTML: an `id`, or the `name` of an `a`.
_ANCHOR = re.compile(r"""<[a-zA-Z][^>]*?\sid="([^"]*)"|<a\s[^>]*?\bname="([^"]*)\"""")


def hold(page: Any, html: str) -> str:
    """A placeholder for `html` on `page` (the HTML itself when there is no page or it is text
    for Markdown to read, not HTML)."""
    if page is None or not html.startswith("<"):
        return html
    held: list[str] | None = getattr(page, _ATTRIBUTE, None)
    if held is None:
        held = []
        setattr(page, _ATTRIBUTE, held)
    held.append(html)
    return f"<!--planpress-{_NONCE}-{len(held) - 1}-->"


def expanded(text: str, page: Any) -> str:
    """`text` (the page's Markdown or HTML) with each placeholder replaced by the HTML it
    stands for (escaped, where Markdown escaped the placeholder, as in a code block)."""
    held: list[str] | None = getattr(page, _ATTRIBUTE, None)
    if not held:
        return text

    def block(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(held):
            return match.group(0)
        html = held[index]
        return html if match.group(0).startswith("<") else html_lib.escape(html, quote=False)

    return _PLACEHOLDER.sub(block, text)


def restore(html: str, page: Any) -> str:
    """The page's HTML with the macros' HTML back in place (`expanded`), and the anchors that
    HTML holds registered on the page; the page holds nothing after."""
    held: list[str] | None = getattr(page, _ATTRIBUTE, None)
    if not held:
        return html
    restored = expanded(html, page)
    anchors = getattr(page, "present_anchor_ids", None)
    if anchors is not None:
        for text in held:
            for match in _ANCHOR.finditer(text):
                anchors.add(html_lib.unescape(match.group(1) or match.group(2) or ""))
    setattr(page, _ATTRIBUTE, None)
    return restored
