"""Property-based: whatever is done to the example data, `planpress check` never raises."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import EXAMPLE_DATA

from planpress.core.load import load_plan
from planpress.core.problems import Problem

FILES = sorted(p.relative_to(EXAMPLE_DATA).as_posix() for p in EXAMPLE_DATA.rglob("*.yml"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2021-13-01", "2020-02-30", "2020-07", "SKL-99", "nobody", "in progress"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)

text_edits = st.one_of(
    st.tuples(st.just("delete-line"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate-line"), st.integers(0, 10_000)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.text(max_size=8)),
    st.tuples(
        st.just("insert"),
        st.integers(0, 10_000),
        st.sampled_from(
            [
                "\t",
                ": ",
                "- ",
                "&a ",
                "*a",
                "{",
                "[",
                "'",
                '"',
                "\n  ",
                "!!python/object:os.system ",
            ]
        ),
    ),
    st.tuples(st.just("truncate"), st.integers(0, 10_000)),
)

structure_edits = st.tuples(
    st.sampled_from(["replace", "delete", "add-key", "to-list", "to-mapping"]),
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
    values,
)


def apply_text_edit(text: str, edit: tuple) -> str:
    lines = text.split("\n")
    kind, at = edit[0], edit[1]
    if kind == "delete-line" and lines:
        del lines[at % len(lines)]
    elif kind == "duplicate-line" and lines:
        index = at % len(lines)
        lines.insert(index, lines[index])
    elif kind == "insert":
        position = at % (len(text) + 1)
        return text[:position] + edit[2] + text[position:]
    elif kind == "truncate":
        return text[: at % (len(text) + 1)]
    return "\n".join(lines)


def apply_structure_edit(data, edit):
    kind, path, value = edit
    if not isinstance(data, (list, dict)) or not data:
        return value
    parent, key = None, None
    node = data
    for step in path:
        if isinstance(node, list) and node:
            parent, key = node, step % len(node)
        elif isinstance(node, dict) and node:
            parent, key = node, sorted(node, key=str)[step % len(node)]
        else:
            break
        node = parent[key]
    if parent is None:
        return value
    if kind == "replace":
        parent[key] = value
    elif kind == "delete":
        del parent[key]
    elif kind == "add-key" and isinstance(parent[key], dict):
        parent[key]["stauts" if isinstance(value, str) else "zzz"] = value
    elif kind == "to-list":
        parent[key] = [parent[key]]
    elif kind == "to-mapping":
        parent[key] = {"value": parent[key]}
    return data


def assert_check_reports_cleanly(folder: Path) -> None:
    result = load_plan(folder)
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "Traceback" not in problem.message


def fresh_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXAMPLE_DATA, target)
    return target


SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("PLANPRESS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(name=st.sampled_from(FILES), edits=st.lists(text_edits, min_size=1, max_size=3))
def test_check_never_raises_on_text_edits(tmp_path: Path, name: str, edits: list) -> None:
    folder = fresh_copy(tmp_path)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    for edit in edits:
        text = apply_text_edit(text, edit)
    path.write_text(text, encoding="utf-8")
    assert_check_reports_cleanly(folder)


@SETTINGS
@given(name=st.sampled_from(FILES), edits=st.lists(structure_edits, min_size=1, max_size=3))
def test_check_never_raises_on_structure_edits(tmp_path: Path, name: str, edits: list) -> None:
    folder = fresh_copy(tmp_path)
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for edit in edits:
        data = apply_structure_edit(data, edit)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert_check_reports_cleanly(folder)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_check_never_raises_on_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    folder = fresh_copy(tmp_path)
    (folder / "meetings.yml").write_bytes(data)
    assert_check_reports_cleanly(folder)
