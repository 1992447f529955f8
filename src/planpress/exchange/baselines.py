"""`baselines.csv`: each action's baseline, its current values, and every move in between.

One row per action of the version: the first approved version that held it (its baseline)
with that version's start, due date and budget; the values now; how often each has moved since,
by how many days the due date has slipped, and each move with the version and meeting that
carried it. An action no approved version has held yet has its baseline cells empty. Computed
as at the version from the published records (`versions.history_fold`), never the working data.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from planpress.core.model import Plan
from planpress.exchange.columns import Column
from planpress.exchange.csvfiles import CSV_LINE_END, csv_cell
from planpress.exchange.tables import Table
from planpress.versions.build import BuildVersion
from planpress.versions.history import Move

BASELINES_FILE = "baselines.csv"

TABLE = Table(
    "baselines",
    "Baselines",
    "baseline",
    "Each action's baseline (its dates and budget in the first approved version that held "
    "it), its values now, and every move since, with the version and meeting that carried it.",
    (
        Column("action", ("action",), "id", "Id of the action.", True, refers_to="action"),
        Column(
            "baseline_version",
            ("baseline_version",),
            "text",
            "The first approved version that held the action: its baseline.",
        ),
        Column(
            "baseline_meeting",
            ("baseline_meeting",),
            "id",
            "Id of the meeting that published that version.",
            refers_to="meeting",
        ),
        Column("baseline_start", ("baseline_start",), "date", "Its start at the baseline."),
        Column("baseline_due", ("baseline_due",), "date", "Its due date at the baseline."),
        Column(
            "baseline_budget_amount",
            ("baseline_budget_amount",),
            "money",
            "Its budget at the baseline.",
        ),
        Column("start", ("start",), "date", "Its start in this version."),
        Column("due", ("due",), "date", "Its due date in this version."),
        Column("budget_amount", ("budget_amount",), "money", "Its budget in this version."),
        Column(
            "start_moves",
            ("start_moves",),
            "integer",
            "How many versions since the baseline moved its start.",
        ),
        Column(
            "due_moves",
            ("due_moves",),
            "integer",
            "How many versions since the baseline moved its due date.",
        ),
        Column(
            "budget_changes",
            ("budget_changes",),
            "integer",
            "How many versions since the baseline changed its budget.",
        ),
        Column(
            "due_slip_days",
            ("due_slip_days",),
            "number",
            "Days its due date has moved since the baseline: positive later, negative "
            "earlier (the last day of a month for a month).",
        ),
        Column(
            "rebaselined",
            ("rebaselined",),
            "boolean",
            "Whether its dates or budget have moved since the baseline.",
        ),
        Column(
            "moves",
            ("moves",),
            "lines",
            "Each move since the baseline: the field, from and to, the version and the "
            "meeting that carried it.",
        ),
    ),
    ("action",),
)


def rows(plan: Plan, build_version: BuildVersion) -> list[dict[str, Any]]:
    """The table's rows: one per action of `plan`, in the order of the data."""
    found = []
    for action in plan.actions:
        view = build_version.history.baseline_view(action)
        row: dict[str, Any] = {
            "action": action.id,
            "start": str(action.start) if action.start else None,
            "due": str(action.due) if action.due else None,
            "budget_amount": action.budget.amount if action.budget else None,
        }
        if view is not None:
            baseline = view.baseline
            row.update(
                baseline_version=baseline.step.version,
                baseline_meeting=baseline.step.meeting_id,
                baseline_start=baseline.start,
                baseline_due=baseline.due,
                baseline_budget_amount=baseline.amount,
                start_moves=len(view.moves_of("start")),
                due_moves=len(view.moves_of("due")),
                budget_changes=len(view.moves_of("budget.amount")),
                due_slip_days=view.slip_days,
                rebaselined=view.rebaselined,
                moves=[_move(m) for m in view.moves],
            )
        found.append(row)
    return found


def _move(move: Move) -> str:
    step, change = move.entry.step, move.change
    name = change.field.replace(".", "_")
    where = f"version {step.version}" if step.version else "this preview"
    if step.meeting_id:
        where += f", meeting {step.meeting_id} ({step.meeting_date})"
    return f"{name}: {_shown(change.before)} to {_shown(change.after)} in {where}"


def _shown(value: Any) -> str:
    return "not set" if value is None else str(value)


def baselines_csv(plan: Plan, build_version: BuildVersion) -> bytes:
    """The table as CSV in UTF-8, each cell as every open data CSV writes it (`csv_cell`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    writer.writerow(c.name for c in TABLE.columns)
    for row in rows(plan, build_version):
        writer.writerow(csv_cell(c, row.get(c.name)) for c in TABLE.columns)
    return out.getvalue().encode("utf-8")
