"""The `planpress` command's subcommands: each reads its arguments, does its work, and returns
the exit code (0 done, 1 refused with a message, 130 or 128+N when stopped)."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planpress.adapters.output import say
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
from planpress.publishing.processes import run_child, stop_signals_raise

if TYPE_CHECKING:
    from planpress.core.model import Plan
    from planpress.render.pdf import PdfResult

DEFAULT_CONFIG = Path("mkdocs.yml")


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
    for note in _upgrade_notes(args.config_file, args.data, plan):
        say(f"note: {note}", error=True)
    return 0


def _upgrade_notes(config_file: Path, data: Path, plan: Plan) -> list[str]:
    """What a site written by an earlier release of planpress should change (it still works)."""
    from planpress.core.schema import editor_mappings
    from planpress.core.settings import upgrade_notes

    try:
        config = read_config(config_file) if config_file.exists() else {}
    except SettingsError:
        config = {}
    notes = upgrade_notes(config_file.parent, config, editor_mappings(), str(config_file))
    if plan.plan.licence is None:
        notes.append(
            f"{data.as_posix()}/plan.yml states no licence for the open data, so the Open data "
            "page says that none is stated: add `licence:` with its `name`, `id` and `url` "
            "(for example the Open Government Licence, OGL-UK-3.0) if the partnership means "
            "anyone to reuse it"
        )
    return notes


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


def _as_at(args: argparse.Namespace, command: str) -> tuple[bool, date | None]:
    """Whether `--as-at` (if given) is a date, saying why not; and the date."""
    from planpress.versions.build import BuildVersionError, parse_as_at

    value = getattr(args, "as_at", None)
    if value is None:
        return True, None
    try:
        return True, parse_as_at(value)
    except BuildVersionError as exc:
        say(f"planpress {command}: {exc}", error=True)
        return False, None


def _checked_plan(data: Path, command: str) -> Plan | None:
    """The plan in `data`; None, with every problem listed, when it has any."""
    result = load_plan(data)
    for problem in result.problems:
        say(problem)
    if result.problems or result.plan is None:
        say(f"planpress {command}: fix the problems above, then try again", error=True)
        return None
    return result.plan


def _wrote(out: Path, done: PdfResult) -> None:
    say(
        f"wrote {out} ({done.pages} pages, {done.size:,} bytes) in {done.seconds:.1f} s", error=True
    )


def _mkdocs(
    *words: str, pdf: bool = False, as_at: date | None = None, module: str = "mkdocs"
) -> int:
    """Run MkDocs (or planpress's preview, `module`) as a child that dies with planpress; its
    exit status.

    SIGTERM or Ctrl+C stop MkDocs first, then raise `Stopped` or `KeyboardInterrupt`.
    """
    env = dict(os.environ)
    if as_at is not None:
        env["PLANPRESS_AS_AT"] = as_at.isoformat()  # the date the site shows the plan as at
    if pdf:
        env["PLANPRESS_DOWNLOADS"] = "1"  # the build writes prospectus.pdf and plan.xlsx too
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs' banner about its next major version
    return run_child([sys.executable, "-m", module, *words], env=env).returncode


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
    valid, as_at = _as_at(args, "build")
    if not valid:
        return 1
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
        status = _mkdocs(*words, "--site-dir", str(building), pdf=True, as_at=as_at)
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
            old.rmdir()
            target.replace(old)
        built.replace(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return True
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview with planpress's own server (adapters/preview.py), which renders again only the
    pages an edit affects, and stops whenever planpress stops."""
    valid, as_at = _as_at(args, "serve")
    if not valid or _precheck(args.config_file) is None:
        return 1
    os.environ["PLANPRESS_SITE_URL"] = f"http://{args.dev_addr}/"  # preview at the root
    return _mkdocs(
        "--config-file",
        str(args.config_file),
        "--dev-addr",
        args.dev_addr,
        as_at=as_at,
        module="planpress.adapters.preview",
    )


def cmd_publish(args: argparse.Namespace) -> int:
    from planpress.publishing.publish import PublishError, PublishInterrupted, Request, publish

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
    if done.seal:
        from planpress.versions.seal import short_seal

        say(f"Seal of version {done.version}: {short_seal(done.seal)} (in full: {done.seal})")
    if not done.pushed:
        print("Nothing has left this machine: add --push to publish it online.", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Recompute every published version's seal from gh-pages and releases/; 0 when all is as
    published, 1 naming each difference (or saying in one line why nothing could be checked)."""
    from planpress.publishing.verification import VerifyError
    from planpress.publishing.verify import verify

    if not args.config_file.is_file():
        say(
            f"planpress verify: {args.config_file} not found (run this in the site's folder)",
            error=True,
        )
        return 1
    try:
        found = verify(args.config_file, args.version)
    except VerifyError as exc:
        say(f"planpress verify: {exc}", error=True)
        return 1
    for line in [*found.lines, *found.problems]:
        say(line)
    checked = (
        f"{found.versions} version{'s' if found.versions != 1 else ''} "
        f"({found.files:,} files), {found.aliases} alias folder"
        f"{'s' if found.aliases != 1 else ''} and {found.records} sealed record"
        f"{'s' if found.records != 1 else ''} on {found.pages} ({found.pages_commit[:10]}) and "
        f"in {found.releases}/, in {found.seconds:.1f} s"
    )
    if found.unsealed:
        checked += (
            f"; {found.unsealed} version{'s' if found.unsealed != 1 else ''} not sealed "
            "(published before planpress sealed its records), not checked"
        )
    if found.problems:
        count = len(found.problems)
        say(
            f"planpress verify: {count} problem{'s' if count != 1 else ''}: what is published "
            f"is no longer what was published (checked {checked}); `git log -p {found.pages} "
            f"-- PATH` shows who changed a page, `git log -p -- {found.releases}/` who changed a "
            "record",
            error=True,
        )
        return 1
    say(f"planpress verify: all as published: checked {checked}", error=True)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from planpress.render.pdf import PdfError, write_pdf

    valid, as_at = _as_at(args, "pdf")
    if not valid:
        return 1
    data = _data_for(args)
    if data is None:
        return 1
    plan = _checked_plan(data, "pdf")
    if plan is None:
        return 1
    try:
        done = write_pdf(plan, args.out, as_at=as_at)
    except PdfError as exc:
        say(f"planpress pdf: {exc}", error=True)
        return 1
    _wrote(args.out, done)
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

    valid, told = _as_at(args, "report")
    if not valid:
        return 1
    site = site_for(args.config_file, required=False)
    if site is None:
        return 1
    plan = _checked_plan(args.data if args.data is not None else site.data_dir, "report")
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
    _wrote(out, done)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from planpress.exchange.workbook import write_workbook

    started = time.perf_counter()
    data = _data_for(args)
    if data is None:
        return 1
    result = load_plan(data)
    for problem in result.problems:
        say(problem)
    if result.problems:
        say("planpress export: fix the problems above, then try again", error=True)
        return 1
    assert result.plan is not None
    try:
        written = write_workbook(result.plan, args.xlsx)
    except OutputError as exc:
        say(f"planpress export: {exc}", error=True)
        return 1
    plan = result.plan
    say(
        f"wrote {args.xlsx} ({len(plan.actions)} actions, {written.stat().st_size:,} bytes) in "
        f"{time.perf_counter() - started:.1f} s; edit it, then run: planpress import {args.xlsx}",
        error=True,
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from planpress.exchange.importer import ImportRefused, import_file

    def say_completed(files: list[str]) -> None:
        if files:
            say(
                f"planpress import: completed an import that was stopped before it finished: "
                f"wrote {', '.join(files)}",
                error=True,
            )

    def changed_words(before: Plan | None, after: Plan | None) -> list[str]:
        """The actions and recommendations changed, in the words of the What changed page."""
        from planpress.render.change_words import describe_change
        from planpress.render.site import Site
        from planpress.render.text import plain_label
        from planpress.versions.changes import compare

        if before is None or after is None:
            return []
        site, found, lines = Site(after), compare(before, after), []
        lines += [f"Added {a.id}: {a.title}" for a in found.added]
        lines += [f"Removed {a.id}: {a.title}" for a in found.removed]
        for action in found.changed:
            words = "; ".join(describe_change(site, c) for c in action.changes)
            lines.append(f"Changed {action.id}: {words}")
        for rec in found.recommendations:
            words = rec.kind
            if rec.kind == "changed":
                was = plain_label(rec.before) or "not set"
                words = f"{was} to {plain_label(rec.after) or 'not set'}"
            lines.append(f"Recommendation ({rec.id}) of {rec.meeting_title}: {words}")
        return lines

    started = time.perf_counter()
    data = _data_for(args)
    if data is None:
        return 1
    try:
        outcome = import_file(args.file, data)
    except ImportRefused as exc:
        say_completed(exc.completed)
        for line in exc.problems:
            say(line)
        count = len(exc.problems)
        say(
            f"planpress import: {count} problem{'s' if count != 1 else ''} found in "
            f"{args.file}; nothing was changed",
            error=True,
        )
        return 1
    except OutputError as exc:
        say(f"planpress import: {exc}", error=True)
        return 1
    say_completed(outcome.completed)
    if not outcome.changed:
        say(f"{args.file}: nothing to change; {data} already holds what it gives", error=True)
        return 0
    for line in [*changed_words(outcome.before, outcome.after), *outcome.lines]:
        say(line)
    say(
        f"wrote {', '.join(outcome.written)} in {time.perf_counter() - started:.1f} s; "
        "review with git diff",
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
