"""The private parts of MkDocs that the preview relies on (adapters/mkdocs_private.py) are still
there and still take what planpress passes them. A release of MkDocs (or of ProperDocs, its
fork) that renames one, or changes its parameters, fails here with a message that names the
function and says what changed."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from planpress.adapters import mkdocs_private

# Each private function of MkDocs: its module (under `mkdocs.`), its name, and the wrapper
# in adapters/mkdocs_private.py that calls it.
PRIVATE: list[tuple[str, str, Callable[..., Any]]] = [
    ("livereload", "_serve_url", mkdocs_private.serve_url),
    ("commands.build", "_populate_page", mkdocs_private.populate_page),
    ("commands.build", "_build_page", mkdocs_private.build_page),
]
ENGINES = ("mkdocs", "properdocs")
CHECKED = ", ".join(mkdocs_private.CHECKED_AGAINST)


def engine(name: str) -> ModuleType:
    if name == "mkdocs":
        return importlib.import_module("mkdocs")
    return pytest.importorskip(name)


def function_of(engine_name: str, module: str, name: str) -> Callable[..., Any]:
    """The engine's function, or a failure saying that it is gone."""
    version = engine(engine_name).__version__
    found = getattr(importlib.import_module(f"{engine_name}.{module}"), name, None)
    if not callable(found):
        pytest.fail(
            f"{engine_name} {version} has no function {engine_name}.{module}.{name} any more "
            f"(renamed or removed): planpress's preview calls it through "
            f"adapters/mkdocs_private.py, checked against {CHECKED}"
        )
    return found


def what_the_wrapper_passes(
    module: str, name: str, wrapper: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments `wrapper` gives MkDocs' function, caught in place of the function."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(
        importlib.import_module(f"mkdocs.{module}"),
        name,
        lambda *args, **kwargs: calls.append((args, kwargs)) or "",
        raising=False,  # gone from MkDocs: the check of the function says so
    )
    wrapper(*(object() for _ in inspect.signature(wrapper).parameters))
    assert len(calls) == 1, f"adapters/mkdocs_private.py: {wrapper.__name__} calls {name} once"
    return calls[0]


def changes(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """What about `function`'s parameters no longer fits the arguments (empty if nothing)."""
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    names = [p.name for p in parameters]
    passed = names[: len(args)] + list(kwargs)
    found: list[str] = []
    for given in kwargs:
        if given not in names:
            found.append(f"it has no parameter `{given}` any more")
    if not found and names[: len(passed)] != passed:
        found.append(
            f"its parameters are now in another order: ({', '.join(names)}), where planpress "
            f"passes ({', '.join(passed)})"
        )
    for parameter in parameters[len(passed) :]:
        required = parameter.default is inspect.Parameter.empty
        if required and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            found.append(f"it now also requires `{parameter.name}`, which planpress does not pass")
    if not found:
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            found.append(f"it no longer takes the arguments as planpress passes them ({exc})")
    return "; ".join(found)


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize(
    ("module", "name", "wrapper"), PRIVATE, ids=[name for _, name, _ in PRIVATE]
)
def test_each_private_function_takes_what_planpress_passes(
    engine_name: str,
    module: str,
    name: str,
    wrapper: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    function = function_of(engine_name, module, name)
    args, kwargs = what_the_wrapper_passes(module, name, wrapper, monkeypatch)
    changed = changes(function, args, kwargs)
    assert not changed, (
        f"{engine_name} {engine(engine_name).__version__} changed "
        f"{engine_name}.{module}.{name}{inspect.signature(function)}: {changed}. "
        f"adapters/mkdocs_private.py ({wrapper.__name__}) must follow it; it was checked "
        f"against {CHECKED}"
    )


def test_a_changed_function_is_said_in_words() -> None:
    """What the test above says when MkDocs changes a function."""

    def renamed(page: Any, conf: Any, files: Any) -> None: ...

    def reordered(config: Any, page: Any, files: Any) -> None: ...

    def more(page: Any, config: Any, files: Any, site: Any) -> None: ...

    def fine(page: Any, config: Any, files: Any, dirty: bool = False) -> None: ...

    passed: dict[str, Any] = {"page": 1, "config": 2, "files": 3}
    assert changes(renamed, (), passed) == "it has no parameter `config` any more"
    assert changes(reordered, (), passed).startswith("its parameters are now in another order")
    assert changes(more, (), passed) == (
        "it now also requires `site`, which planpress does not pass"
    )
    assert changes(fine, (), passed) == ""


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_files_destination_is_worked_out_again_after_it_moves(
    engine_name: str, tmp_path: Path
) -> None:
    """`move_output` forgets the destination that MkDocs keeps (a cached property)."""
    engine(engine_name)
    files = importlib.import_module(f"{engine_name}.structure.files")
    kept = inspect.getattr_static(files.File, "abs_dest_path", None)
    assert isinstance(kept, cached_property), (
        f"{engine_name} {engine(engine_name).__version__}: File.abs_dest_path is no longer a "
        f"functools.cached_property ({kept!r}): adapters/mkdocs_private.py (move_output) forgets "
        "it by its name in the file's __dict__, which must follow"
    )
    file = files.File("index.md", str(tmp_path / "docs"), str(tmp_path / "one"), True)
    assert Path(file.abs_dest_path) == tmp_path / "one" / "index.html"
    mkdocs_private.move_output(file, str(tmp_path / "two"))
    assert Path(file.abs_dest_path) == tmp_path / "two" / "index.html"


def test_the_serve_address_is_the_one_mkdocs_serve_uses() -> None:
    assert mkdocs_private.serve_url("127.0.0.1", 8000, "/") == "http://127.0.0.1:8000/"
    assert mkdocs_private.serve_url("::1", 8001, "plan") == "http://::1:8001/plan/"
