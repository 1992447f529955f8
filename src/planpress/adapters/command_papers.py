"""`planpress pdf` and `planpress report`: the prospectus and a meeting's board report as PDFs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from planpress.adapters.output import say

if TYPE_CHECKING:
    pass

from planpress.adapters.commands import (
    as_at_option,
    checked_plan,
    data_for,
    site_for,
    wrote,
)


def cmd_pdf(args: argparse.Namespace) -> int:
    from planpress.render.pdf import PdfError, write_pdf

    valid, as_at = as_at_option(args, "pdf")
    if not valid:
        return 1
    data = data_for(args)
    if data is None:
        return 1
    plan = checked_plan(data, "pdf")
    if plan is None:
        return 1
    try:
        done = write_pdf(plan, args.out, as_at=as_at)
    except PdfError as exc:
        say(f"planpress pdf: {exc}", error=True)
        return 1
    wrote(args.out, done)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the board report for a meeting as a PDF, compared with the version published
    before it (for the first version, nothing to compare); refusing, writing nothing, when the
    meeting, the date, the data or the published versions do not allow one."""
    from planpress.render.board_report import (
        ReportError,
        find_meeting,
        make_report,
        version_before,
    )
    from planpress.render.pdf import PdfError, write_report_pdf
    from planpress.render.site import Site
    from planpress.versions.build import BuildVersionError, build_version_for
    from planpress.versions.published import RecordError, read_published_versions

    valid, told = as_at_option(args, "report")
    if not valid:
        return 1
    site = site_for(args.config_file, required=False)
    if site is None:
        return 1
    plan = checked_plan(args.data if args.data is not None else site.data_dir, "report")
    if plan is None:
        return 1
    out = args.out if args.out is not None else Path(f"report-{args.meeting_id}.pdf")
    try:
        meeting = find_meeting(plan, args.meeting_id)
        releases = read_published_versions(site.releases_dir)
        previous = version_before(releases, meeting)
        as_at = told or meeting.date.first_day
        version = meeting.publishes.version if meeting.publishes else None
        history = build_version_for(plan, releases, version, as_at).history
        report_site = Site(plan)
        report = make_report(plan, meeting, previous, as_at, report_site, history)
        done = write_report_pdf(report_site, report, out)
    except (ReportError, RecordError, PdfError, BuildVersionError) as exc:
        say(f"planpress report: {exc}", error=True)
        return 1
    wrote(out, done)
    return 0
