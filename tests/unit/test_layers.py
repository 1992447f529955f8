"""The package's layers hold: each package imports only from those before it in one order,
counting the imports made inside functions too.

    core -> versions -> exchange -> render -> publishing -> adapters

- `core`: the data contract (model), loading and checking it, problems in words, settings;
  nothing from MkDocs.
- `versions`: records of published versions, what changed, the rules of publishing (pure).
- `exchange`: open data, spreadsheets, feeds and calendars.
- `render`: pages, charts and PDFs (the plan as HTML through templates), itself in parts, each
  importing only from those before it: its shared modules (`render.site`, `render.records`,
  ...), then `render.charts`, `render.pages`, `render.pdf`, and `planpress.render` itself (the
  names the adapters use) last.
- `publishing`: publishing a version with git and mike, the journal, the remote, processes.
- `adapters`: the thin entries: the mkdocs-macros module, the MkDocs plugin, the preview and
  the command line.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "src" / "planpress"
LAYERS = ("core", "versions", "exchange", "render", "publishing", "adapters")
# Modules at the package's top: its version (imported by any layer), `planpress new` (a new
# site's repository, made with git) and `python -m planpress` (the command line).
TOP = {"planpress": -1, "planpress.newsite": LAYERS.index("publishing")}
TOP["planpress.__main__"] = LAYERS.index("adapters")
# The parts of `render`, in order: any module not in a subpackage is shared (first); the package
# itself gathers the names the adapters use (last).
RENDER_PARTS = ("shared", "charts", "pages", "pdf", "planpress.render")


def layer_of(module: str) -> int:
    if module in TOP:
        return TOP[module]
    return LAYERS.index(module.split(".")[1])


def render_part_of(module: str) -> int:
    """The part of `render` a module of it is in (`render.charts.frame`: charts)."""
    if module == "planpress.render":
        return RENDER_PARTS.index(module)
    part = module.split(".")[2]
    return RENDER_PARTS.index(part) if part in RENDER_PARTS else 0


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
                # `from planpress.render import charts`: the module, where it is one
                modules = {f"{base}.{a.name}" for a in node.names} & known_modules()
                found |= modules or {base}
    return found


@lru_cache(maxsize=1)
def known_modules() -> frozenset[str]:
    return frozenset(module_files())


def against_the_order() -> list[str]:
    wrong = []
    for name, path in module_files().items():
        mine = layer_of(name)
        for target in sorted(imported(name, path)):
            theirs = layer_of(".".join(target.split(".")[:2]) if target not in TOP else target)
            if theirs > mine:
                wrong.append(f"{name} imports {target}: {LAYERS[theirs]} comes after it")
    return wrong


def render_against_the_order() -> list[str]:
    wrong = []
    for name, path in module_files().items():
        if layer_of(name) != LAYERS.index("render"):
            continue
        mine = render_part_of(name)
        for target in sorted(imported(name, path)):
            if target.split(".")[:2] == ["planpress", "render"] and (render_part_of(target) > mine):
                wrong.append(f"{name} imports {target}: it comes after it in render")
    return wrong


def test_every_package_imports_only_from_those_before_it() -> None:
    assert against_the_order() == []


def test_every_part_of_render_imports_only_from_those_before_it() -> None:
    assert render_against_the_order() == []


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


def test_the_rule_finds_an_import_against_the_order_within_render(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text(
        "from planpress.render import pages\nfrom planpress.render.charts import frame\n",
        encoding="utf-8",
    )
    found = imported("planpress.render.probe", path)
    assert found == {"planpress.render.pages", "planpress.render.charts.frame"}
    for target in found:
        assert render_part_of(target) > render_part_of("planpress.render.probe")
    assert render_part_of("planpress.render") > render_part_of("planpress.render.pdf.report")
    assert render_part_of("planpress.render.pages.timeline") > render_part_of(
        "planpress.render.charts.timeline_chart"
    )
