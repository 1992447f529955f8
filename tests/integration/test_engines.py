"""The engines planpress builds with: MkDocs 1.6 (the locked build) and ProperDocs, the
maintained drop-in fork of MkDocs 1.6. The core imports neither."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from support import ROOT

BIN = Path(sys.executable).parent
CORE = ROOT / "src" / "planpress" / "core"


def test_the_example_builds_with_properdocs_and_mike(tmp_path: Path) -> None:
    """`properdocs build --strict` on the example: planpress's plugin, the macros, mike's
    version selector and Material, through ProperDocs' own plugin loader."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("PLANPRESS_SITE_URL", None)
    site = tmp_path / "site"
    done = subprocess.run(
        [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="pp-skip"' in home  # planpress's theme overrides
    assert "javascripts/tables.js" in home  # and its scripts
    assert (site / "plan" / "skills-employment" / "index.html").is_file()  # sub-group pages
    assert (site / "plan.json").is_file()  # the macros adapter's on_post_build
    assert "<abbr" in (site / "strategy" / "index.html").read_text(encoding="utf-8")


def test_the_core_imports_no_engine() -> None:
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top not in {"mkdocs", "properdocs", "material", "mike"}, (
                    f"{path.relative_to(ROOT)} imports {name}"
                )
