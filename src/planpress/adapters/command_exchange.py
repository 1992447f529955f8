"""`planpress export` and `planpress import`: the plan as a workbook and back."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from planpress.adapters.output import say
from planpress.core.load import load_plan
from planpress.core.outfiles import OutputError

if TYPE_CHECKING:
    from planpress.core.model import Plan

from planpress.adapters.commands import (
    data_for,
)


def cmd_export(args: argparse.Namespace) -> int:
    from planpress.exchange.workbook import write_workbook

    started = time.perf_counter()
    data = data_for(args)
    if data is None:
        return 1
    result = load_plan(data)
    for problem in result.problems:
        say(problem)
    if result.problems:
        say("planpress export: fix the problems above, then try again", error=True)
        return 1
    assert result.plan is not None
    try:
        written = write_workbook(result.plan, args.xlsx)
    except OutputError as exc:
        say(f"planpress export: {exc}", error=True)
        return 1
    plan = result.plan
    say(
        f"wrote {args.xlsx} ({len(plan.actions)} actions, {written.stat().st_size:,} bytes) in "
        f"{time.perf_counter() - started:.1f} s; edit it, then run: planpress import {args.xlsx}",
        error=True,
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from planpress.exchange.importer import ImportRefused, import_file

    def say_completed(files: list[str]) -> None:
        if files:
            say(
                f"planpress import: completed an import that was stopped before it finished: "
                f"wrote {', '.join(files)}",
                error=True,
            )

    def changed_words(before: Plan | None, after: Plan | None) -> list[str]:
        """The actions and recommendations changed, in the words of the What changed page."""
        from planpress.render.change_words import describe_change
        from planpress.render.site import Site
        from planpress.render.text import plain_label
        from planpress.versions.changes import compare

        if before is None or after is None:
            return []
        site, found, lines = Site(after), compare(before, after), []
        lines += [f"Added {a.id}: {a.title}" for a in found.added]
        lines += [f"Removed {a.id}: {a.title}" for a in found.removed]
        for action in found.changed:
            words = "; ".join(describe_change(site, c) for c in action.changes)
            lines.append(f"Changed {action.id}: {words}")
        for rec in found.recommendations:
            words = rec.kind
            if rec.kind == "changed":
                was = plain_label(rec.before) or "not set"
                words = f"{was} to {plain_label(rec.after) or 'not set'}"
            lines.append(f"Recommendation ({rec.id}) of {rec.meeting_title}: {words}")
        return lines

    started = time.perf_counter()
    data = data_for(args)
    if data is None:
        return 1
    try:
        outcome = import_file(args.file, data)
    except ImportRefused as exc:
        say_completed(exc.completed)
        for line in exc.problems:
            say(line)
        count = len(exc.problems)
        say(
            f"planpress import: {count} problem{'s' if count != 1 else ''} found in "
            f"{args.file}; nothing was changed",
            error=True,
        )
        return 1
    except OutputError as exc:
        say(f"planpress import: {exc}", error=True)
        return 1
    say_completed(outcome.completed)
    if not outcome.changed:
        say(f"{args.file}: nothing to change; {data} already holds what it gives", error=True)
        return 0
    for line in [*changed_words(outcome.before, outcome.after), *outcome.lines]:
        say(line)
    say(
        f"wrote {', '.join(outcome.written)} in {time.perf_counter() - started:.1f} s; "
        "review with git diff",
        error=True,
    )
    return 0
