"""The plan seen from the page being rendered: relative links to any record, names, money.

`Site` knows the page being rendered and computes relative links from it to any record's
anchor, through the table of record kinds (`render.records`). Nothing here imports MkDocs:
the adapter (`planpress.adapters.macros`) builds a `Site` per page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from planpress.core.delivery import action_flags
from planpress.core.model import Action, Meeting, Plan
from planpress.render import baselines
from planpress.render.abbreviations import Abbreviations
from planpress.render.cycle import BoardCycle, board_cycle
from planpress.render.environment import markup_macros
from planpress.render.index import PlanIndex
from planpress.render.records import RECORD_KINDS, RecordSource, edit_url, repository_path
from planpress.render.registry import PAGE_SOURCES
from planpress.render.text import format_money
from planpress.versions.history import BaselineView
from planpress.versions.published import planned, status_as_at

_NOTHING = Markup("")


@lru_cache(maxsize=1)
def _illustrative_badge() -> Markup:
    badge: Markup = markup_macros().illustrative_badge()
    return badge


class Site:
    """The plan, seen from one page: lookups, relative links and formatting."""

    def __init__(
        self,
        plan: Plan,
        page_url: str = "",
        locations: Mapping[tuple[str, str], Any] | None = None,
        *,
        directory_urls: bool | None = None,
        build_version: Any = None,
        repo_edit_base: str | None = None,
        project_dir: Path | str | None = None,
    ):
        self.plan = plan
        # A versions.build.BuildVersion: this build's version and the ones before.
        self.build_version = build_version
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
        self.index = PlanIndex.of(plan)
        # Whether overview pages list every action one by one, or count them (a large plan).
        self.lists_every_action = self.index.lists_every_action
        self.list_limit = self.index.list_limit
        self._paths: dict[str, str] = {}  # relative path from this page, by target URL
        # Links and badges made for this page, as the same ones recur on every card and row.
        self._links: dict[tuple[str, str, str], Markup] = {}
        self._badges: dict[tuple[str, str], Markup] = {}

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

    def url_href(self, target_url: str, anchor: str | None = None) -> str:
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
        return self.url_href(self.url_of(PAGE_SOURCES[page]), anchor)

    # -- records, by kind (`RECORD_KINDS`: "org", "group", "group-page", "action", ...)

    def record(self, kind: str, record_id: str) -> Any:
        """The record of that kind and id, or None."""
        return self.index.records(RECORD_KINDS[kind].records).get(record_id)

    def name(self, kind: str, record_id: str) -> str:
        """What names the record (the id itself when it is missing, so a page never fails)."""
        found = self.record(kind, record_id)
        return getattr(found, RECORD_KINDS[kind].name_field) if found is not None else record_id

    def href(self, kind: str, record_id: str) -> str:
        """A link from this page to where the record is shown."""
        page, anchor = RECORD_KINDS[kind].place(self.index, record_id)
        return self.url_href(self.url_of(page), anchor)

    def link(self, kind: str, record_id: str) -> Markup:
        """The record's name (an action's id and title), linked to where it is shown."""
        return self._link(RECORD_KINDS[kind].link, kind, record_id)

    def id_link(self, kind: str, record_id: str) -> Markup:
        """The record's id alone, linked to where it is shown (an action's id in a table)."""
        return self._link("id_link", kind, record_id)

    def links(self, kind: str, record_ids: Iterable[str] | None) -> Markup:
        """Records' links, separated by commas."""
        return Markup(", ").join(self.link(kind, record_id) for record_id in record_ids or [])

    def _link(self, macro: str, kind: str, record_id: str) -> Markup:
        key = (macro, kind, record_id)
        made = self._links.get(key)
        if made is None:
            href, name = self.href(kind, record_id), self.name(kind, record_id)
            made = self._links[key] = getattr(markup_macros(), macro)(href, record_id, name)
        return made

    def source(self, kind: str, record_id: str) -> RecordSource | None:
        """Where the record is written in data/ and in the repository (None if unknown)."""
        found = self.locations.get((RECORD_KINDS[kind].source_kind, record_id))
        if found is None:
            return None
        path = str(getattr(found, "path", "") or "")
        return RecordSource(
            record_id,
            path,
            getattr(found, "line", "?"),
            repository_path(path, self.project_dir),
            self.repo_edit_base,
        )

    def source_edit_url(self, kind: str, record_id: str) -> str | None:
        """The repository's page for editing the file that holds the record (None if unknown)."""
        where = self.source(kind, record_id)
        return where.edit_url if where is not None else None

    def repository_edit_url(self, path: str) -> str | None:
        """The repository's page for editing the file at `path` (None without a repository)."""
        return edit_url(self.repo_edit_base, path)

    # -- badges, notes and sources (their markup: templates/_markup.html)

    def badge(self, kind: str, value: str | None) -> Markup:
        """A status, RAG rating or outcome as a badge (nothing when there is none)."""
        if not value:
            return _NOTHING
        key = (kind, value)
        made = self._badges.get(key)
        if made is None:
            made = self._badges[key] = markup_macros().badge(kind, value)
        return made

    @property
    def as_at(self) -> date | None:
        """The date this build shows the plan as at (None without a build version)."""
        return self.build_version.as_at if self.build_version is not None else None

    def flags(self, action: Any) -> tuple[str, ...]:
        """The action's delivery flags as at the build's date (none without one)."""
        as_at = self.as_at
        return action_flags(action, as_at) if as_at is not None else ()

    def baseline(self, action: Action) -> BaselineView | None:
        """The action's baseline and its moves since, as at this build (None: none yet)."""
        build = self.build_version
        return build.history.baseline_view(action) if build is not None else None

    @cached_property
    def has_baselines(self) -> bool:
        """Whether any action has a baseline: an approved version has been published."""
        build = self.build_version
        return build is not None and bool(build.history.baselines)

    def baseline_lines(self, action: Action) -> list[str]:
        """The action's baseline in sentences, for its card (none without a baseline)."""
        view = self.baseline(action)
        return baselines.baseline_lines(view, self.money) if view is not None else []

    def since_baseline(self, action: Action) -> baselines.SinceBaseline:
        """The action's "Since baseline" cell in the tables."""
        return baselines.since_baseline(self.baseline(action))

    def flag_badges(self, action: Any) -> Markup:
        """A badge for each of the action's delivery flags, in words."""
        flags = self.flags(action)
        if not flags:
            return _NOTHING
        return Markup(" ").join(self.badge("flag", flag) for flag in flags)

    @property
    def as_at_label(self) -> str:
        """The as-at date in words, `17 September 2020` ("" without one)."""
        as_at = self.as_at
        return f"{as_at.day} {as_at:%B} {as_at.year}" if as_at is not None else ""

    def indicator_names(self, ids: Iterable[str]) -> str:
        """The names of indicators, by id, joined (an unknown id as itself)."""
        names = self._indicator_names
        return "; ".join(names.get(i, i) for i in ids)

    @cached_property
    def _indicator_names(self) -> dict[str, str]:
        return {i.id: i.name for i in self.plan.indicators}

    def rag_meaning(self, rag: str | None) -> str:
        """What a RAG rating means, from plan.yml's `rag_definitions` ("" without them)."""
        definitions = self.plan.plan.rag_definitions
        if not rag or definitions is None:
            return ""
        text: str = getattr(definitions, rag, "") or ""
        return text

    def illustrative(self, record: Any) -> Markup:
        """The badge that marks a record invented for illustration (nothing for a fact)."""
        return _illustrative_badge() if getattr(record, "illustrative", False) else _NOTHING

    def provenance(
        self, record: Any, kind: str | None = None, *, source: bool = True, linked: bool = False
    ) -> Markup:
        """A record's note and source, and where it is written in data/ (when `kind` is given;
        `linked`: to the repository's pages of the file, when there is a repository)."""
        where = self.source(kind, record.id) if kind else None
        if where is None and not record.note and not (source and record.source):
            return _NOTHING  # most records have neither: no call into the template
        made: Markup = markup_macros().provenance(record, source, where, linked)
        return made

    # -- formatting and queries

    def money(self, amount: int | None, currency: str | None = None) -> str:
        """An amount in the plan's currency (or the one given)."""
        return format_money(amount, currency or self.currency)

    def actions_of_group(self, group_id: str) -> list[Action]:
        return list(self.index.actions_by_group.get(group_id, []))

    def meeting_status(self, meeting: Meeting) -> str | None:
        """The meeting's status as at the build's date: a meeting still ahead then is not yet
        held, whatever the data records since."""
        return status_as_at(meeting, self.as_at)

    def meeting_ahead(self, meeting: Meeting) -> bool:
        """Whether the meeting is still ahead as at the build's date."""
        return self.as_at is not None and planned(meeting, self.as_at)

    def board_cycle(self) -> BoardCycle:
        """The current version's meeting, the next meeting and the earlier versions' meetings,
        as at this build (`render.cycle`)."""
        return board_cycle(self.plan, self.build_version, self.as_at)

    def meetings_of(self, group_id: str) -> list[Meeting]:
        """The meetings of a body, in date order."""
        held = [m for m in self.plan.meetings if m.body == group_id]
        return sorted(held, key=lambda m: m.date.first_day)

    def dependents_of(self, action_id: str) -> list[Action]:
        """Actions that wait for this one."""
        return list(self.index.dependents.get(action_id, []))
