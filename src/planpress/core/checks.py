"""Checks across records: ids unique, references resolve, dates in order, no cycles, money adds up.

Each check takes the records as loaded (with where they came from) and returns problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planpress.core.characters import shown
from planpress.core.collected import Collected, Entry
from planpress.core.decisions import check_decisions
from planpress.core.problems import Problem
from planpress.core.versionnames import version_name_problem
from planpress.core.wording import suggest

# What each kind is called in messages, and the file that lists it.
WHERE = {
    "organisation": ("an organisation", "organisations.yml"),
    "group": ("a group", "groups.yml"),
    "action": ("an action", "actions/"),
    "meeting": ("a meeting", "meetings.yml"),
    "strand": ("a strand", "plan.yml strands"),
    "theme": ("a theme", "plan.yml themes"),
    "milestone": ("a milestone", "milestones.yml"),
    "indicator": ("an indicator", "indicators.yml"),
}

# (kind of record, field, kind it refers to). A field may hold one id or a list of ids.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("plan", "organisation", "organisation"),
    ("document", "organisation", "organisation"),
    ("organisation", "part_of", "organisation"),
    ("group", "members", "organisation"),
    ("group", "parent", "group"),
    ("action", "strand", "strand"),
    ("action", "theme", "theme"),
    ("action", "group", "group"),
    ("action", "owner", "organisation"),
    ("action", "partners", "organisation"),
    ("action", "depends_on", "action"),
    ("meeting", "body", "group"),
    ("procurement", "agreed_by", "group"),
    ("procurement", "approved_at", "meeting"),
    ("procurement", "supplier", "organisation"),
    ("prospectus", "fiscal_event", "milestone"),
    ("action", "indicators", "indicator"),
    ("indicator", "theme", "theme"),
    ("indicator", "strand", "strand"),
)

ID_KINDS = (
    "strand",
    "theme",
    "document",
    "organisation",
    "group",
    "action",
    "meeting",
    "milestone",
    "procurement",
    "indicator",
)


def run_checks(collected: Collected) -> list[Problem]:
    """Every problem found across records."""
    problems: list[Problem] = []
    for kind in ID_KINDS:
        problems.extend(check_unique_ids(kind, collected.of(kind)))
    problems.extend(check_references(collected))
    problems.extend(check_dates(collected.of("action")))
    problems.extend(check_budgets(collected.of("action")))
    problems.extend(check_cycles(collected.of("action")))
    problems.extend(check_meetings(collected.of("meeting")))
    problems.extend(check_indicators(collected.of("indicator")))
    problems.extend(
        check_decisions(
            collected.of("action"),
            collected.of("meeting"),
            meetings_failed=LISTED_IN["meeting"] in collected.failed_files,
            broken=collected.broken_ids("meeting"),
        )
    )
    return problems


def check_unique_ids(kind: str, entries: Iterable[Entry]) -> Iterator[Problem]:
    first: dict[str, Entry] = {}
    for entry in entries:
        record_id = entry.record.id
        if record_id in first:
            yield entry.problem(
                ("id",),
                f"duplicate {kind} id '{record_id}' (already used at "
                f"{first[record_id].position()}; every {kind} needs its own id)",
            )
        else:
            first[record_id] = entry


# The file that lists each kind of record: when it cannot be read at all, references to that
# kind are not checked (its own problems say why; more would only repeat them).
LISTED_IN = {
    "organisation": "organisations.yml",
    "group": "groups.yml",
    "action": "actions",
    "meeting": "meetings.yml",
    "strand": "plan.yml",
    "theme": "plan.yml",
    "milestone": "milestones.yml",
    "indicator": "indicators.yml",
}


def check_references(collected: Collected) -> Iterator[Problem]:
    valid: dict[str, set[str]] = {}
    for target in {ref[2] for ref in REFERENCES}:
        valid[target] = {e.record.id for e in collected.of(target)}
    for kind, name, target in REFERENCES:
        if LISTED_IN[target] in collected.failed_files:
            continue
        known = valid[target] | collected.broken_ids(target)
        for entry in collected.of(kind) + collected.broken.get(kind, []):
            value = getattr(entry.record, name)
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            for index, ref in enumerate(values):
                if ref in known:
                    continue
                sub = (name, index) if isinstance(value, list) else (name,)
                yield entry.problem(sub, _unknown(name, ref, target, valid[target]))


def _unknown(name: str, ref: str, target: str, known: set[str]) -> str:
    article, where = WHERE.get(target, (f"a {target}", f"{target}s"))
    guess = suggest(ref, sorted(known))
    hint = f"did you mean '{guess}'?" if guess else f"ids are listed in {where}"
    return f"{name} '{shown(ref)}' is not {article} in {where} ({hint})"


def check_dates(actions: Iterable[Entry]) -> Iterator[Problem]:
    for entry in actions:
        start, due = entry.record.start, entry.record.due
        if start is not None and due is not None and due.last_day < start.first_day:
            yield entry.problem(
                ("due",), f"due {due} is before start {start} (due must be on or after start)"
            )


def check_budgets(actions: Iterable[Entry]) -> Iterator[Problem]:
    for entry in actions:
        budget = entry.record.budget
        if not budget or budget.amount is None or budget.funded is None:
            continue
        if budget.funded > budget.amount:
            yield entry.problem(
                ("budget", "funded"),
                f"budget.funded ({budget.funded}) is more than budget.amount "
                f"({budget.amount}) (the money secured cannot be more than the cost)",
            )


def check_cycles(actions: list[Entry]) -> Iterator[Problem]:
    """Each cycle in `depends_on`, reported once, at the first action of the cycle."""
    by_id = {e.record.id: e for e in actions}
    graph = {
        action_id: [d for d in (e.record.depends_on or []) if d in by_id]
        for action_id, e in by_id.items()
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()
    for root in sorted(graph):
        if state.get(root):
            continue
        path: list[str] = [root]
        iterators = [iter(graph[root])]
        state[root] = 1
        while iterators:
            step = next(iterators[-1], None)
            if step is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            if state.get(step) == 1:
                cycle = path[path.index(step) :]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    first = min(cycle)
                    at = cycle.index(first)
                    ordered = cycle[at:] + cycle[:at] + [first]
                    entry = by_id[first]
                    index = (entry.record.depends_on or []).index(ordered[1])
                    yield entry.problem(
                        ("depends_on", index),
                        f"depends_on makes a cycle: {' -> '.join(ordered)} "
                        "(an action cannot wait, even indirectly, on itself)",
                    )
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                iterators.append(iter(graph[step]))


def check_meetings(meetings: Iterable[Entry]) -> Iterator[Problem]:
    published: dict[str, Entry] = {}
    for entry in meetings:
        meeting = entry.record
        seen: set[str] = set()
        for index, rec in enumerate(meeting.recommendations or []):
            if rec.id in seen:
                yield entry.problem(
                    ("recommendations", index, "id"),
                    f"duplicate recommendation id '{rec.id}' in meeting '{meeting.id}' "
                    "(each recommendation of a meeting needs its own id)",
                )
            seen.add(rec.id)
        if meeting.publishes is None:
            continue
        version = meeting.publishes.version
        problem = version_name_problem(version)
        if problem is not None:
            yield entry.problem(("publishes", "version"), problem)
            continue
        folder = version.lower()  # one folder of the site, where case is not told apart
        if folder not in published:
            published[folder] = entry
            continue
        first = published[folder].record
        if first.publishes.version == version:
            yield entry.problem(
                ("publishes", "version"),
                f"version '{version}' is already published by meeting "
                f"'{first.id}' (each version is published by one meeting)",
            )
        else:
            yield entry.problem(
                ("publishes", "version"),
                f"version '{version}' differs only in capitals from version "
                f"'{first.publishes.version}', published by meeting '{first.id}' (each version "
                "becomes a folder of the site, so names must differ in more than capitals)",
            )


def check_indicators(indicators: Iterable[Entry]) -> Iterator[Problem]:
    """Dates in order: the target and every value on or after the baseline, values in order."""
    for entry in indicators:
        indicator = entry.record
        baseline = indicator.baseline.date
        target = indicator.target
        if target is not None and target.date.last_day < baseline.first_day:
            yield entry.problem(
                ("target", "date"),
                f"target date {target.date} is before the baseline date {baseline} (a target "
                "is set for a date after the baseline)",
            )
        seen: dict[str, int] = {}
        for index, point in enumerate(indicator.values or []):
            if point.date.last_day < baseline.first_day:
                yield entry.problem(
                    ("values", index, "date"),
                    f"value dated {point.date} is before the baseline date {baseline} (values "
                    "are measured on or after the baseline)",
                )
            key = str(point.date)
            if key in seen:
                yield entry.problem(
                    ("values", index, "date"),
                    f"a second value for {point.date} (the first is value {seen[key] + 1}; "
                    "give one value per date)",
                )
            seen.setdefault(key, index)
