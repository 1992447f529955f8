"""Changes in words a board member reads: a field's change, an action's changes, and each
action's history across published versions (the What changed page, the action's card and the
board report all write them so)."""

from __future__ import annotations

from typing import Any

from planpress.core.model import PlanDate
from planpress.render.site import Site
from planpress.render.text import human_date, plain_label
from planpress.versions.changes import ActionChange, FieldChange

FIELD_NAMES = {
    "title": "Title",
    "status": "Status",
    "rag": "RAG rating",
    "owner": "Owner",
    "group": "Sub-group",
    "theme": "Theme",
    "strand": "Strand",
    "start": "Start",
    "due": "Due",
    "budget.amount": "Budget",
    "budget.funded": "Funding secured",
    "budget.source": "Funding source",
    "prospectus.ask": "Prospectus ask",
    "prospectus.pitch": "Prospectus pitch",
    "partners": "Partners",
    "depends_on": "Depends on",
}


def _date(value: str | None) -> str:
    return human_date(PlanDate.parse(value)) if value else "not set"


def describe_change(site: Site, change: FieldChange) -> str:
    """One field's change in words, e.g. "Due: 90 days later (December 2020 to March 2021)"."""
    name = FIELD_NAMES.get(change.field, change.field)
    before, after = change.before, change.after
    if change.field in ("start", "due"):
        if change.days:
            direction = "later" if change.days > 0 else "earlier"
            days = abs(change.days)
            return (
                f"{name}: {days} day{'s' if days != 1 else ''} {direction} "
                f"({_date(before)} to {_date(after)})"
            )
        return f"{name}: {_date(before)} to {_date(after)}"
    if change.field in ("status", "rag"):
        return f"{name}: {plain_label(before) or 'not set'} to {plain_label(after) or 'not set'}"
    if change.field == "owner":
        return f"{name}: {site.name('org', before)} to {site.name('org', after)}"
    if change.field == "group":
        return f"{name}: {site.name('group', before)} to {site.name('group', after)}"
    if change.field == "theme":
        return f"{name}: {site.name('theme', before)} to {site.name('theme', after)}"
    if change.field == "strand":
        return f"{name}: {site.name('strand', before)} to {site.name('strand', after)}"
    if change.field in ("budget.amount", "budget.funded", "prospectus.ask"):
        return f"{name}: {site.money(before) or 'none'} to {site.money(after) or 'none'}"
    if change.field in ("partners", "depends_on"):
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        words = []
        if added:
            words.append("added " + ", ".join(added))
        if removed:
            words.append("removed " + ", ".join(removed))
        return f"{name}: {'; '.join(words)}"
    if change.field == "prospectus.pitch":
        return f"{name}: reworded"
    return f"{name}: {before or 'not set'} to {after or 'not set'}"


def describe_action(site: Site, action: ActionChange) -> list[str]:
    return [describe_change(site, change) for change in action.changes]


def action_history(site: Site, action_id: str) -> list[dict[str, Any]]:
    """The action's entries across published versions, for its card (empty if none)."""
    build_version = site.build_version
    if build_version is None:
        return []
    entries = build_version.histories.get(action_id, [])
    return [
        {
            "version": entry.version_title,
            "kind": entry.change.kind,
            "changes": describe_action(site, entry.change),
            "meeting": _meeting(site, entry.step.meeting_id, entry.step.meeting_title),
            "decisions": [_decision(site, meeting, rec) for meeting, rec in entry.decisions],
        }
        for entry in entries
    ]


def _meeting(site: Site, meeting_id: str | None, title: str | None) -> dict[str, str] | None:
    """The meeting that published a version, linked to it on the governance page (as this
    version records it, or as the record of the version named it)."""
    if meeting_id is None:
        return None
    meeting = site.record("meeting", meeting_id)
    return {
        "title": meeting.title if meeting is not None else (title or meeting_id),
        "date": meeting.date.human() if meeting is not None else "",
        "href": site.href("meeting", meeting_id),
    }


def _decision(site: Site, meeting_id: str, recommendation: str | None) -> dict[str, str]:
    """A decision named by the action, in words, linked to its meeting or recommendation."""
    meeting = site.record("meeting", meeting_id)
    title = meeting.title if meeting is not None else meeting_id
    if recommendation is None:
        return {"text": title, "href": site.href("meeting", meeting_id)}
    href = site.page_href("governance", f"meeting-{meeting_id}--{recommendation}")
    return {"text": f"{title}, recommendation ({recommendation})", "href": href}
