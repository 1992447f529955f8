"""The `planpress` command: the one entry point for editors, contributors and CI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from planpress import __version__
from planpress.adapters.command_exchange import cmd_export, cmd_import
from planpress.adapters.command_papers import cmd_pdf, cmd_report
from planpress.adapters.command_publish import cmd_publish, cmd_verify
from planpress.adapters.command_site import cmd_build, cmd_serve
from planpress.adapters.commands import (
    DEFAULT_CONFIG,
    cmd_check,
    cmd_links,
    cmd_new,
    cmd_schema,
)
from planpress.publishing.processes import Stopped


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        code: int = args.run(args)
        return code
    except Stopped as stopped:  # SIGTERM while a child ran
        return 128 + stopped.signum
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `planpress verify | head`: the reader has all it wanted
        # Python flushes stdout again at exit; point it at nothing so that says nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


AS_AT_HELP = "show the plan as at DATE, YYYY-MM-DD (a preview: today; a version: its meeting's)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planpress",
        description="Publish a partnership's plan from the YAML files in data/.",
    )
    parser.add_argument("--version", action="version", version=f"planpress {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="write a new partnership's site repository in DIR",
        description="Write a new site repository in DIR (which must not exist, or be empty): "
        "a small starting plan marked illustrative, the site's settings, workflows and "
        "guides. planpress's pages and theme stay in the installed package.",
    )
    new.add_argument("folder", metavar="DIR", type=Path, help="the new site's folder")
    new.set_defaults(run=cmd_new)

    check = commands.add_parser("check", help="validate data/ and list every problem")
    check.add_argument(
        "--data", type=Path, help="data folder (extra.planpress.data in mkdocs.yml, else data)"
    )
    check.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    check.set_defaults(run=cmd_check)

    links = commands.add_parser("links", help="check every link inside a built site")
    links.add_argument("site", metavar="SITE_DIR", type=Path, nargs="?", default=Path("site"))
    links.set_defaults(run=cmd_links)

    build = commands.add_parser("build", help="check the data, then build the site")
    build.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    build.add_argument("--site-dir", "-d", type=Path, help="where to write the site (site/)")
    build.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="link pages as .html files, so that the built copy opens from disk",
    )
    build.add_argument("--as-at", metavar="DATE", help=AS_AT_HELP)
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="preview the site at http://127.0.0.1:8000")
    serve.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    serve.add_argument("--dev-addr", "-a", default="127.0.0.1:8000")
    serve.add_argument("--as-at", metavar="DATE", help=AS_AT_HELP)
    serve.set_defaults(run=cmd_serve)

    publish = commands.add_parser(
        "publish",
        help="publish the version a board meeting endorsed or approved (with mike)",
        description="Build the site from the data and publish it, with mike, as the version "
        "that MEETING_ID's 'publishes' block names. Refuses, changing nothing, if the data has "
        "problems, has uncommitted changes, the version is already published, or the data "
        "already holds the version of a later meeting that has been held (then it names the "
        "commit to publish from with --from). A later meeting still ahead may name the version "
        "it is expected to consider: that never blocks publishing.",
    )
    publish.add_argument(
        "meeting_id", metavar="MEETING_ID", help="id of the meeting in data/meetings.yml"
    )
    publish.add_argument("--push", action="store_true", help="push gh-pages and this branch")
    publish.add_argument(
        "--from", dest="source", metavar="REV", help="publish the data as it is at this commit"
    )
    publish.add_argument(
        "--replace", action="store_true", help="replace a published draft or embryonic version"
    )
    publish.add_argument("--reason", help="why the version is replaced (kept with it)")
    publish.add_argument("--remote", default="origin", help="where --push pushes (origin)")
    publish.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    publish.set_defaults(run=cmd_publish)

    verify = commands.add_parser(
        "verify",
        help="check that every published version is still as it was published",
        description="Recompute every published version's seal from the gh-pages branch (or, in "
        "a fresh clone, origin/gh-pages) and the records in releases/, and name each file "
        "changed, added or missing in a version's folder, each alias folder (latest/, "
        "approved/) that is not a copy of its version, and each record changed, removed or "
        "out of order. Exits 0 if all is as published, 1 if not. Versions published before "
        "planpress sealed its records are listed as not sealed.",
    )
    verify.add_argument(
        "version",
        metavar="VERSION",
        nargs="?",
        help="check only this version's files and aliases (the records are always all checked)",
    )
    verify.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    verify.set_defaults(run=cmd_verify)

    pdf = commands.add_parser("pdf", help="write the prospectus as a printable, accessible PDF")
    pdf.add_argument(
        "--data", type=Path, help="data folder (extra.planpress.data in mkdocs.yml, else data)"
    )
    pdf.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    pdf.add_argument(
        "--out", "-o", type=Path, default=Path("prospectus.pdf"), help="file (prospectus.pdf)"
    )
    pdf.add_argument("--as-at", metavar="DATE", help="the date the prospectus is as at, YYYY-MM-DD")
    pdf.set_defaults(run=cmd_pdf)

    report = commands.add_parser(
        "report",
        help="write the board report for a meeting as a printable, accessible PDF",
        description="Write the paper for board meeting MEETING_ID as a PDF: the overall RAG "
        "rating, what changed since the version published before the meeting, overdue and "
        "red actions, the indicators, the decisions sought and the next steps.",
    )
    report.add_argument(
        "meeting_id", metavar="MEETING_ID", help="id of the meeting in data/meetings.yml"
    )
    report.add_argument(
        "--as-at", metavar="DATE", help="the date the report is as at, YYYY-MM-DD (the meeting's)"
    )
    report.add_argument("--out", "-o", type=Path, help="file to write (report-MEETING_ID.pdf)")
    report.add_argument(
        "--data", type=Path, help="data folder (extra.planpress.data in mkdocs.yml, else data)"
    )
    report.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    report.set_defaults(run=cmd_report)

    export = commands.add_parser(
        "export",
        help="write the plan as a workbook to edit in a spreadsheet program",
        description="Write the plan as one Excel workbook (.xlsx): a sheet per kind of "
        "record, notes on every column, drop-down lists. Bring it back with planpress import.",
    )
    export.add_argument(
        "--xlsx", type=Path, required=True, metavar="FILE", help="the workbook to write"
    )
    export.add_argument(
        "--data", type=Path, help="data folder (extra.planpress.data in mkdocs.yml, else data)"
    )
    export.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    export.set_defaults(run=cmd_export)

    imports = commands.add_parser(
        "import",
        help="bring an edited workbook (or a CSV file of actions) back into data/",
        description="Read an edited workbook (.xlsx) or CSV file of actions, check the whole "
        "plan as it would stand, and either list every problem by sheet and cell, changing "
        "nothing, or rewrite only the records that changed, in place.",
    )
    imports.add_argument("file", metavar="FILE", type=Path, help="the .xlsx or .csv file")
    imports.add_argument(
        "--data", type=Path, help="data folder (extra.planpress.data in mkdocs.yml, else data)"
    )
    imports.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    imports.set_defaults(run=cmd_import)

    schema = commands.add_parser("schema", help="write the JSON Schema files for editors")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="folder (schema)")
    schema.add_argument(
        "--check", action="store_true", help="only say whether the files are up to date"
    )
    schema.set_defaults(run=cmd_schema)
    return parser


if __name__ == "__main__":
    sys.exit(main())
