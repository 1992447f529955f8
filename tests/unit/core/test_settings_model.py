"""planpress's settings in mkdocs.yml (`extra.planpress`) as the model `PlanpressSettings`: what
is refused is said once per setting, in the order they are written, and is otherwise read as
its default; `!ENV` is read as MkDocs reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.core.settings import (
    SETTINGS,
    PlanpressSettings,
    SettingsError,
    read_config,
    settings_from,
    settings_problems,
)

PLUGINS = {"plugins": ["planpress", {"macros": {"module_name": "macros"}}]}


def problems_of(own: object) -> list[str]:
    return settings_problems({**PLUGINS, "extra": {"planpress": own}})


def test_the_settings_and_their_meanings_come_from_the_model() -> None:
    assert list(SETTINGS) == ["data", "releases", "publish_from", "nav"]
    assert list(SETTINGS) == list(PlanpressSettings.model_fields)
    for name, field in PlanpressSettings.model_fields.items():
        assert SETTINGS[name] == field.description
    assert PlanpressSettings() == PlanpressSettings(
        data="data", releases="releases", publish_from="main", nav=[]
    )


def test_every_problem_is_said_once_in_the_order_written() -> None:
    assert problems_of(
        {"nav": "index.md", "colour": "red", "data": 2024, "branch": "main", "releases": " "}
    ) == [
        "mkdocs.yml: extra.planpress.nav must be a list of pages",
        "mkdocs.yml: extra.planpress.colour is not a setting planpress knows; the settings are "
        "data, releases, publish_from, nav",
        f"mkdocs.yml: extra.planpress.data must be text: {SETTINGS['data']}",
        "mkdocs.yml: extra.planpress.branch is now called extra.planpress.publish_from: rename it",
        f"mkdocs.yml: extra.planpress.releases must be text: {SETTINGS['releases']}",
    ]


def test_good_settings_and_none_at_all_need_nothing() -> None:
    assert problems_of({"data": "content", "publish_from": "live", "nav": ["own.md"]}) == []
    assert problems_of(None) == []
    assert problems_of({}) == []


def test_a_setting_whose_name_is_not_text_is_named() -> None:
    assert problems_of({2024: "data"}) == [
        "mkdocs.yml: extra.planpress.2024 is not a setting planpress knows; the settings are "
        "data, releases, publish_from, nav"
    ]


def test_a_refused_setting_is_read_as_its_default(tmp_path: Path) -> None:
    own = {"data": ["a"], "releases": "records", "publish_from": 7, "nav": "x", "colour": 1}
    settings = settings_from(tmp_path, {"extra": {"planpress": own}})
    assert settings.data_dir == tmp_path / "data"
    assert settings.releases_dir == tmp_path / "records"
    assert settings.publish_from == "main"
    assert settings.nav == ()
    good = {"data": "plan data", "nav": ["a.md", {"B": "b.md"}]}
    settings = settings_from(tmp_path, {"extra": {"planpress": good}})
    assert settings.data_dir == tmp_path / "plan data"
    assert settings.nav == ("a.md", {"B": "b.md"})


def test_env_is_read_as_mkdocs_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: !ENV [PLANPRESS_TEST_A, PLANPRESS_TEST_B, 'https://example.org/']\n"
        "extra:\n  port: !ENV [PLANPRESS_TEST_PORT, 8000]\n  name: !ENV PLANPRESS_TEST_A\n",
        encoding="utf-8",
    )
    for name in ("PLANPRESS_TEST_A", "PLANPRESS_TEST_B", "PLANPRESS_TEST_PORT"):
        monkeypatch.delenv(name, raising=False)
    read = read_config(config)
    assert (read["site_url"], read["extra"]) == (
        "https://example.org/",
        {"port": 8000, "name": None},
    )
    monkeypatch.setenv("PLANPRESS_TEST_B", "https://b.example.org/")
    monkeypatch.setenv("PLANPRESS_TEST_PORT", "8001")  # a number, as YAML reads it
    read = read_config(config)
    assert (read["site_url"], read["extra"]["port"]) == ("https://b.example.org/", 8001)


def test_env_on_a_mapping_cannot_be_read(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV {a: b}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^mkdocs\.yml cannot be read \("):
        read_config(config)
