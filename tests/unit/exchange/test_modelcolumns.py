"""A field of the typed model as a column: its kind, allowed values, reference, whether it is
required, and whether a date may be a whole year; every table's columns are the model's."""

from __future__ import annotations

import pytest

from planpress.core.model import Action, Indicator, IndicatorValue, Procurement
from planpress.exchange.modelcolumns import model_column
from planpress.exchange.tables import TABLE_BY_NAME


@pytest.mark.parametrize(
    ("table", "model", "field", "kind"),
    [
        ("actions", Action, "id", "id"),
        ("actions", Action, "title", "text"),
        ("actions", Action, "due", "date"),
        ("actions", Action, "budget.amount", "money"),
        ("actions", Action, "partners", "ids"),
        ("actions", Action, "outputs", "lines"),
        ("actions", Action, "illustrative", "boolean"),
        ("actions", Action, "status", "text"),
        ("procurements", Procurement, "max_value", "money"),
        ("procurements", Procurement, "duration_months", "integer"),
        ("indicator_values", IndicatorValue, "value", "number"),
    ],
)
def test_each_kind_of_field(table: str, model: type, field: str, kind: str) -> None:
    found = model_column(table, model, field)
    assert found.kind == kind
    assert found.name == field.replace(".", "_") and found.path == tuple(field.split("."))
    assert found == TABLE_BY_NAME[table].column(found.name)


def test_choices_references_requirement_and_years() -> None:
    status = model_column("actions", Action, "status")
    assert status.allowed[:2] == ("proposed", "planned") and status.refers_to is None
    assert model_column("actions", Action, "owner").refers_to == "organisation"
    assert model_column("actions", Action, "depends_on").refers_to == "action"
    assert model_column("actions", Action, "id").required
    assert not model_column("actions", Action, "summary").required
    assert not model_column("actions", Action, "budget.amount").required  # budget is optional
    assert model_column("indicator_values", IndicatorValue, "date").years
    assert model_column("indicators", Indicator, "baseline.date").years
    assert not model_column("actions", Action, "due").years
    assert model_column("actions", Action, "title").description
