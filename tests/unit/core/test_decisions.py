"""An action's `decisions`: each names a meeting and, optionally, one of its recommendations."""

from __future__ import annotations

from pathlib import Path

from support import MINIMAL, write_data

from planpress.core.load import load_plan

MEETINGS = """\
- id: board-2020-07-16
  date: 2020-07-16
  body: board
  title: Board meeting
  recommendations:
    - id: i
      text: Approve the plan.
    - id: ii
      text: Agree the budget.
- id: board-2020-09-17
  date: 2020-09-17
  body: board
  title: Board meeting
"""


def problems(tmp_path: Path, decisions: str) -> list[str]:
    action = (
        "- id: SKL-01\n  title: An action\n  strand: growth\n  theme: recovery\n"
        "  group: skills\n  owner: test-lep\n  status: planned\n  decisions:\n" + decisions
    )
    data = write_data(
        tmp_path / "data",
        {**MINIMAL, "meetings.yml": MEETINGS, "actions/skills.yml": action},
    )
    return [str(p).split("data/", 1)[1] for p in load_plan(data).problems]


def test_decisions_that_resolve_are_valid(tmp_path: Path) -> None:
    given = (
        "    - meeting: board-2020-07-16\n      recommendation: ii\n"
        "    - meeting: board-2020-09-17\n"
    )
    assert problems(tmp_path, given) == []


def test_each_wrong_decision_is_named_at_its_place(tmp_path: Path) -> None:
    given = (
        "    - meeting: bord-2020-07-16\n"
        "    - meeting: board-2020-07-16\n      recommendation: iii\n"
        "    - meeting: board-2020-09-17\n      recommendation: i\n"
        "    - meeting: board-2020-07-16\n      recommendation: i\n"
        "    - meeting: board-2020-07-16\n      recommendation: i\n"
    )
    assert problems(tmp_path, given) == [
        "actions/skills.yml:9:16: decision meeting 'bord-2020-07-16' is not a meeting in "
        "meetings.yml (did you mean 'board-2020-07-16'?)",
        "actions/skills.yml:11:23: decision recommendation 'iii' is not a recommendation of "
        "meeting 'board-2020-07-16' (did you mean 'ii'? its recommendations: i, ii)",
        "actions/skills.yml:13:23: decision recommendation 'i' is not a recommendation of "
        "meeting 'board-2020-09-17' (it has none; leave out `recommendation` to name the "
        "meeting's decision alone)",
        "actions/skills.yml:16:7: decision 'board-2020-07-16' recommendation 'i' is named twice "
        "(name each decision once)",
    ]


def test_an_unknown_field_in_a_decision_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, "    - meeting: board-2020-07-16\n      outcome: approved\n")
    assert len(found) == 1 and "outcome" in found[0]
