"""The one place that reads a site's settings: where its folders are, and what a site made for
an earlier release must change, said with the setting's name and never with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import MINIMAL, ROOT, copy_site, write_data

from planpress.core.settings import (
    read_config,
    settings_from,
    settings_problems,
    site_settings,
)

PLANPRESS = [sys.executable, "-m", "planpress"]
PLUGINS = {"plugins": ["search", "planpress", {"macros": {"module_name": "macros"}}]}


def planpress(folder: Path, *words: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PLANPRESS_SITE_URL", None)
    return subprocess.run(
        [*PLANPRESS, *words], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )


def test_folders_are_resolved_beside_mkdocs_yml(tmp_path: Path) -> None:
    settings = settings_from(
        tmp_path,
        {"site_url": "https://example.org/plan", "extra": {"planpress": {"data": "content"}}},
    )
    assert settings.data_dir == tmp_path / "content"
    assert settings.releases_dir == tmp_path / "releases"
    assert settings.site_dir == tmp_path / "site"
    assert settings.site_url == "https://example.org/plan/"
    assert settings.publish_from == "main"
    assert settings.relative(settings.data_dir) == "content"


def test_env_tags_are_read_as_mkdocs_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        'site_url: !ENV [PLANPRESS_TEST_URL, "https://example.org/a/"]\n'
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("PLANPRESS_TEST_URL", raising=False)
    assert site_settings(config).site_url == "https://example.org/a/"
    monkeypatch.setenv("PLANPRESS_TEST_URL", "http://127.0.0.1:8000/")
    assert site_settings(config).site_url == "http://127.0.0.1:8000/"
    assert read_config(config)["markdown_extensions"]


def test_the_example_and_a_new_site_need_no_change() -> None:
    assert settings_problems(read_config(ROOT / "mkdocs.yml")) == []
    scaffold = ROOT / "src" / "planpress" / "scaffold" / "mkdocs.yml"
    assert settings_problems(read_config(scaffold)) == []


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (
            {"extra": {"planpress": {"data_dir": "data"}}},
            "mkdocs.yml: extra.planpress.data_dir is now called extra.planpress.data: rename it",
        ),
        (
            {"extra": {"planpress": {"colour": "red"}}},
            "mkdocs.yml: extra.planpress.colour is not a setting planpress knows; the settings "
            "are data, releases, publish_from, nav",
        ),
        (
            {"extra": {"planpress": {"data": ["a"]}}},
            "mkdocs.yml: extra.planpress.data must be text: the folder that holds the plan's "
            "data files (default `data`)",
        ),
        (
            {"extra": {"planpress": "data"}},
            "mkdocs.yml: extra.planpress must be a mapping of settings "
            "(data, releases, publish_from, nav)",
        ),
        (
            {"hooks": ["macros/mkdocs_hooks.py"]},
            "mkdocs.yml: hooks lists macros/mkdocs_hooks.py, which planpress now provides "
            "itself: remove it, and list `- planpress` under plugins",
        ),
    ],
)
def test_what_a_site_must_change_is_said_with_the_settings_name(config: dict, said: str) -> None:
    assert settings_problems({**PLUGINS, **config}) == [said]


def test_a_missing_plugin_is_named() -> None:
    problems = settings_problems({"plugins": ["search"]})
    assert [p.split(":")[1].strip() for p in problems] == [
        "plugins does not list planpress",
        "plugins does not list macros",
    ]


def test_a_site_made_for_the_earlier_layout_is_told_what_to_change(tmp_path: Path) -> None:
    """A site whose mkdocs.yml still names the hooks file and the old setting's name."""
    folder = copy_site(tmp_path / "site")
    write_data(folder / "data", MINIMAL)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("    data: data\n", "    data_dir: data\n")
        + "hooks:\n  - macros/mkdocs_hooks.py\n",
        encoding="utf-8",
    )
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    for words in (("check",), ("build",)):
        done = planpress(folder, *words)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert "extra.planpress.data_dir is now called extra.planpress.data" in done.stdout
        assert "hooks lists macros/mkdocs_hooks.py" in done.stdout
        assert "needs the changes above" in done.stderr
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before  # no site/


def test_the_data_setting_is_what_check_and_build_read(tmp_path: Path) -> None:
    folder = copy_site(tmp_path / "site")
    write_data(folder / "plan-data", MINIMAL)
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("    data: data\n", "    data: plan-data\n"),
        encoding="utf-8",
    )
    checked = planpress(folder, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "plan-data: no problems" in checked.stderr
    built = planpress(folder, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (folder / "site" / "index.html").is_file()
