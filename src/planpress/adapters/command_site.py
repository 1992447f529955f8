"""`planpress build` and `planpress serve`: the site built whole (swapped in only when done),
or previewed."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planpress.adapters.output import say
from planpress.core.outfiles import OutputError, usable_folder
from planpress.publishing.processes import run_child, stop_signals_raise

if TYPE_CHECKING:
    pass

from planpress.adapters.commands import (
    as_at_option,
    precheck,
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
    valid, as_at = as_at_option(args, "build")
    if not valid:
        return 1
    try:
        site = precheck(args.config_file)
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
    valid, as_at = as_at_option(args, "serve")
    if not valid or precheck(args.config_file) is None:
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
