"""The Board report page: for a version, the report to the meeting that publishes it; for a
preview, the report to the next meeting (the facts are `render.board_report`'s)."""

from __future__ import annotations

from planpress.core.model import Meeting
from planpress.render.board_report import make_report, preview_meeting, version_before
from planpress.render.environment import render_template
from planpress.render.site import Site
from planpress.versions.published import PublishedVersion

PAGE_TEMPLATE = "report.html"


def board_report(site: Site) -> str:
    """The Board report page: for a version, the report for the meeting that publishes it; for
    a preview, the report for the next meeting. Either says that there is nothing to compare
    when no version was published before the meeting."""
    build_version = site.build_version
    report = None
    if build_version is not None:
        releases = build_version.releases
        found: tuple[Meeting, PublishedVersion | None] | None
        if build_version.published and build_version.meeting is not None:
            meeting = build_version.meeting
            found = (meeting, version_before(releases, meeting))
        else:
            found = preview_meeting(site.plan, releases, build_version.as_at)
        if found is not None:
            report = make_report(site.plan, found[0], found[1], build_version.as_at, site)
    return render_template(
        PAGE_TEMPLATE, site=site, report=report, build_version=build_version, linked=True
    )
