"""The contributor's side: annotations on pull requests, the guide's messages, editor support."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from support import ACTION, EXAMPLE_DATA, MINIMAL, ROOT, write_data

from planpress.core.github_annotations import escape_data, escape_property, github_annotations
from planpress.core.load import load_plan
from planpress.core.model import DATA_FILES
from planpress.core.problems import Problem
from planpress.core.schema import schema_name
from planpress.render import Site
from planpress.render.pages.listings import group_page

GUIDE = ROOT / "src" / "planpress" / "pages" / "contributing.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
# What `planpress new` starts a site with: the guide's examples must hold in it.
SCAFFOLD = ROOT / "src" / "planpress" / "scaffold"
SCAFFOLD_DATA = SCAFFOLD / "data"
SITE_CONTRIBUTING = SCAFFOLD / "CONTRIBUTING.md"

# ---------------------------------------------------------------- annotations


def test_annotation_format() -> None:
    problems = [Problem("data/groups.yml", 4, 11, "parent 'boardd' is not a group")]
    assert github_annotations(problems) == [
        "::error file=data/groups.yml,line=4,col=11::parent 'boardd' is not a group"
    ]


def test_annotation_escapes_message_and_properties_as_github_documents() -> None:
    problem = Problem("data/a,b:c%.yml", 1, 2, "100% sure\r\nnext: line, with comma")
    (line,) = github_annotations([problem])
    assert line == (
        "::error file=data/a%2Cb%3Ac%25.yml,line=1,col=2::100%25 sure%0D%0Anext: line, with comma"
    )
    assert escape_data("%\r\n:,") == "%25%0D%0A:,"
    assert escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"


def test_no_problems_no_annotations() -> None:
    assert github_annotations([]) == []


def run_check(cwd: Path, github_actions: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if github_actions is not None:
        env["GITHUB_ACTIONS"] = github_actions
    return subprocess.run(
        [sys.executable, "-m", "planpress", "check"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


BROKEN_ACTIONS = """\
- id: SKL-01
  title: "Skills: 100% funded"
  strand: growth
  theme: recovery
  group: skills
  owner: test-lepp
  status: in progress
"""


def test_check_on_github_actions_prints_annotations_for_a_broken_file(minimal_data: Path) -> None:
    write_data(minimal_data, {"actions/skills.yml": BROKEN_ACTIONS})
    done = run_check(minimal_data.parent, "true")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "data/actions/skills.yml:6:10: owner 'test-lepp' is not an organisation in "
        "organisations.yml (did you mean 'test-lep'?)",
        "data/actions/skills.yml:7:11: 'in progress' is not an allowed status (did you mean "
        "'in-progress'? allowed: proposed, planned, in-progress, complete, paused, cancelled)",
        "::error file=data/actions/skills.yml,line=6,col=10::owner 'test-lepp' is not an "
        "organisation in organisations.yml (did you mean 'test-lep'?)",
        "::error file=data/actions/skills.yml,line=7,col=11::'in progress' is not an allowed "
        "status (did you mean 'in-progress'? allowed: proposed, planned, in-progress, complete, "
        "paused, cancelled)",
    ]
    assert done.stderr == "2 problems found in data\n"


@pytest.mark.parametrize("value", [None, "false", "1"])
def test_check_elsewhere_prints_no_annotations(minimal_data: Path, value: str | None) -> None:
    write_data(minimal_data, {"actions/skills.yml": BROKEN_ACTIONS})
    done = run_check(minimal_data.parent, value)
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 2
    assert "::error" not in done.stdout + done.stderr


def test_check_on_github_actions_with_good_data_prints_nothing_more(minimal_data: Path) -> None:
    done = run_check(minimal_data.parent, "true")
    assert done.returncode == 0
    assert done.stdout == ""


# ---------------------------------------------------------------- the guide's messages

# The guide is shipped to every partnership's site, so its mistakes are made in the data a new
# site starts with (`planpress new`): data/actions/skills.yml holding only SITE_ACTION, or a
# record added to one of the starting files. The guide quotes what `planpress check` prints for
# each, word for word.
SITE_ACTION = """\
- id: {id}
  title: An action
  strand: growth
  theme: short-term-support
  group: skills
  owner: example-college
  status: planned
{more}"""

# Two meetings that publish the same version, put before the starting meetings. (Records put
# at the top of a file keep the guide's line numbers whatever the starting file holds.)
TWO_MEETINGS = """\
- id: board-2027-06-17
  date: 2027-06-17
  body: board
  title: Partnership Board, 17 June 2027
  publishes:
    version: "2027-06-17"
    title: Approved plan (June 2027)
    stage: approved

- id: board-2027-09-16
  date: 2027-09-16
  body: board
  title: Partnership Board, 16 September 2027
  publishes:
    version: "2027-06-17"
    title: Approved plan (September 2027)
    stage: approved

"""


def site_action(more: str = "", *, id: str = "SKL-01", old: str = "", new: str = "") -> str:
    """SITE_ACTION with `more` lines after it and, if `old` is given, `old` replaced by `new`."""
    text = SITE_ACTION.format(id=id, more=more)
    if old:
        assert old in text, old
        text = text.replace(old, new)
    return text


def starting_file(name: str) -> str:
    return (SCAFFOLD_DATA / name).read_text(encoding="utf-8")


GUIDE_CASES: dict[str, dict[str, str]] = {
    "value not allowed": {
        "actions/skills.yml": site_action(old="status: planned", new="status: in progress")
    },
    "misspelt field": {
        "actions/skills.yml": site_action("  stauts: complete\n", old="  status: planned\n")
    },
    "missing field": {"actions/skills.yml": site_action(old="  owner: example-college\n")},
    "unknown reference": {
        "actions/skills.yml": site_action(old="owner: example-college", new="owner: example-colege")
    },
    "organisation kind": {
        "organisations.yml": "- id: new-org\n  name: New\n  kind: charity\n\n"
        + starting_file("organisations.yml")
    },
    "date written another way": {"actions/skills.yml": site_action("  due: 31/03/2027\n")},
    "day that does not exist": {"actions/skills.yml": site_action("  due: 2027-02-30\n")},
    "due before start": {
        "actions/skills.yml": site_action("  start: 2027-09-01\n  due: 2027-08\n")
    },
    "money": {"actions/skills.yml": site_action("  budget:\n    amount: £100,000\n")},
    "text for a list": {"actions/skills.yml": site_action("  outputs: A report\n")},
    "colon in text": {
        "actions/skills.yml": site_action(old="title: An action", new="title: Skills: a new action")
    },
    "tab": {"actions/skills.yml": site_action("\tsummary: x\n")},
    "field twice": {"actions/skills.yml": site_action("  status: complete\n")},
    "id used twice": {"actions/skills.yml": site_action() + "\n" + site_action()},
    "action id written wrongly": {"actions/skills.yml": site_action(id="skl-1")},
    "version published twice": {"meetings.yml": TWO_MEETINGS + starting_file("meetings.yml")},
}

# The repository's own CONTRIBUTING.md, for people working on planpress, quotes four of the
# messages as the test fixture's data gives them (data/actions/skills.yml is the ACTION of
# conftest.py).
DEVELOPER_CASES: dict[str, dict[str, str]] = {
    "value not allowed": {
        "actions/skills.yml": ACTION.format(id="SKL-01", more="").replace(
            "status: planned", "status: in progress"
        )
    },
    "unknown reference": {
        "actions/skills.yml": ACTION.format(id="SKL-01", more="").replace(
            "owner: test-lep", "owner: test-lepp"
        )
    },
    "date written another way": {
        "actions/skills.yml": ACTION.format(id="SKL-01", more="  due: 31/03/2021\n")
    },
    "colon in text": {
        "actions/skills.yml": ACTION.format(id="SKL-01", more="").replace(
            "title: An action", "title: Skills: a new action"
        )
    },
}

MESSAGE_LINE = re.compile(r"^data/[\w./-]+:\d+:\d+: .+$", re.MULTILINE)


def check_messages(
    factory: pytest.TempPathFactory,
    start: Callable[[Path], None],
    cases: dict[str, dict[str, str]],
) -> dict[str, list[str]]:
    """What `planpress check` prints for each case: the data `start` writes, then its changes."""
    found = {}
    here = Path.cwd()
    for case, changes in cases.items():
        folder = factory.mktemp("guide")
        os.chdir(folder)
        try:
            start(folder / "data")
            write_data(folder / "data", changes)
            found[case] = [str(p) for p in load_plan("data").problems]
        finally:
            os.chdir(here)
    return found


@pytest.fixture(scope="module")
def guide_messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """What `planpress check` prints for each of the guide's mistakes, in a new site's data."""
    return check_messages(
        tmp_path_factory, lambda data: shutil.copytree(SCAFFOLD_DATA, data), GUIDE_CASES
    )


@pytest.fixture(scope="module")
def developer_messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """What `planpress check` prints for the mistakes CONTRIBUTING.md quotes, in the fixture."""
    return check_messages(tmp_path_factory, lambda data: write_data(data, MINIMAL), DEVELOPER_CASES)


def test_the_starting_data_has_no_problems_of_its_own(tmp_path: Path) -> None:
    """So that every message below comes from the mistake made, not from the starting data."""
    shutil.copytree(SCAFFOLD_DATA, tmp_path / "data")
    with pytest.MonkeyPatch.context() as env:
        env.chdir(tmp_path)
        assert [str(p) for p in load_plan("data").problems] == []


def test_each_mistake_in_the_guide_gives_a_message(
    guide_messages: dict[str, list[str]], developer_messages: dict[str, list[str]]
) -> None:
    for case, messages in {**guide_messages, **developer_messages}.items():
        assert messages, f"{case}: planpress check found nothing"


def test_the_guide_quotes_every_message_exactly(guide_messages: dict[str, list[str]]) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [m for ms in guide_messages.values() for m in ms if m not in guide]
    assert missing == [], "src/planpress/pages/contributing.md does not quote these messages"


@pytest.mark.parametrize(
    ("path", "messages"),
    [
        (GUIDE, "guide_messages"),
        (SITE_CONTRIBUTING, "guide_messages"),
        (CONTRIBUTING, "developer_messages"),
    ],
    ids=["pages/contributing.md", "scaffold/CONTRIBUTING.md", "CONTRIBUTING.md"],
)
def test_every_message_quoted_is_one_planpress_check_prints(
    path: Path, messages: str, request: pytest.FixtureRequest
) -> None:
    printed = {m for ms in request.getfixturevalue(messages).values() for m in ms}
    quoted = MESSAGE_LINE.findall(path.read_text(encoding="utf-8"))
    assert quoted, f"{path.name} quotes no message"
    assert [q for q in quoted if q not in printed] == []


def test_the_guide_is_shown_as_written_not_rendered_by_macros() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---", 2)[1])
    assert front["render_macros"] is False
    assert "{{ partners() }}" in text


def test_the_guide_is_in_the_navigation() -> None:
    from planpress.adapters.plugin_nav import DEFAULT_NAV

    (reference,) = [entry["Reference"] for entry in DEFAULT_NAV if "Reference" in entry]
    assert {"How to contribute": "contributing.md"} in reference


def test_the_guide_links_to_the_data_reference_tables() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for anchor in ("ref-action", "ref-budget", "ref-meeting", "ref-publishes", "ref-organisation"):
        assert f"(reference.md#{anchor})" in text


def test_the_guide_describes_every_field_of_an_action_a_meeting_and_an_organisation() -> None:
    from planpress.core.model import Action, Meeting, Organisation, Record

    text = GUIDE.read_text(encoding="utf-8")
    common = set(Record.model_fields)
    for model in (Action, Meeting, Organisation):
        for name in set(model.model_fields) - common:
            assert f"`{name}`" in text, f"the guide does not describe {model.__name__}.{name}"
    for name in common:
        assert f"`{name}" in text


# The action, meeting and organisation the guide shows, each with the file it belongs in.
GUIDE_EXAMPLES = {
    "SKL-04": "actions/skills.yml",
    "board-2027-07-15": "meetings.yml",
    "example-training": "organisations.yml",
}


def guide_examples() -> dict[str, str]:
    """The guide's YAML examples that start with `- id:`, by the id they start with."""
    blocks = re.findall(r"```yaml\n(- id: .*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    return {re.match(r"- id: (\S+)", block).group(1): block for block in blocks}


def test_the_guides_examples_pass_the_check_in_a_new_sites_data(tmp_path: Path) -> None:
    """Each example, added to the data `planpress new` starts a site with, as a reader would."""
    examples = guide_examples()
    assert set(GUIDE_EXAMPLES) <= set(examples), "an example is missing from the guide"
    data = tmp_path / "data"
    shutil.copytree(SCAFFOLD_DATA, data)
    for record_id, file in GUIDE_EXAMPLES.items():
        records = yaml.safe_load(examples[record_id])
        assert [r["id"] for r in records] == [record_id], f"{record_id} is not one record"
        with (data / file).open("a", encoding="utf-8") as out:
            out.write("\n" + examples[record_id])
    done = run_check(tmp_path, None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("data: no problems")
    with pytest.MonkeyPatch.context() as env:
        env.chdir(tmp_path)
        result = load_plan("data")
    assert [str(p) for p in result.problems] == []
    assert "SKL-04" in {a.id for a in result.plan.actions}
    assert "board-2027-07-15" in {m.id for m in result.plan.meetings}
    assert "example-training" in {o.id for o in result.plan.organisations}


def test_the_guides_examples_are_new_to_a_new_site() -> None:
    """A reader adds them: none may already be in the starting data (the check would refuse a
    second record with the same id, but only once it is added)."""
    result = load_plan(SCAFFOLD_DATA)
    existing = (
        {a.id for a in result.plan.actions}
        | {m.id for m in result.plan.meetings}
        | {o.id for o in result.plan.organisations}
    )
    assert existing.isdisjoint(GUIDE_EXAMPLES)


def test_the_guide_names_nothing_of_the_worked_example() -> None:
    """The guide is shipped to every site: no id of this repository's own plan appears in it,
    unless a new site starts with the same id."""

    def ids(folder: Path) -> set[str]:
        plan = load_plan(folder).plan
        found = {plan.plan.id, plan.plan.organisation}
        found |= {s.id for s in plan.plan.strands} | {t.id for t in plan.plan.themes}
        for records in (
            plan.actions,
            plan.meetings,
            plan.organisations,
            plan.groups,
            plan.milestones,
            plan.procurements,
        ):
            found |= {r.id for r in records or []}
        return found

    text = GUIDE.read_text(encoding="utf-8")
    words = set(re.findall(r"[\w-]+", text))
    # An action id such as SKL-04 is only a sub-group's letters and a number: the guide's own
    # examples, new to a new site, may share one with the worked example.
    worked_example_only = ids(EXAMPLE_DATA) - ids(SCAFFOLD_DATA) - set(GUIDE_EXAMPLES)
    assert worked_example_only, "the worked example has no ids of its own"
    named = sorted(worked_example_only & words)
    assert named == [], f"the guide names ids of the worked example: {named}"


# ---------------------------------------------------------------- editors


def test_every_data_file_is_mapped_to_its_schema_for_editors() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    for spec in DATA_FILES:
        schema = f"./schema/{schema_name(spec)}"
        assert schema in mapping, f"{spec.name} has no schema in .vscode/settings.json"
    for path in sorted(EXAMPLE_DATA.rglob("*.yml")):
        relative = path.relative_to(ROOT).as_posix()
        matched = [
            s for s, globs in mapping.items() if any(fnmatch.fnmatch(relative, g) for g in globs)
        ]
        assert len(matched) == 1, f"{relative} matches {matched}"
        spec = next(
            s for s in DATA_FILES if relative.startswith(f"data/{s.name.removesuffix('.yml')}")
        )
        assert matched == [f"./schema/{schema_name(spec)}"]


def editorconfig_for(name: str) -> dict[str, str]:
    """The .editorconfig settings that apply to a file called `name` (later sections win)."""
    import configparser
    import fnmatch

    text = (ROOT / ".editorconfig").read_text(encoding="utf-8")
    parser = configparser.ConfigParser(comment_prefixes=("#", ";"))
    parser.read_string("[top]\n" + text)
    assert parser.get("top", "root") == "true"
    settings: dict[str, str] = {}
    for section in parser.sections():
        patterns = re.fullmatch(r"\*\.\{(.*)\}", section)
        globs = [f"*.{ext}" for ext in patterns.group(1).split(",")] if patterns else [section]
        if any(fnmatch.fnmatch(name, glob) for glob in globs):
            settings.update(parser[section])
    return settings


def test_data_files_follow_the_editorconfig() -> None:
    """What .editorconfig tells editors is what the data files hold: UTF-8, LF, a final
    newline, no trailing whitespace, and two-space indents without tabs."""
    settings = editorconfig_for("actions.yml")
    assert settings["charset"] == "utf-8"
    assert settings["end_of_line"] == "lf"
    assert settings["indent_style"] == "space"
    assert settings["indent_size"] == "2"
    assert settings["insert_final_newline"] == settings["trim_trailing_whitespace"] == "true"
    for path in sorted(EXAMPLE_DATA.rglob("*.yml")):
        raw = path.read_bytes()
        name = path.relative_to(ROOT)
        assert b"\r" not in raw, f"{name}: line endings must be LF"
        assert raw.endswith(b"\n"), f"{name}: no newline at the end"
        assert b"\t" not in raw, f"{name}: a tab"
        for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            assert line == line.rstrip(), f"{name}:{number}: trailing whitespace"
            indent = len(line) - len(line.lstrip(" "))
            assert indent % 2 == 0, f"{name}:{number}: an indent of {indent} spaces"


# ---------------------------------------------------------------- edit links


@pytest.fixture
def example_site() -> tuple[Site, str]:
    result = load_plan(EXAMPLE_DATA)
    action = result.plan.actions[0]
    site = Site(
        result.plan,
        page_url=f"plan/{action.group}/",
        locations=result.locations,
        repo_edit_base="https://github.com/planpress/planpress/edit/main/",
        project_dir=ROOT,
    )
    return site, action.id


def test_each_action_links_to_its_file_and_line(example_site: tuple[Site, str]) -> None:
    site, action_id = example_site
    location = site.locations[("action", action_id)]
    path = Path(location.path).resolve().relative_to(ROOT).as_posix()
    assert site.source("action", action_id).repository_path == path
    assert site.source_edit_url("action", action_id) == (
        f"https://github.com/planpress/planpress/edit/main/{path}"
    )
    assert site.source("action", action_id).view_url == (
        f"https://github.com/planpress/planpress/blob/main/{path}#L{location.line}"
    )
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    assert lines[location.line - 1] == f"- id: {action_id}"


def test_the_action_card_shows_the_links(example_site: tuple[Site, str]) -> None:
    site, action_id = example_site
    html = group_page(site, site.record("action", action_id).group)
    where = site.source("action", action_id)
    edit = site.source_edit_url("action", action_id)
    assert f'<a href="{where.view_url}"><code>{where.repository_path}</code>' in html
    assert f'<a href="{edit}">Propose a change to {action_id}</a>' in html


def test_without_a_repository_the_card_names_the_file_as_before() -> None:
    result = load_plan(EXAMPLE_DATA)
    action = result.plan.actions[0]
    site = Site(result.plan, page_url="plan/x/", locations=result.locations)
    assert site.source_edit_url("action", action.id) is None
    assert site.source("action", action.id).view_url is None
    html = group_page(site, action.group)
    assert "Propose a change" not in html


def test_edit_links_only_for_files_inside_the_project_and_web_addresses() -> None:
    result = load_plan(EXAMPLE_DATA)
    action_id = result.plan.actions[0].id
    outside = Site(
        result.plan,
        locations=result.locations,
        repo_edit_base="https://github.com/o/r/edit/main/",
        project_dir=ROOT / "tests",
    )
    assert outside.source_edit_url("action", action_id) is None
    script = Site(
        result.plan,
        locations=result.locations,
        repo_edit_base="javascript:alert(1)//edit/main/",
        project_dir=ROOT,
    )
    assert script.source_edit_url("action", action_id) is None
    assert script.source("action", action_id).view_url is None


def test_paths_with_spaces_are_encoded() -> None:
    from planpress.core.load import SourceLocation

    result = load_plan(EXAMPLE_DATA)
    action_id = result.plan.actions[0].id
    site = Site(
        result.plan,
        locations={("action", action_id): SourceLocation("data/actions/my group.yml", 3)},
        repo_edit_base="https://gitlab.example.org/o/r/-/edit/main",
    )
    assert site.source_edit_url("action", action_id) == (
        "https://gitlab.example.org/o/r/-/edit/main/data/actions/my%20group.yml"
    )
    assert site.source("action", action_id).view_url == (
        "https://gitlab.example.org/o/r/-/blob/main/data/actions/my%20group.yml#L3"
    )
