"""The procurements as an OCDS 1.1 release package: one release per procurement, dated by the
meeting that approved it, with its tender, buyer and, once awarded, its supplier."""

from __future__ import annotations

import json

import pytest

from planpress.core.model import Plan
from planpress.exchange.datafiles import OpenDataFile
from planpress.exchange.ocds import OCDS_STATUS, ocds_release_package
from planpress.versions.build import BuildVersion, build_version_for


def test_the_procurements_are_an_ocds_release_package(
    example: tuple[Plan, BuildVersion], open_files: dict[str, OpenDataFile]
) -> None:
    plan, _ = example
    package = json.loads(open_files["procurements.ocds.json"].content)
    assert package["version"] == "1.1"
    assert "publishedDate" not in package  # a preview is not published
    assert "uri" not in package  # no site address given
    owner = next(o.name for o in plan.organisations if o.id == plan.plan.organisation)
    assert package["publisher"] == {"name": owner}
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-planpress-{plan.plan.id}-external-technical-support"
    assert release["id"] == "external-technical-support-preview"
    assert release["date"] == "2020-07-16T00:00:00Z"  # the meeting that approved it
    assert release["tag"] == ["planning"]
    assert release["initiationType"] == "tender"
    tender = release["tender"]
    assert tender["value"] == {"amount": 100000, "currency": "GBP"}
    assert tender["status"] == "planning"
    assert "12 months" in tender["description"]
    assert "procurementMethod" not in tender  # the route is not one of OCDS's codes
    assert tender["procurementMethodDetails"].startswith("Framework contract")
    assert release["buyer"]["id"] == plan.plan.organisation
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]


def test_a_published_version_is_dated_by_its_meeting(example: tuple[Plan, BuildVersion]) -> None:
    plan, _ = example
    version = build_version_for(plan, [], "2020-09-17")
    package = ocds_release_package(plan, version, "https://example.org/plan/")
    assert package["publishedDate"] == "2020-09-17T00:00:00Z"
    assert package["uri"] == "https://example.org/plan/2020-09-17/procurements.ocds.json"
    assert package["releases"][0]["id"] == "external-technical-support-2020-09-17"


def test_a_plan_without_a_licence_states_none(hostile: tuple[Plan, str, str]) -> None:
    plan, _, _ = hostile
    assert "license" not in ocds_release_package(plan, build_version_for(plan, [], None))


@pytest.mark.parametrize("status", ["awarded", "closed", "tendering", "planned"])
def test_an_awarded_procurement_names_its_supplier(
    example: tuple[Plan, BuildVersion], status: str
) -> None:
    plan, version = example
    (procurement,) = plan.procurements
    changed = procurement.model_copy(
        update={"status": status, "supplier": plan.plan.organisation, "route": " Open "}
    )
    plan = plan.model_copy(update={"procurements": [changed]})
    (release,) = ocds_release_package(plan, version)["releases"]
    tag, tender_status = OCDS_STATUS[status]
    assert (release["tag"], release["tender"]["status"]) == ([tag], tender_status)
    assert [p["roles"] for p in release["parties"]][1] == ["supplier"]
    assert release["tender"]["procurementMethod"] == "open"
    assert release["tender"]["procurementMethodDetails"] == " Open "
    if status in ("awarded", "closed"):
        (award,) = release["awards"]
        assert award["suppliers"] == [{"id": changed.supplier, "name": release["buyer"]["name"]}]
    else:
        assert "awards" not in release
