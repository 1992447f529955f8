"""Real `mkdocs build --strict` runs: the example, another partnership, and hostile data."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import (
    EXAMPLE_DATA,
    MINIMAL,
    OTHER_DATA,
    copy_site,
    page_text,
    visible_text,
    warnings_in,
    write_data,
)

from planpress.core.load import load_plan


def make_project(folder: Path, data: Path | None) -> Path:
    """A copy of the site's sources with `data` as its data folder (the package is linked)."""
    copy_site(folder)
    if data is not None:
        shutil.copytree(data, folder / "data")
    return folder


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_example_requests_nothing_from_other_origins(example_site: Path) -> None:
    for path in example_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            if re.search(r'rel="(canonical|alternate)"', tag):
                continue  # an address, not a request
            url = re.search(r'(?:src|href)="(https?:)?//[^"]+"', tag)
            assert url is None, f"{path.relative_to(example_site)} loads {tag}"


def test_glossary_terms_are_abbreviations_on_pages(example_site: Path) -> None:
    plan = load_plan(EXAMPLE_DATA).plan
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert plan.glossary
    assert re.search(
        r"<abbr title=\"[^\"]+\">(" + "|".join(map(re.escape, plan.glossary)) + ")</abbr>", home
    )


def test_another_partnership_builds_without_code_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "other", OTHER_DATA)
    site = tmp_path / "site"
    done = build(project, site)
    assert done.returncode == 0, done.stderr
    assert warnings_in(done.stderr) == []
    text = page_text(site)
    plan = load_plan(OTHER_DATA).plan
    for action in plan.actions:
        assert f'id="{action.id}"' in text
    for organisation in plan.organisations:
        assert organisation.name in visible_text(text)
    example = load_plan(EXAMPLE_DATA).plan
    for action in example.actions:
        assert f'id="{action.id}"' not in text, "the example's data leaked into another site"
    assert "Stoke-on-Trent" not in text


HOSTILE = "<script>alert(1)</script> | {{ config }} *stars* [x](javascript:alert(2))\nsecond line"


def test_hostile_values_render_as_text(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data-in", MINIMAL)
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    one_line = quoted.split("\\n")[0]  # titles and names are one line (check refuses others)
    for name in ("actions/skills.yml", "organisations.yml", "groups.yml", "plan.yml"):
        path = data / name
        text = path.read_text(encoding="utf-8")
        text = text.replace("title: First action", f'title: "{one_line}"')
        text = text.replace("name: Test Council", f'name: "{one_line}"')
        text = text.replace("name: Skills Sub-Group", f'name: "{one_line}"')
        text = text.replace("summary: A small plan for tests.", f'summary: "{quoted}"')
        path.write_text(text, encoding="utf-8")
    write_data(data, {"glossary.yml": f'"LEP": "{quoted}"\n'})
    assert load_plan(data).problems == []
    project = make_project(tmp_path / "hostile", data)
    site = tmp_path / "site"
    done = build(project, site)
    assert done.returncode == 0, done.stderr
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "<script>alert(1)" not in everything
    assert 'href="javascript:' not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "{{ config }}" in everything  # shown literally, never evaluated
    assert "*stars*" in everything  # not turned into emphasis
