"""One file of open data (`OpenDataFile`): its name, what it is, its media type and its bytes; and
what the formats of open data share: JSON as the files write it, the address of a version's
folder, an organisation's name, and a date as a date and time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from planpress.core.model import Plan, PlanDate
from planpress.versions.build import BuildVersion

CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS_MEDIA_TYPE = "text/calendar"
ATOM_MEDIA_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class OpenDataFile:
    """One file of open data: its name at the version's root, what it is, and its bytes."""

    name: str
    title: str
    media_type: str
    description: str
    content: bytes

    @property
    def size(self) -> int:
        """Its size in bytes."""
        return len(self.content)

    @property
    def format(self) -> str:
        """Its format, as readers know it: CSV, JSON, XLSX, iCalendar, Atom."""
        return FORMATS.get(self.media_type, self.name.rsplit(".", 1)[-1].upper())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


FORMATS = {
    CSV_MEDIA_TYPE: "CSV",
    JSON_MEDIA_TYPE: "JSON",
    XLSX_MEDIA_TYPE: "XLSX (Excel workbook)",
    ICS_MEDIA_TYPE: "iCalendar",
    ATOM_MEDIA_TYPE: "Atom feed",
}


def version_url(site_url: str | None, build_version: BuildVersion) -> str | None:
    """The address of this version's folder (a preview's: the site's), ending with `/`."""
    if not site_url:
        return None
    root = site_url.rstrip("/") + "/"
    return f"{root}{quote(build_version.version, safe='')}/" if build_version.version else root


def json_bytes(value: Any) -> bytes:
    """`value` as UTF-8 JSON, keys in the order given, ending with a line break."""
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def date_time(value: PlanDate) -> str:
    """The first day a date can mean, as an RFC 3339 date and time (midnight, UTC)."""
    return f"{value.first_day.isoformat()}T00:00:00Z"


def organisation_name(plan: Plan, organisation_id: str) -> str:
    """The organisation's name (its id when it is not in the plan)."""
    found = next((o for o in plan.organisations if o.id == organisation_id), None)
    return found.name if found is not None else organisation_id
