"""The board report: the paper a secretariat takes to a board meeting, as a page and a PDF.

A report is for one meeting and as at one date (the meeting's, unless told otherwise). It
compares the plan as published in the version before the meeting (the latest published version
whose meeting came before this one) with the plan now, or says that there is nothing to compare
when no version was published before the meeting (the first version); and it gives the overall
RAG rating with its reasons, the actions overdue or rated red, the outcome indicators, the
decisions sought and the next steps. The same facts make the Board report page of a version
(`pages.report`) and `planpress report`'s PDF (`pdf.report`), so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planpress.core.delivery import (
    DONE,
    OVERALL_RULE,
    Overall,
    Position,
    Rollup,
    action_flags,
    overall,
    position,
    rollup,
)
from planpress.core.model import (
    Action,
    Indicator,
    Meeting,
    Milestone,
    Plan,
    PlanDate,
    RagDefinitions,
    Recommendation,
)
from planpress.core.wording import suggest
from planpress.render.baselines import Slipped, slipped
from planpress.render.change_words import describe_action
from planpress.render.site import Site
from planpress.render.text import format_measure
from planpress.versions.changes import ActionChange, ChangeSet, compare
from planpress.versions.history import History
from planpress.versions.published import PublishedVersion


class ReportError(Exception):
    """No report can be made as asked; the message says why and what to do (one line)."""


# ---------------------------------------------------------------- which meeting, which version


def find_meeting(plan: Plan, meeting_id: str) -> Meeting:
    """The meeting `meeting_id`; `ReportError` naming a close id when there is none."""
    for meeting in plan.meetings:
        if meeting.id == meeting_id:
            return meeting
    guess = suggest(meeting_id, sorted(m.id for m in plan.meetings))
    hint = f"did you mean '{guess}'?" if guess else "meetings are listed in meetings.yml"
    raise ReportError(f"unknown meeting '{meeting_id}' ({hint})")


def _meeting_day(version: PublishedVersion) -> date:
    return PlanDate.parse(version.meeting_date).first_day


def version_before(releases: list[PublishedVersion], meeting: Meeting) -> PublishedVersion | None:
    """The latest published version whose meeting was before `meeting` (None if none was)."""
    day = meeting.date.first_day
    earlier = [r for r in releases if r.meeting_id != meeting.id and _meeting_day(r) < day]
    return max(earlier, key=lambda r: r.sort_key) if earlier else None


def preview_meeting(
    plan: Plan, releases: list[PublishedVersion], as_at: date
) -> tuple[Meeting, PublishedVersion | None] | None:
    """For a preview: the next meeting on or after `as_at` (not cancelled), and the version
    before it (None when none was published before it)."""
    upcoming = sorted(
        (m for m in plan.meetings if m.date.last_day >= as_at and m.status != "cancelled"),
        key=lambda m: m.date.first_day,
    )
    if not upcoming:
        return None
    return upcoming[0], version_before(releases, upcoming[0])


# ---------------------------------------------------------------- the report's facts


@dataclass(frozen=True)
class ChangedAction:
    """An action changed since the version before, with each change in the site's words."""

    change: ActionChange
    words: tuple[str, ...]


@dataclass(frozen=True)
class AttentionAction:
    """An action the board should look at: overdue, rated red, or both."""

    action: Action
    owner: str
    overdue: bool
    red: bool

    @property
    def why(self) -> str:
        reasons = [
            word for word, yes in (("Overdue", self.overdue), ("Rated red", self.red)) if yes
        ]
        return " and ".join(reasons).capitalize()


@dataclass(frozen=True)
class IndicatorRow:
    """An outcome indicator as at the report's date, its figures written out."""

    indicator: Indicator
    position: Position
    latest: str
    baseline: str
    target: str
    towards: str
    on_track: str


@dataclass(frozen=True)
class BoardReport:
    """Everything a board report shows, for one meeting as at one date."""

    meeting: Meeting
    as_at: date
    previous: PublishedVersion | None  # None: the first version, with nothing to compare
    totals: Rollup
    overall: Overall
    rule: str
    changes: ChangeSet | None  # None: the first version, with nothing to compare
    changed: tuple[ChangedAction, ...]
    attention: tuple[AttentionAction, ...]
    slipped: tuple[Slipped, ...]  # due dates moved since their baseline, furthest first
    overdue: int
    red: int
    indicators: tuple[IndicatorRow, ...]
    recommendations: tuple[Recommendation, ...]
    next_steps: tuple[str, ...]
    milestones: tuple[Milestone, ...]
    rag_definitions: RagDefinitions | None

    @property
    def as_at_label(self) -> str:
        return PlanDate(self.as_at.year, self.as_at.month, self.as_at.day).human()

    @property
    def first(self) -> bool:
        """Whether no version was published before the meeting: nothing to compare."""
        return self.previous is None


def attention(site: Site, plan: Plan, as_at: date) -> tuple[AttentionAction, ...]:
    """The actions overdue or rated red as at `as_at`, by due date, with their owners."""
    found = []
    for action in plan.actions:
        overdue = "overdue" in action_flags(action, as_at)
        red = action.rag == "red" and action.status not in DONE
        if overdue or red:
            found.append(AttentionAction(action, site.name("org", action.owner), overdue, red))
    far = date.max
    return tuple(
        sorted(found, key=lambda a: (a.action.due.last_day if a.action.due else far, a.action.id))
    )


def indicator_row(indicator: Indicator, as_at: date) -> IndicatorRow:
    found = position(indicator, as_at)
    unit = indicator.unit
    target = indicator.target
    return IndicatorRow(
        indicator,
        found,
        f"{format_measure(found.value, unit)} ({found.date.human()})",
        f"{format_measure(indicator.baseline.value, unit)} ({indicator.baseline.date.human()})",
        f"{format_measure(target.value, unit)} by {target.date.human()}" if target else "None set",
        f"{found.towards_target:.0f}%" if found.towards_target is not None else "–",
        {True: "Yes", False: "No", None: "No target to measure against"}[found.on_track],
    )


def make_report(
    plan: Plan,
    meeting: Meeting,
    previous: PublishedVersion | None,
    as_at: date,
    site: Site,
    history: History | None = None,
) -> BoardReport:
    """The report for `meeting` as at `as_at`, comparing `previous` with `plan` (nothing to
    compare when `previous` is None: the first version). `history`: the actions' baselines as
    at the meeting's version (else as `site`'s build has them; none without a build)."""
    totals = rollup("plan", plan.actions, as_at)
    found = compare(previous.plan, plan) if previous is not None else None
    changed = found.changed if found is not None else []
    needing = attention(site, plan, as_at)
    info = plan.plan.prospectus
    return BoardReport(
        meeting=meeting,
        as_at=as_at,
        previous=previous,
        totals=totals,
        overall=overall(totals),
        rule=OVERALL_RULE,
        changes=found,
        changed=tuple(ChangedAction(c, tuple(describe_action(site, c))) for c in changed),
        attention=needing,
        slipped=tuple(
            slipped(plan.actions, history.baseline_view if history is not None else site.baseline)
        ),
        overdue=sum(1 for a in needing if a.overdue),
        red=sum(1 for a in needing if a.red),
        indicators=tuple(indicator_row(i, as_at) for i in plan.indicators),
        recommendations=tuple(meeting.recommendations or ()),
        next_steps=tuple(info.next_steps or ()) if info is not None else (),
        milestones=tuple(
            sorted(
                (m for m in plan.milestones if m.date.first_day > as_at),
                key=lambda m: (m.date.first_day, m.id),
            )
        ),
        rag_definitions=plan.plan.rag_definitions,
    )
