"""`planpress publish` and `planpress verify`: a board version published, and what was published
checked."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from planpress.adapters.output import say

if TYPE_CHECKING:
    pass


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
