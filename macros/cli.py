"""The `planpress` command: the one entry point for editors, contributors and CI."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from .load import load_plan
from .schema import write_schemas

DEFAULT_DATA = Path("data")
DEFAULT_CONFIG = Path("mkdocs.yml")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planpress",
        description="Publish a partnership's plan from the YAML files in data/.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser("check", help="validate data/ and list every problem")
    check.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (data)")
    check.set_defaults(run=cmd_check)

    build = commands.add_parser("build", help="check the data, then build the site")
    build.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    build.add_argument("--site-dir", "-d", type=Path, help="where to write the site (site/)")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="preview the site at http://127.0.0.1:8000")
    serve.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
    serve.add_argument("--dev-addr", "-a", default="127.0.0.1:8000")
    serve.set_defaults(run=cmd_serve)

    publish = commands.add_parser(
        "publish",
        help="publish the version a board meeting endorsed or approved (with mike)",
        description="Build the site from the data and publish it, with mike, as the version "
        "that MEETING_ID's 'publishes' block names. Refuses, changing nothing, if the data has "
        "problems, has uncommitted changes, or the version is already published.",
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

    pdf = commands.add_parser("pdf", help="write the prospectus as a printable, accessible PDF")
    pdf.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (data)")
    pdf.add_argument(
        "--out", "-o", type=Path, default=Path("prospectus.pdf"), help="file (prospectus.pdf)"
    )
    pdf.set_defaults(run=cmd_pdf)

    schema = commands.add_parser("schema", help="write the JSON Schema files for editors")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="folder (schema)")
    schema.add_argument(
        "--check", action="store_true", help="only say whether the files are up to date"
    )
    schema.set_defaults(run=cmd_schema)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = load_plan(args.data)
    for problem in result.problems:
        print(problem)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # On GitHub Actions, each problem also as a workflow command: GitHub shows it beside
        # the line in the pull request's changed files.
        from .annotations import github_annotations

        for line in github_annotations(result.problems):
            print(line)
    elapsed = time.perf_counter() - started
    if result.problems:
        count = len(result.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {args.data}", file=sys.stderr)
        return 1
    plan = result.plan
    assert plan is not None
    print(
        f"{args.data}: no problems ({len(plan.actions)} actions, {len(plan.meetings)} meetings, "
        f"{len(plan.organisations)} organisations; checked in {elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 0


def _data_dir_for(config_file: Path) -> Path:
    return config_file.parent / DEFAULT_DATA


def _precheck(config_file: Path) -> bool:
    """Refuse to start MkDocs on data with problems: list them in the checker's words."""
    if not config_file.is_file():
        print(
            f"planpress: {config_file} not found (run this in the site's folder)", file=sys.stderr
        )
        return False
    result = load_plan(_data_dir_for(config_file))
    for problem in result.problems:
        print(problem)
    if result.problems:
        print("planpress: fix the problems above, then try again", file=sys.stderr)
        return False
    return True


def _mkdocs(*words: str, pdf: bool = False) -> int:
    env = dict(os.environ)
    if pdf:
        env["PLANPRESS_PDF"] = "1"  # the build writes prospectus.pdf into the site
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs' banner about its next major version
    return subprocess.call([sys.executable, "-m", "mkdocs", *words], env=env)


def cmd_build(args: argparse.Namespace) -> int:
    if not _precheck(args.config_file):
        return 1
    words = ["build", "--strict", "--config-file", str(args.config_file)]
    if args.site_dir:
        words += ["--site-dir", str(args.site_dir)]
    return _mkdocs(*words, pdf=True)


def cmd_serve(args: argparse.Namespace) -> int:
    if not _precheck(args.config_file):
        return 1
    os.environ["PLANPRESS_SITE_URL"] = f"http://{args.dev_addr}/"  # preview at the root
    return _mkdocs(
        "serve", "--strict", "--config-file", str(args.config_file), "--dev-addr", args.dev_addr
    )


def cmd_publish(args: argparse.Namespace) -> int:
    from .publish import PublishError, Request, publish

    if not args.config_file.is_file():
        print(
            f"planpress: {args.config_file} not found (run this in the site's folder)",
            file=sys.stderr,
        )
        return 1
    request = Request(
        meeting_id=args.meeting_id,
        project=args.config_file.resolve().parent,
        source=args.source,
        replace=args.replace,
        reason=args.reason,
        push=args.push,
        remote=args.remote,
    )
    try:
        done = publish(request, log=lambda line: print(line, file=sys.stderr))
    except PublishError as exc:
        for line in exc.details:
            print(line)
        print(f"planpress publish: {exc}", file=sys.stderr)
        return 1
    aliases = f" (aliases: {', '.join(done.aliases)})" if done.aliases else ""
    print(
        f'Published {done.version} "{done.title}" ({done.stage}) to gh-pages{aliases} in '
        f"{done.seconds:.1f} s; record {done.record.name} committed as {done.record_commit[:10]}",
        file=sys.stderr,
    )
    if not done.pushed:
        print("Nothing has left this machine: add --push to publish it online.", file=sys.stderr)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .pdf import PdfError, write_pdf

    result = load_plan(args.data)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print("planpress pdf: fix the problems above, then try again", file=sys.stderr)
        return 1
    assert result.plan is not None
    try:
        done = write_pdf(result.plan, args.out)
    except PdfError as exc:
        print(f"planpress pdf: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote {args.out} ({done.pages} pages, {done.size:,} bytes) in {done.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    stale = write_schemas(args.out, check_only=args.check)
    if args.check:
        for name in stale:
            print(f"{args.out / name} is out of date: run `planpress schema`", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
