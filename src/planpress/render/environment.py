"""The Jinja environment of the templates in `templates/`, and what becomes of what they render.

Every value is escaped and kept on one line (`{{ value }}` of text from data never breaks a
line). `render_template` gives a page macro's HTML: quotes in text written plainly, glossary
terms marked, and the whole made one block that Markdown leaves alone.
"""

from __future__ import annotations

import re
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from markupsafe import Markup

from planpress.core.delivery import FLAG_MEANINGS, FLAGS
from planpress.render.abbreviations import NOT_TEXT
from planpress.render.text import (
    code_spans,
    date_after_title,
    human_date,
    mail_address,
    one_line,
    paragraphs,
    percent,
    plain_label,
    web_url,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"
MARKUP_TEMPLATE = "_markup.html"  # the small pieces `Site` makes (links, badges, notes)

_QUOTE_IN_TEXT = re.compile(NOT_TEXT + r"|&#(34|39);", re.DOTALL)  # tags are kept as they are
_QUOTES = {"34": '"', "39": "'"}


def _finalize(value: Any) -> Any:
    """Every `{{ value }}`: None shows as nothing, text from data stays on one line."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return one_line(value)
    return value


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between builds (a build compiles ~30 templates: ~0.5 s of CPU).

    In Jinja's per-user folder of the system's temporary directory, keyed by each template's
    source, so an edited template is compiled again. A cache that cannot be read or written
    only makes the build compile the templates itself.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> BytecodeCache | None:
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):  # no usable temporary folder
        return None


ENV = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    bytecode_cache=_template_cache(),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
    finalize=_finalize,
)
ENV.tests["contains"] = lambda items, value: value in (items or ())
ENV.globals.update(flag_labels=FLAGS, flag_meanings=FLAG_MEANINGS)
ENV.filters.update(
    paras=paragraphs,
    label=plain_label,
    human=human_date,
    date_after_title=date_after_title,
    web_url=web_url,
    mail_address=mail_address,
    one_line=one_line,
    percent=percent,
    code_spans=code_spans,
)


@lru_cache(maxsize=1)
def markup_macros() -> Any:
    """The macros of `templates/_markup.html`, called from Python (each returns Markup)."""
    return ENV.get_template(MARKUP_TEMPLATE).module


def plain_quotes(html: str) -> str:
    """`html` with the quotes in its text written as themselves (`&#34;` as `"`).

    Every value from data is already escaped, so `<` only ever starts a template's tag, and
    `>` in text is always `&gt;`. Quotes are escaped only for attributes (all double-quoted),
    never needed in text; tags are kept as they are.
    """
    return _QUOTE_IN_TEXT.sub(
        lambda match: _QUOTES[match.group(1)] if match.group(1) else match.group(0), html
    )


def markdown_block(html: str) -> str:
    """`html` as one block that Markdown leaves alone: no blank (or indented) lines, and
    starting with a tag (block-level HTML)."""
    lines = [line.strip() for line in html.splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text.startswith("<"):
        raise ValueError("a page macro must return block-level HTML")
    return text


def render_template(name: str, *, abbreviate: bool = True, **context: Any) -> str:
    """Render `templates/<name>` and make it safe to drop into a Markdown page.

    With a `site` in the context (and `abbreviate`), glossary terms become abbreviations. (A
    built page's whole HTML is marked again by the planpress plugin, which steps over terms
    that are already marked.)
    """
    html = plain_quotes(ENV.get_template(name).render(**context))
    abbreviations = getattr(context.get("site"), "abbreviations", None) if abbreviate else None
    if abbreviations is not None:
        html = abbreviations.apply(html)
    return markdown_block(html)
