"""Where each kind of record is shown, what names it, and where it is written.

`RECORD_KINDS` is the one table that `Site.href`, `Site.link`, `Site.name` and `Site.source`
read: a kind's page and anchor, the field that names a record, its kind in the loader's
source locations, and the macro of `templates/_markup.html` that writes a link to it. A page
is named by its key in the registry of pages (`render.registry`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from planpress.render.index import PlanIndex
from planpress.render.registry import PAGE_SOURCES
from planpress.render.text import web_url


def group_page_path(group_id: str) -> str:
    """The generated Markdown page of a sub-group, e.g. `plan/skills.md`."""
    return f"plan/{group_id}.md"


Place = Callable[[PlanIndex, str], tuple[str, str | None]]
"""Where a record is shown: (its Markdown page, the anchor on it or None) from its id."""


def on_page(page: str, prefix: str) -> Place:
    """Each record at `#<prefix><id>` on one of the site's pages (by `PAGE_SOURCES` key)."""
    source = PAGE_SOURCES[page]

    def place(index: PlanIndex, record_id: str) -> tuple[str, str | None]:
        return source, f"{prefix}{record_id}"

    return place


def _action_card(index: PlanIndex, action_id: str) -> tuple[str, str | None]:
    """The action's card, on the page of the group that owns it (else the plan's page)."""
    action = index.actions.get(action_id)
    if action is None or action.group not in index.group_pages:
        return PAGE_SOURCES["plan"], None
    return group_page_path(action.group), action_id


def _group_page(index: PlanIndex, group_id: str) -> tuple[str, str | None]:
    """The page listing a group's actions (its card on the governance page if it has none)."""
    if group_id in index.group_pages:
        return group_page_path(group_id), None
    return PAGE_SOURCES["governance"], f"group-{group_id}"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: where the site shows it, what names it, how a link to it reads,
    and what the loader calls it. (`Site.id_link` links a record by its id alone.)"""

    kind: str  # what templates call it: `site.link("org", id)`
    records: str  # the PlanIndex collection holding them by id
    place: Place  # the page and anchor that show one
    source_kind: str  # its kind in the loader's source locations
    name_field: str = "name"  # the field that names one (the id when it is missing)
    link: str = "name_link"  # the macro of _markup.html writing a link: (href, id, name)


RECORD_KINDS: dict[str, RecordKind] = {
    kind.kind: kind
    for kind in (
        RecordKind("org", "organisations", on_page("partners", "org-"), "organisation"),
        RecordKind("group", "groups", on_page("governance", "group-"), "group"),
        # A group by its page of actions, rather than its entry on the governance page.
        RecordKind("group-page", "groups", _group_page, "group"),
        # An action as "ID title", linked to its card.
        RecordKind("action", "actions", _action_card, "action", "title", "id_title_link"),
        RecordKind("meeting", "meetings", on_page("governance", "meeting-"), "meeting", "title"),
        RecordKind(
            "milestone", "milestones", on_page("timeline", "milestone-"), "milestone", "title"
        ),
        RecordKind(
            "procurement",
            "procurements",
            on_page("procurement", "procurement-"),
            "procurement",
            "title",
        ),
        RecordKind("strand", "strands", on_page("strategy", "strand-"), "strand"),
        RecordKind("theme", "themes", on_page("strategy", "theme-"), "theme"),
        RecordKind("document", "documents", on_page("strategy", "document-"), "document", "title"),
    )
}


# ---------------------------------------------------------------- where a record is written


_DRIVE = re.compile(r"^[A-Za-z]:")


def _outside(path: str, starts: tuple[str, ...] = ("/", "\\", "..")) -> bool:
    """Whether a path names a place outside the project (absolute, or above it)."""
    return path.startswith(starts) or _DRIVE.match(path) is not None


@lru_cache(maxsize=4096)
def _repository_path(path: str, project_dir: str) -> str | None:
    """`path` relative to the project folder (None outside it); resolved once per file."""
    try:
        return Path(path).resolve().relative_to(Path(project_dir).resolve()).as_posix()
    except ValueError:  # kept outside the project: not in the repository
        return None


def repository_path(path: str, project_dir: Path | None) -> str | None:
    """A file as loaded (`data/actions/x.yml`) as a path in the repository, if it is in it."""
    if not path:
        return None
    if project_dir is not None:
        return _repository_path(path, str(project_dir))
    if _outside(path):
        return None
    return path.replace("\\", "/")


def edit_url(edit_base: str | None, path: str) -> str | None:
    """The repository's page for editing the file at `path` (None without a repository).

    `edit_base` + the path, e.g. `https://github.com/owner/repo/edit/main/data/actions/x.yml`.
    """
    base = web_url(edit_base)
    if base is None:
        return None
    return base.rstrip("/") + "/" + quote(path, safe="/")


@dataclass(frozen=True)
class RecordSource:
    """Where a record is written: its file as loaded, its line, and that file in the repository."""

    record_id: str
    file: str  # as loaded, e.g. `data/actions/skills.yml`
    line: Any  # the record's line in the file
    repository_path: str | None  # the file in the repository (None: not in it)
    edit_base: str | None = None  # e.g. `https://github.com/owner/repo/edit/main/`

    @property
    def shown(self) -> str:
        """`data/actions/x.yml, line 4`, or nothing for a file outside the project.

        The path in the repository when known: a published version is built in a scratch
        folder, whose path as loaded is the publishing machine's, not the repository's."""
        path = self.repository_path
        if path is None:
            if not self.file or _outside(self.file, ("/", "..")):
                return ""
            path = self.file
        return f"{path}, line {self.line}"

    @property
    def edit_url(self) -> str | None:
        """The repository's page for editing the file (None if unknown)."""
        if self.repository_path is None:
            return None
        return edit_url(self.edit_base, self.repository_path)

    @property
    def view_url(self) -> str | None:
        """The repository's page showing the file at the record's line (None if unknown).

        The edit base with its last `/edit/` as `/blob/`, the path and `#L` + line, e.g.
        `https://github.com/owner/repo/blob/main/data/actions/skills.yml#L12`.
        """
        base = web_url(self.edit_base)
        if base is None or self.repository_path is None:
            return None
        head, found, branch = (base.rstrip("/") + "/").rpartition("/edit/")
        if not found:
            return None
        line = self.line
        fragment = f"#L{line}" if isinstance(line, int) and line > 0 else ""
        return f"{head}/blob/{branch}{quote(self.repository_path, safe='/')}{fragment}"
