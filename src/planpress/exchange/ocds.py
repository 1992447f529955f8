"""The procurements as an Open Contracting Data Standard (OCDS 1.1) release package
(`procurements.ocds.json`): one release per procurement, its tender, buyer and supplier.
"""

from __future__ import annotations

from typing import Any

from planpress.core.model import Plan, PlanDate, Procurement
from planpress.exchange.datafiles import date_time, organisation_name, version_url
from planpress.versions.build import BuildVersion

OCID_PREFIX = "ocds-planpress"
"""Before each procurement's ocid. It is not an OCDS prefix registered with the Open
Contracting Partnership, so the ocids are unique only within this plan."""
OCDS_VERSION = "1.1"

# OCDS codes for each procurement status: (the release's tag, the tender's status).
OCDS_STATUS: dict[str | None, tuple[str, str]] = {
    None: ("planning", "planning"),
    "planned": ("planning", "planned"),
    "specification": ("planning", "planning"),
    "tendering": ("tender", "active"),
    "awarded": ("award", "complete"),
    "closed": ("award", "complete"),
}
OCDS_METHODS = ("open", "selective", "limited", "direct")


def ocds_release_package(
    plan: Plan, build_version: BuildVersion, site_url: str | None = None
) -> dict[str, Any]:
    """The procurements as an OCDS 1.1 release package: one release per procurement.

    A preview has no `publishedDate` (it is not published); a published version's is the day of
    the meeting that published it. A release is dated by the meeting that approved the
    procurement, else by the version's meeting.
    """
    info = plan.plan
    package: dict[str, Any] = {}
    here = version_url(site_url, build_version)
    if here:
        package["uri"] = f"{here}procurements.ocds.json"
    package["version"] = OCDS_VERSION
    if build_version.meeting is not None:
        package["publishedDate"] = date_time(build_version.meeting.date)
    package["publisher"] = {"name": organisation_name(plan, info.organisation)}
    if info.licence is not None and info.licence.url:
        package["license"] = info.licence.url
    package["releases"] = [_release(plan, build_version, p) for p in plan.procurements]
    return package


def _release(plan: Plan, build_version: BuildVersion, procurement: Procurement) -> dict[str, Any]:
    buyer_id = plan.plan.organisation
    buyer = {"id": buyer_id, "name": organisation_name(plan, buyer_id)}
    tag, tender_status = OCDS_STATUS.get(procurement.status, OCDS_STATUS[None])
    release: dict[str, Any] = {
        "ocid": f"{OCID_PREFIX}-{plan.plan.id}-{procurement.id}",
        "id": f"{procurement.id}-{build_version.version or 'preview'}",
    }
    dated = _release_date(plan, build_version, procurement)
    if dated is not None:
        release["date"] = date_time(dated)
    release.update(tag=[tag], initiationType="tender", language="en")
    parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    supplier = None
    if procurement.supplier:
        supplier = {
            "id": procurement.supplier,
            "name": organisation_name(plan, procurement.supplier),
        }
        parties.append({**supplier, "roles": ["supplier"]})
    release["parties"] = parties
    release["buyer"] = buyer
    tender: dict[str, Any] = {
        "id": procurement.id,
        "title": procurement.title,
        "status": tender_status,
        "value": {
            "amount": procurement.max_value,
            "currency": procurement.currency or plan.plan.currency or "GBP",
        },
    }
    if procurement.duration_months is not None:
        months = procurement.duration_months
        tender["description"] = (
            f"A contract of up to {months} {'month' if months == 1 else 'months'}; the value "
            "is the most it may cost."
        )
    else:
        tender["description"] = "The value is the most the contract may cost."
    route = procurement.route
    if route:
        method = route.strip().lower()
        if method in OCDS_METHODS:
            tender["procurementMethod"] = method
        tender["procurementMethodDetails"] = route
    tender["procuringEntity"] = buyer
    release["tender"] = tender
    if supplier is not None and procurement.status in ("awarded", "closed"):
        release["awards"] = [
            {"id": f"{procurement.id}-award", "status": "active", "suppliers": [supplier]}
        ]
    return release


def _release_date(
    plan: Plan, build_version: BuildVersion, procurement: Procurement
) -> PlanDate | None:
    meeting = next((m for m in plan.meetings if m.id == procurement.approved_at), None)
    if meeting is not None:
        return meeting.date
    return build_version.meeting.date if build_version.meeting is not None else None
