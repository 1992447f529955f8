"""The `planpress` command's subcommands: each reads its arguments, does its work, and returns
the exit code (0 done, 1 refused with a message, 130 or 128+N when stopped).

Here: `new`, `links`, `check` and `schema`, and what every subcommand shares (the site's
settings, the data folder, `--as-at`, a checked plan); the others are in `command_site`,
`command_publish`, `command_papers` and `command_exchange`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planpress.adapters.output import say
from planpress.core.load import load_plan
from planpress.core.outfiles import OutputError
from planpress.core.schema import write_schemas
from planpress.core.settings import (
    SettingsError,
    SiteSettings,
    read_config,
    settings_from,
    settings_problems,
)

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


def data_for(args: argparse.Namespace) -> Path | None:
    """The data folder a command reads: --data, else the site's setting; None if unusable."""
    site = site_for(args.config_file, required=False)
    if site is None:
        return None
    return args.data if args.data is not None else site.data_dir


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    data = data_for(args)
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


def precheck(config_file: Path) -> SiteSettings | None:
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


def as_at_option(args: argparse.Namespace, command: str) -> tuple[bool, date | None]:
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


def checked_plan(data: Path, command: str) -> Plan | None:
    """The plan in `data`; None, with every problem listed, when it has any."""
    result = load_plan(data)
    for problem in result.problems:
        say(problem)
    if result.problems or result.plan is None:
        say(f"planpress {command}: fix the problems above, then try again", error=True)
        return None
    return result.plan


def wrote(out: Path, done: PdfResult) -> None:
    say(
        f"wrote {out} ({done.pages} pages, {done.size:,} bytes) in {done.seconds:.1f} s", error=True
    )


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
