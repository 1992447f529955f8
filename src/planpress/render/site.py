"""Where things live in the site, and how values from data are written out.

`Site` knows the page being rendered and computes relative links from it to any record's
anchor; the Jinja environment escapes every value and keeps each value on one line. Nothing
here imports MkDocs: the adapter (`planpress.adapters.macros`) builds a `Site` per page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from functools import lru_cache
from html import escape as html_escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from markupsafe import Markup, escape

from planpress.core.model import LIST_ACTIONS_UP_TO, Action, Group, Meeting, Plan, PlanDate

TEMPLATES_DIR = Path(__file__).parent / "templates"

# The Markdown pages (under docs/) that the macros link to, by what they hold.
PAGE_SOURCES: dict[str, str] = {
    "home": "index.md",
    "strategy": "strategy.md",
    "plan": "plan/index.md",
    "timeline": "timeline.md",
    "governance": "governance.md",
    "procurement": "procurement.md",
    "partners": "partners.md",
    "glossary": "glossary.md",
    "reference": "reference.md",
    "prospectus": "prospectus.md",
    "changes": "changes.md",
}

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}

# Values of Literal fields, in plain words where the generic rule ("in-progress" becomes
# "In progress") would not read well.
LABELS = {
    "lep": "Local enterprise partnership",
    "sub-group": "Sub-group",
    "short": "Short term",
    "medium": "Medium term",
    "long": "Long term",
}

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


# ---------------------------------------------------------------- pages and groups


def group_page_path(group_id: str) -> str:
    """The generated Markdown page of a sub-group, e.g. `plan/skills.md`."""
    return f"plan/{group_id}.md"


def groups_with_pages(plan: Plan) -> list[Group]:
    """Groups that own at least one action, in the order of groups.yml."""
    owning = {action.group for action in plan.actions}
    return [group for group in plan.groups if group.id in owning]


def plain_label(value: str | None) -> str:
    """A Literal value in plain words: `in-progress` -> `In progress`."""
    if not value:
        return ""
    if value in LABELS:
        return LABELS[value]
    return value.replace("-", " ").capitalize()


def one_line(text: Any) -> str:
    """Text from data with every run of whitespace (newlines too) made one space."""
    return " ".join(str(text).split())


def paragraphs(text: Any) -> Markup:
    """Multi-line text as escaped `<p>` paragraphs; blank lines separate paragraphs."""
    if text is None:
        return Markup("")
    parts = [one_line(part) for part in _BLANK_LINE.split(str(text))]
    parts = [part for part in parts if part]
    if not parts:
        return Markup("")
    return Markup("<p>") + Markup("</p><p>").join(escape(p) for p in parts) + Markup("</p>")


def web_url(url: Any) -> str | None:
    """The URL if it is an http(s) address (safe to link), else None (show it as text)."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if re.match(r"^https?://[^\s]+$", candidate, flags=re.IGNORECASE):
        return candidate
    return None


def human_date(value: PlanDate | None) -> str:
    """`16 July 2020`, `March 2021`, or empty for no date."""
    return value.human() if value is not None else ""


def format_money(amount: int | None, currency: str = "GBP") -> str:
    """`£1,234,567` for GBP (a symbol for GBP, EUR, USD), else `CHF 1,234`."""
    if amount is None:
        return ""
    code = (currency or "GBP").strip().upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{symbol}{amount:,}" if symbol else f"{code} {amount:,}"


def percent(part: int | None, whole: int | None) -> str:
    """`38%` of a whole, or empty when it cannot be computed."""
    if part is None or not whole:
        return ""
    return f"{round(100 * part / whole)}%"


def date_key(value: PlanDate | None) -> tuple:
    """Sort key putting dated things in order and undated things last."""
    return (0, value.first_day) if value is not None else (1,)


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
ENV.filters.update(
    paras=paragraphs,
    label=plain_label,
    human=human_date,
    web_url=web_url,
    one_line=one_line,
    percent=percent,
)


def finish(html: str) -> str:
    """A fragment that Markdown leaves alone: block-level, no blank (or indented) lines."""
    lines = [line.strip() for line in html.splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text.startswith("<"):
        raise ValueError("a page macro must return block-level HTML")
    return text


# Elements whose text never gets an abbreviation: invalid there, already one, a quotation kept
# word for word, or marked `data-no-abbr` (the glossary's own list). Each is matched whole,
# from its start tag to its end tag.
_NO_ABBR = (
    r"<(?P<kept_tag>(?i:svg|code|abbr|title|desc|script|style|pre|textarea|blockquote))\b"
    r"[^>]*(?<!/)>.*?</(?i:(?P=kept_tag))\s*>"
    r"|<(?P<plain_tag>\w+)\b[^>]*\sdata-no-abbr\b[^>]*>.*?</(?P=plain_tag)\s*>"
)
# What is never text: a comment, a tag (quoted attribute values may hold `>`), an entity.
_NOT_TEXT = r"<!--.*?-->|<(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>"
_ENTITY = r"&#?\w+;"
_QUOTE_IN_TEXT = re.compile(_NOT_TEXT + r"|&#(34|39);", re.DOTALL)  # tags are kept as they are
_QUOTES = {"34": '"', "39": "'"}


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
                f"(?P<kept>{_NO_ABBR}|{_NOT_TEXT})|(?P<term>{words})(?!\\w)|{_ENTITY}", re.DOTALL
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


def polish(html: str, abbreviations: Abbreviations | None = None) -> str:
    """Text between tags: quotes written plainly, glossary terms marked as abbreviations.

    Every value from data is already escaped, so `<` only ever starts a template's tag, and
    `>` in text is always `&gt;`. Quotes are escaped only for attributes (all double-quoted),
    never needed in text.
    """
    html = _QUOTE_IN_TEXT.sub(
        lambda match: _QUOTES[match.group(1)] if match.group(1) else match.group(0), html
    )
    return abbreviations.apply(html) if abbreviations is not None else html


def render_template(name: str, *, abbreviate: bool = True, **context: Any) -> str:
    """Render `templates/<name>` and make it safe to drop into a Markdown page.

    With a `site` in the context (and `abbreviate`), glossary terms become abbreviations. (A
    built page's whole HTML is marked again by the planpress plugin, which steps over terms
    that are already marked.)
    """
    site = context.get("site")
    abbreviations = site.abbreviations if abbreviate and isinstance(site, Site) else None
    return finish(polish(ENV.get_template(name).render(**context), abbreviations))


# ---------------------------------------------------------------- the site


@lru_cache(maxsize=4096)
def _repository_path(path: str, project_dir: str) -> str | None:
    """`path` relative to the project folder (None outside it); resolved once per file."""
    try:
        return Path(path).resolve().relative_to(Path(project_dir).resolve()).as_posix()
    except ValueError:  # kept outside the project: not in the repository
        return None


ILLUSTRATIVE_BADGE = Markup(
    '<span class="pp-badge pp-badge--illustrative" title="Invented for illustration: not a fact">'
    "Illustrative</span>"
)


class PlanIndex:
    """Lookups over a whole plan, built once and shared by the Site of every page."""

    _last: tuple[Plan, PlanIndex] | None = None

    def __init__(self, plan: Plan):
        self.organisations = {o.id: o for o in plan.organisations}
        self.groups = {g.id: g for g in plan.groups}
        self.actions = {a.id: a for a in plan.actions}
        self.meetings = {m.id: m for m in plan.meetings}
        self.strands = {s.id: s for s in plan.plan.strands}
        self.themes = {t.id: t for t in plan.plan.themes}
        self.documents = {d.id: d for d in plan.plan.documents or []}
        self.milestones = {m.id: m for m in plan.milestones}
        self.procurements = {p.id: p for p in plan.procurements}
        self.group_pages = {g.id for g in groups_with_pages(plan)}
        self.actions_by_group: dict[str, list[Action]] = {}
        self.dependents: dict[str, list[Action]] = {}
        for action in plan.actions:
            self.actions_by_group.setdefault(action.group, []).append(action)
            for other in dict.fromkeys(action.depends_on or []):
                self.dependents.setdefault(other, []).append(action)
        self.abbreviations = Abbreviations(plan.glossary)
        limit = plan.plan.list_actions_up_to or LIST_ACTIONS_UP_TO
        self.list_limit = limit
        self.lists_every_action = len(plan.actions) <= limit

    @classmethod
    def of(cls, plan: Plan) -> PlanIndex:
        """The index of `plan`, reused while the same plan object is rendered."""
        last = cls._last
        if last is not None and last[0] is plan:
            return last[1]
        index = cls(plan)
        cls._last = (plan, index)
        return index


class Site:
    """The plan, seen from one page: lookups, relative links and formatting."""

    def __init__(
        self,
        plan: Plan,
        page_url: str = "",
        locations: Mapping[tuple[str, str], Any] | None = None,
        *,
        directory_urls: bool | None = None,
        edition: Any = None,
        repo_edit_base: str | None = None,
        project_dir: Path | str | None = None,
    ):
        self.plan = plan
        self.edition = edition  # edition.Edition: this build's version and the ones before
        # Where a record's file is edited in the repository, e.g.
        # "https://github.com/owner/repo/edit/main/" (None: no edit links), and the folder that
        # repository paths are relative to (None: the working folder).
        self.repo_edit_base = repo_edit_base
        self.project_dir = Path(project_dir) if project_dir is not None else None
        self.page_url = page_url or ""
        self.locations = locations if locations is not None else {}
        if directory_urls is None:
            directory_urls = not self.page_url.endswith(".html")
        self.directory_urls = directory_urls
        self.currency = plan.plan.currency or "GBP"
        # Lookups over the whole plan, made once per plan and shared by every page's Site.
        index = PlanIndex.of(plan)
        self.index = index
        self.organisations = index.organisations
        self.groups = index.groups
        self.actions = index.actions
        self.meetings = index.meetings
        self.strands = index.strands
        self.themes = index.themes
        self.documents = index.documents
        self.milestones = index.milestones
        self.procurements = index.procurements
        self.group_pages = index.group_pages
        self._paths: dict[str, str] = {}  # relative path from this page, by target URL
        self._made: dict[tuple[str, Any], Markup] = {}  # links and badges made for this page
        # Whether overview pages list every action one by one, or count them (a large plan).
        self.lists_every_action = index.lists_every_action
        self.list_limit = index.list_limit

    @property
    def abbreviations(self) -> Abbreviations:
        """The glossary, ready to mark its terms in text."""
        return self.index.abbreviations

    # -- urls

    def url_of(self, src_path: str) -> str:
        """The URL of a Markdown page, e.g. `plan/index.md` -> `plan/`."""
        if not self.directory_urls:
            return src_path[: -len(".md")] + ".html"
        stem = src_path[: -len(".md")]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def href(self, target_url: str, anchor: str | None = None) -> str:
        """A link from this page to `target_url` (a site URL), optionally to an anchor."""
        fragment = f"#{anchor}" if anchor else ""
        if target_url == self.page_url and fragment:
            return fragment
        path = self._paths.get(target_url)
        if path is None:
            path = self._paths[target_url] = self._relative(target_url)
        return path + fragment

    def _relative(self, target_url: str) -> str:
        here = self.page_url if self.page_url.endswith("/") else posixpath.dirname(self.page_url)
        here = here.rstrip("/") or "."
        if target_url == "" or target_url.endswith("/"):
            relative = posixpath.relpath(target_url.rstrip("/") or ".", here)
            return "./" if relative == "." else relative + "/"
        return posixpath.relpath(target_url, here)

    def page_href(self, page: str, anchor: str | None = None) -> str:
        """A link to one of the site's pages by what it holds (`partners`, `plan`, ...)."""
        return self.href(self.url_of(PAGE_SOURCES[page]), anchor)

    def action_href(self, action_id: str) -> str:
        """The action's card, on the page of the group that owns it."""
        action = self.actions.get(action_id)
        if action is None or action.group not in self.group_pages:
            return self.page_href("plan")
        return self.href(self.url_of(group_page_path(action.group)), action_id)

    def group_page_href(self, group_id: str) -> str:
        """The page listing a group's actions (its card on the governance page if it has none)."""
        if group_id in self.group_pages:
            return self.href(self.url_of(group_page_path(group_id)))
        return self.group_href(group_id)

    def group_href(self, group_id: str) -> str:
        return self.page_href("governance", f"group-{group_id}")

    def org_href(self, org_id: str) -> str:
        return self.page_href("partners", f"org-{org_id}")

    def meeting_href(self, meeting_id: str) -> str:
        return self.page_href("governance", f"meeting-{meeting_id}")

    def document_href(self, document_id: str) -> str:
        return self.page_href("strategy", f"document-{document_id}")

    def milestone_href(self, milestone_id: str) -> str:
        return self.page_href("timeline", f"milestone-{milestone_id}")

    def procurement_href(self, procurement_id: str) -> str:
        return self.page_href("procurement", f"procurement-{procurement_id}")

    def strand_href(self, strand_id: str) -> str:
        return self.page_href("strategy", f"strand-{strand_id}")

    def theme_href(self, theme_id: str) -> str:
        return self.page_href("strategy", f"theme-{theme_id}")

    # -- links and badges, as HTML: each made once per page, as the same ones recur on every
    #    card and row (escaped here, as a template would escape them)

    def _link(
        self,
        kind: str,
        record_id: str,
        href: Callable[[str], str],
        words: Callable[[str], str],
        css: str = "",
    ) -> Markup:
        """`<a href="href(record_id)">words(record_id)</a>`, made once per page."""
        key = (kind, record_id)
        made = self._made.get(key)
        if made is None:
            attribute = f' class="{css}"' if css else ""
            target, text = escape(href(record_id)), escape(one_line(words(record_id)))
            made = self._made[key] = Markup(f'<a{attribute} href="{target}">{text}</a>')
        return made

    def org_link(self, org_id: str) -> Markup:
        """The organisation's name, linked to its entry on the partners page."""
        return self._link("org", org_id, self.org_href, self.org_name)

    def org_links(self, org_ids: Iterable[str] | None) -> Markup:
        return Markup(", ").join(self.org_link(org_id) for org_id in org_ids or [])

    def group_link(self, group_id: str) -> Markup:
        """The group's name, linked to its entry on the governance page."""
        return self._link("group", group_id, self.group_href, self.group_name)

    def group_page_link(self, group_id: str) -> Markup:
        """The group's name, linked to its page of actions."""
        return self._link("group-page", group_id, self.group_page_href, self.group_name)

    def strand_link(self, strand_id: str) -> Markup:
        return self._link("strand", strand_id, self.strand_href, self.strand_name)

    def theme_link(self, theme_id: str) -> Markup:
        return self._link("theme", theme_id, self.theme_href, self.theme_name)

    def meeting_link(self, meeting_id: str) -> Markup:
        return self._link("meeting", meeting_id, self.meeting_href, self.meeting_title)

    def action_id_link(self, action_id: str) -> Markup:
        """The action's id, linked to its card."""
        return self._link("action-id", action_id, self.action_href, str, "pp-id")

    def action_link(self, action_id: str) -> Markup:
        """The action as "ID title", linked to its card."""
        key = ("action", action_id)
        made = self._made.get(key)
        if made is None:
            href, title = self.action_href(action_id), one_line(self.action_title(action_id))
            made = Markup(
                f'<a href="{escape(href)}"><span class="pp-id">{escape(action_id)}</span> '
                f"{escape(title)}</a>"
            )
            self._made[key] = made
        return made

    def badge(self, kind: str, value: str | None) -> Markup:
        """A status, RAG rating or outcome as a badge (nothing when there is none)."""
        if not value:
            return Markup("")
        key = (kind, value)
        made = self._made.get(key)
        if made is None:
            dot = '<span class="pp-rag__dot" aria-hidden="true"></span>' if kind == "rag" else ""
            kind, label = escape(kind), escape(plain_label(value))
            made = Markup(
                f'<span class="pp-badge pp-{kind} pp-{kind}--{escape(value)}">{dot}{label}</span>'
            )
            self._made[key] = made
        return made

    def actions_list(self, actions: Iterable[Action]) -> Markup:
        """Actions as a list of links to their cards."""
        items = "\n".join(f"<li>{self.action_link(a.id)}</li>" for a in actions)
        return Markup(f'<ul class="pp-inline-list">\n{items}\n</ul>\n')

    def provenance(
        self, record: Any, kind: str | None = None, record_id: str | None = None, source=True
    ) -> Markup:
        """A record's note and source, and where it is written in data/ (when `kind` is given)."""
        html = ""
        if record.note:
            note = paragraphs(record.note)  # escaped, as paragraphs
            html += f'<div class="pp-note"><span class="pp-note__label">Note:</span> {note}</div>\n'
        if source and record.source:
            html += f'<p class="pp-source">Source: {escape(one_line(record.source))}</p>\n'
        if kind and record_id:
            where = self.location(kind, record_id)
            if where:
                html += f'<p class="pp-datafile">Recorded in <code>{escape(where)}</code></p>\n'
        return Markup(html)

    def illustrative(self, record: Any) -> Markup:
        """The badge that marks a record invented for illustration (nothing for a fact)."""
        return ILLUSTRATIVE_BADGE if getattr(record, "illustrative", False) else Markup("")

    # -- names (the id itself when a record is missing, so a page never fails on a name)

    def org_name(self, org_id: str) -> str:
        org = self.organisations.get(org_id)
        return org.name if org else org_id

    def group_name(self, group_id: str) -> str:
        group = self.groups.get(group_id)
        return group.name if group else group_id

    def meeting_title(self, meeting_id: str) -> str:
        meeting = self.meetings.get(meeting_id)
        return meeting.title if meeting else meeting_id

    def strand_name(self, strand_id: str) -> str:
        strand = self.strands.get(strand_id)
        return strand.name if strand else strand_id

    def theme_name(self, theme_id: str) -> str:
        theme = self.themes.get(theme_id)
        return theme.name if theme else theme_id

    def action_title(self, action_id: str) -> str:
        action = self.actions.get(action_id)
        return action.title if action else action_id

    # -- formatting

    def money(self, amount: int | None, currency: str | None = None) -> str:
        """An amount in the plan's currency (or the one given)."""
        return format_money(amount, currency or self.currency)

    def date_unless_in(self, meeting: Meeting) -> str:
        """`, 16 July 2020` after a meeting's title, unless the title already gives the date."""
        when = meeting.date.human()
        return "" if when in one_line(meeting.title) else f", {when}"

    def location(self, kind: str, record_id: str) -> str:
        """`data/actions/x.yml, line 4` where the record is written, if known and relative."""
        found = self.locations.get((kind, record_id))
        if found is None:
            return ""
        path = str(getattr(found, "path", ""))
        if not path or path.startswith(("/", "..")) or re.match(r"^[A-Za-z]:", path):
            return ""
        return f"{path}, line {getattr(found, 'line', '?')}"

    # -- the repository: where a contributor changes a record

    def source_path(self, kind: str, record_id: str) -> str | None:
        """The record's file as a path in the repository (`data/actions/x.yml`), if known."""
        found = self.locations.get((kind, record_id))
        path = str(getattr(found, "path", "") or "")
        if not path:
            return None
        if self.project_dir is not None:
            return _repository_path(path, str(self.project_dir))
        if path.startswith(("/", "\\", "..")) or re.match(r"^[A-Za-z]:", path):
            return None
        return path.replace("\\", "/")

    def source_edit_url(self, kind: str, record_id: str) -> str | None:
        """The repository's page for editing the file that holds the record (None if unknown).

        `repo_edit_base` + the file's path, e.g.
        `https://github.com/owner/repo/edit/main/data/actions/skills.yml`.
        """
        path = self.source_path(kind, record_id)
        return self.repository_edit_url(path) if path is not None else None

    def repository_edit_url(self, path: str) -> str | None:
        """The repository's page for editing the file at `path` (None without a repository)."""
        base = web_url(self.repo_edit_base)
        if base is None:
            return None
        return base.rstrip("/") + "/" + quote(path, safe="/")

    def source_view_url(self, kind: str, record_id: str) -> str | None:
        """The repository's page showing the file at the record's line (None if unknown).

        The edit base with its last `/edit/` as `/blob/`, the path and `#L` + line, e.g.
        `https://github.com/owner/repo/blob/main/data/actions/skills.yml#L12`.
        """
        path = self.source_path(kind, record_id)
        base = web_url(self.repo_edit_base)
        if base is None or path is None:
            return None
        head, found, branch = (base.rstrip("/") + "/").rpartition("/edit/")
        if not found:
            return None
        line = getattr(self.locations.get((kind, record_id)), "line", None)
        fragment = f"#L{line}" if isinstance(line, int) and line > 0 else ""
        return f"{head}/blob/{branch}{quote(path, safe='/')}{fragment}"

    # -- queries

    def actions_of_group(self, group_id: str) -> list[Action]:
        return list(self.index.actions_by_group.get(group_id, []))

    def meetings_of(self, group_id: str) -> list[Meeting]:
        """The meetings of a body, in date order."""
        held = [m for m in self.plan.meetings if m.body == group_id]
        return sorted(held, key=lambda m: m.date.first_day)

    def email(self, address: str | None) -> str | None:
        """The address if it looks like one (safe for a mailto: link), else None."""
        if address and re.match(r"^[^@\s<>\"'&?]+@[^@\s<>\"'&?]+\.[^@\s<>\"'&?]+$", address):
            return address
        return None

    def dependents_of(self, action_id: str) -> list[Action]:
        """Actions that wait for this one."""
        return list(self.index.dependents.get(action_id, []))


def count_by(items: Iterable[Any], key: str) -> dict[Any, int]:
    """How many items have each value of `key`."""
    counts: dict[Any, int] = {}
    for item in items:
        value = getattr(item, key)
        counts[value] = counts.get(value, 0) + 1
    return counts
