"""The data reference (render/pages/data_reference.py): every field of every data file."""

from __future__ import annotations

from render_cases import (
    make_plan,
)

from planpress.core.model import Action
from planpress.render import (
    PAGE_MACROS,
    Site,
)
from planpress.render.pages.data_reference import file_sections


def test_reference_lists_every_field_of_action():
    html = PAGE_MACROS["data_reference"](Site(make_plan(), page_url="reference/"))
    action_section = html[html.index('id="ref-action"') :]
    action_section = action_section[: action_section.index("</table>")]
    for name in Action.model_fields:
        assert f"<code>{name}</code>" in action_section, name
    for status in ("proposed", "in-progress", "cancelled"):
        assert f"<code>{status}</code>" in action_section
    for nested in ("ref-budget", "ref-prospectus-ask", "ref-paper", "ref-recommendation"):
        assert f'id="{nested}"' in html
        assert f'href="#{nested}"' in html


def test_reference_covers_every_data_file():
    sections = file_sections()
    assert [s.heading for s in sections][:2] == ["data/plan.yml", "data/organisations.yml"]
    assert any(s.heading == "data/actions/*.yml" for s in sections)
    glossary = next(s for s in sections if s.spec.name == "glossary.yml")
    assert glossary.table is None
