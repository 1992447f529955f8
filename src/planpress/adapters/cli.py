"""The `planpress` command: the one entry point for editors, contributors and CI."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from planpress import __version__
from planpress.core.characters import escaped
from planpress.core.load import load_plan
from planpress.core.outfiles import OutputError, usable_folder
from planpress.core.schema import write_schemas
from planpress.core.settings import (
    SettingsError,
    SiteSettings,
    read_config,
    settings_from,
    settings_problems,
)
from planpress.versions.children import Stopped, run_child, stop_signals_raise

DEFAULT_CONFIG = Path("mkdocs.yml")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except Stopped as stopped:  # SIGTERM while a child ran
        return 128 + stopped.signum
    except KeyboardInterrupt:
        return 130


def printable(text: object) -> str:
    """`text` as one line: control, line-break and invisible characters as visible escapes.

    Values from data reach the terminal and CI logs inside messages. On one line, none can
    start a line of its own, where a CI runner would read it as a command (GitHub Actions'
    `::error::`, `::add-mask::`, `::stop-commands::`).
    """
    return escaped(str(text))


def say(text: object, *, error: bool = False) -> None:
    """Print one line (to stderr with `error`), its values made `printable`."""
    print(printable(text), file=sys.stderr if error else sys.stdout)


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
    pdf.add_argument(
        "--data", type=Path, help="data folder (extra.planpress.data in mkdocs.yml, else data)"
    )
    pdf.add_argument("--config-file", "-f", type=Path, default=DEFAULT_CONFIG)
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


def cmd_new(args: argparse.Namespace) -> int:
    from planpress.newsite import NewSiteError, new_site

    started = time.perf_counter()
    try:
        done = new_site(args.folder)
    except NewSiteError as exc:
        say(f"planpress new: {exc}", error=True)
        return 1
    say(
        f"wrote a new site in {done.folder} ({done.files} files) and committed it as "
        f"{done.commit[:10]} in {time.perf_counter() - started:.1f} s",
        error=True,
    )
    say(
        f"next: cd {args.folder}, then planpress check and planpress serve; replace the "
        "illustrative plan in data/ with your partnership's (README.md says how)",
        error=True,
    )
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from planpress.render.links import run

    return run(args.site)


def site_for(config_file: Path, *, required: bool = True) -> SiteSettings | None:
    """The site's settings, after saying what in mkdocs.yml must change; None if anything must.

    Without `required`, a missing mkdocs.yml gives the defaults (data/ in this folder).
    """
    if not required and not config_file.exists():
        return settings_from(config_file.parent, {})
    try:
        config = read_config(config_file)
    except SettingsError as exc:
        say(f"planpress: {exc}", error=True)
        return None
    problems = settings_problems(config, str(config_file))
    for problem in problems:
        say(problem)
    if problems:
        say(
            f"planpress: {config_file} needs the changes above (the site's Data reference page "
            "lists every planpress setting)",
            error=True,
        )
        return None
    return settings_from(config_file.parent, config)


def _data_for(args: argparse.Namespace) -> Path | None:
    """The data folder a command reads: --data, else the site's setting; None if unusable."""
    site = site_for(args.config_file, required=False)
    if site is None:
        return None
    return args.data if args.data is not None else site.data_dir


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    data = _data_for(args)
    if data is None:
        return 1
    args.data = data
    result = load_plan(args.data)
    for problem in result.problems:
        say(problem)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # On GitHub Actions, each problem also as a workflow command: GitHub shows it beside
        # the line in the pull request's changed files.
        from planpress.core.github_annotations import github_annotations

        for line in github_annotations(result.problems):
            print(line)
    elapsed = time.perf_counter() - started
    if result.problems:
        count = len(result.problems)
        say(f"{count} problem{'s' if count != 1 else ''} found in {args.data}", error=True)
        return 1
    plan = result.plan
    assert plan is not None
    say(
        f"{args.data}: no problems ({len(plan.actions)} actions, {len(plan.meetings)} meetings, "
        f"{len(plan.organisations)} organisations; checked in {elapsed:.2f} s)",
        error=True,
    )
    return 0


def _precheck(config_file: Path) -> SiteSettings | None:
    """The site's settings, once its settings and data are checked; None (having listed the
    problems in the checker's words) when MkDocs must not start."""
    site = site_for(config_file)
    if site is None:
        return None
    result = load_plan(site.data_dir)
    for problem in result.problems:
        say(problem)
    if result.problems:
        print("planpress: fix the problems above, then try again", file=sys.stderr)
        return None
    return site


def _mkdocs(*words: str, pdf: bool = False) -> int:
    """Run MkDocs as a child that dies with planpress; its exit status.

    SIGTERM or Ctrl+C stop MkDocs first, then raise `Stopped` or `KeyboardInterrupt`.
    """
    env = dict(os.environ)
    if pdf:
        env["PLANPRESS_PDF"] = "1"  # the build writes prospectus.pdf into the site
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs' banner about its next major version
    return run_child([sys.executable, "-m", "mkdocs", *words], env=env).returncode


INTERRUPTED = "planpress build: interrupted; the site folder was left as it was"


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a new folder beside the site's; swap it in only when the build succeeded.

    Interrupted (Ctrl+C, SIGTERM) or failed, the site's folder keeps its old contents and the
    new folder is removed.
    """
    with stop_signals_raise():
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    building: Path | None = None
    swapped = False
    try:
        site = _precheck(args.config_file)
        if site is None:
            return 1
        target = Path(args.site_dir) if args.site_dir else site.site_dir
        try:
            building = _folder_beside(target)
        except OutputError as exc:
            say(f"planpress build: {exc}", error=True)
            return 1
        words = ["build", "--strict", "--config-file", str(args.config_file)]
        if args.no_directory_urls:
            words.append("--no-directory-urls")
        status = _mkdocs(*words, "--site-dir", str(building), pdf=True)
        if status == 0:
            swapped = _swap_in(building, target)
        return status
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM; MkDocs has ended
        if not swapped:
            say(INTERRUPTED, error=True)
        raise
    finally:
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)


def _folder_beside(target: Path) -> Path:
    """A new, empty folder beside `target`, to build into (`OutputError` if there can be none)."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} is a file, not a folder: give a folder with -d")
    parent = usable_folder(target.absolute().parent)
    try:
        return Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.building-"))
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror or exc}") from None


def _swap_in(built: Path, target: Path) -> bool:
    """Put the folder `built` where `target` is; the old site is removed only afterwards.

    SIGINT and SIGTERM wait while the folders are renamed and the old one removed, so that
    `target` is always either the old site or the new one. True once it is the new one.
    """
    signals = {signal.SIGINT, signal.SIGTERM}
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=built.parent, prefix=f".{target.name}.old-"))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(built, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return True
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview with `mkdocs serve`, which stops whenever planpress stops."""
    if _precheck(args.config_file) is None:
        return 1
    os.environ["PLANPRESS_SITE_URL"] = f"http://{args.dev_addr}/"  # preview at the root
    return _mkdocs(
        "serve", "--strict", "--config-file", str(args.config_file), "--dev-addr", args.dev_addr
    )


def cmd_publish(args: argparse.Namespace) -> int:
    from planpress.versions.publish import PublishError, PublishInterrupted, Request, publish

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
        done = publish(request, log=lambda line: say(line, error=True))
    except PublishError as exc:
        for line in exc.details:
            say(line)
        say(f"planpress publish: {exc}", error=True)
        return 130 if isinstance(exc, PublishInterrupted) else 1
    aliases = f" (aliases: {', '.join(done.aliases)})" if done.aliases else ""
    say(
        f'Published {done.version} "{done.title}" ({done.stage}) to gh-pages{aliases} in '
        f"{done.seconds:.1f} s; record {done.record.name} committed as {done.record_commit[:10]}",
        error=True,
    )
    if not done.pushed:
        print("Nothing has left this machine: add --push to publish it online.", file=sys.stderr)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from planpress.render.pdf import PdfError, write_pdf

    data = _data_for(args)
    if data is None:
        return 1
    result = load_plan(data)
    for problem in result.problems:
        say(problem)
    if result.problems:
        say("planpress pdf: fix the problems above, then try again", error=True)
        return 1
    assert result.plan is not None
    try:
        done = write_pdf(result.plan, args.out)
    except PdfError as exc:
        say(f"planpress pdf: {exc}", error=True)
        return 1
    say(
        f"wrote {args.out} ({done.pages} pages, {done.size:,} bytes) in {done.seconds:.1f} s",
        error=True,
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    try:
        stale = write_schemas(args.out, check_only=args.check)
    except OutputError as exc:
        say(f"planpress schema: {exc}", error=True)
        return 1
    if args.check:
        for name in stale:
            say(f"{args.out / name} is out of date: run `planpress schema`", error=True)
        return 1 if stale else 0
    for name in stale:
        say(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
