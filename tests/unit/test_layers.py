"""The package's layers hold: each package imports only from those before it in one order,
counting the imports made inside functions too.

    core -> versions -> exchange -> render -> publishing -> adapters

- `core`: the data contract (model), loading and checking it, problems in words, settings;
  nothing from MkDocs.
- `versions`: records of published versions, what changed, the rules of publishing (pure).
- `exchange`: open data, spreadsheets, feeds and calendars.
- `render`: pages, charts and PDFs (the plan as HTML through templates).
- `publishing`: publishing a version with git and mike, the journal, the remote, processes.
- `adapters`: the thin entries: the mkdocs-macros module, the MkDocs plugin, the preview and
  the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "src" / "planpress"
LAYERS = ("core", "versions", "exchange", "render", "publishing", "adapters")
# Modules at the package's top: its version (imported by any layer), `planpress new` (a new
# site's repository, made with git) and `python -m planpress` (the command line).
TOP = {"planpress": -1, "planpress.newsite": LAYERS.index("publishing")}
TOP["planpress.__main__"] = LAYERS.index("adapters")


def layer_of(module: str) -> int:
    if module in TOP:
        return TOP[module]
    return LAYERS.index(module.split(".")[1])


def module_files() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[1] == "scaffold":  # a site's own files, not the package's
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path) -> set[str]:
    """Every planpress module or package that `name` imports, at its top or in a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "planpress"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] == "planpress":
                found.add(base)
    return found


def against_the_order() -> list[str]:
    wrong = []
    for name, path in module_files().items():
        mine = layer_of(name)
        for target in sorted(imported(name, path)):
            theirs = layer_of(".".join(target.split(".")[:2]) if target not in TOP else target)
            if theirs > mine:
                wrong.append(f"{name} imports {target}: {LAYERS[theirs]} comes after it")
    return wrong


def test_every_package_imports_only_from_those_before_it() -> None:
    assert against_the_order() == []


def test_every_module_is_in_a_layer() -> None:
    for name in module_files():
        layer_of(name)  # a KeyError or ValueError names a module outside every layer


def test_the_rule_finds_an_import_against_the_order(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text(
        "def later():\n    from planpress.render.site import Site\n    return Site\n",
        encoding="utf-8",
    )
    assert imported("planpress.core.probe", path) == {"planpress.render.site"}
    assert layer_of("planpress.render.site") > layer_of("planpress.core.probe")
