"""`planpress serve`: the preview, which renders again only the pages an edit affects.

The preview builds the whole site once with MkDocs, keeps what that build was made of (its
configuration, files, navigation and templates) and serves it with MkDocs' live-reloading
server. When files change:

- an edit of the data only (the common case): the plan is loaded and checked again (with a
  problem, the problems are listed in the checker's words and the site stays as it was);
  render/affected.py says which pages the edit affects; those are rendered again in place,
  the sub-group pages of the edited actions last, and a page whose HTML comes out the same is
  not written. An edit that changes the navigation or every page (a new sub-group, a new
  glossary term, plan.yml) builds the whole site again;
- anything else (pages, mkdocs.yml, the theme): the whole site is built again, as
  `mkdocs serve` would.

The open data files are written again after the pages, and the search index is made in the
background, so that a page never waits for it; searching meanwhile finds the last index.

Run as `python -m planpress.adapters.preview --config-file mkdocs.yml --dev-addr HOST:PORT`
(by `planpress serve`, which makes it a child that stops with planpress).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from types import FrameType

    from mkdocs.config.defaults import MkDocsConfig


from planpress.adapters.preview_hosts import own_host_only
from planpress.adapters.preview_index import PreviewIndexer
from planpress.adapters.preview_render import (
    Built,
    WholeSite,
    planpress_plugin,
    render_again,
)

log = logging.getLogger("mkdocs.planpress.preview")


def _signature(paths: Iterable[Path]) -> tuple[Any, ...]:
    """Changes whenever a file under `paths` (folders, or files) is added, removed or saved."""
    from planpress.core.plancache import folder_signature

    return tuple(
        (str(p), (p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else folder_signature(p))
        for p in paths
    )


class Preview:
    """A site being previewed: built once whole, then again in part for each edit."""

    def __init__(self, config_file: Path, dev_addr: str) -> None:
        self.config_file = config_file.resolve()
        self.dev_addr = dev_addr
        self.site_dir = Path(tempfile.mkdtemp(prefix="planpress-preview-"))
        self.built: Built | None = None
        self.data_dir: Path | None = None
        self.watched: list[Path] = []
        self._signatures: tuple[tuple[Any, ...], tuple[Any, ...]] = ((), ())
        self.serve_url = ""
        self.mount_path = "/"
        # Held while pages are written, and while the search index copies or replaces them.
        self.lock = threading.Lock()
        self.indexer = PreviewIndexer(self.site_dir, self.lock)
        self._started = False

    # ------------------------------------------------------------------ configuration

    def config(self) -> MkDocsConfig:
        from mkdocs.config import load_config

        from planpress.adapters.mkdocs_private import serve_url

        config = load_config(
            config_file=str(self.config_file),
            site_dir=str(self.site_dir),
            dev_addr=self.dev_addr,
            strict=True,
        )
        if not self._started:
            config.plugins.on_startup(command="serve", dirty=False)
            self._started = True
        host, port = config.dev_addr
        self.mount_path = urlsplit(config.site_url or "/").path or "/"
        self.serve_url = serve_url(host, port, self.mount_path)
        config.site_url = self.serve_url
        planpress_plugin(config).index_search = False  # made in the background instead
        return config

    # ------------------------------------------------------------------ builds

    def build_all(self, config: MkDocsConfig | None = None) -> None:
        """Build the whole site (raises MkDocs' Abort when the build fails)."""
        from mkdocs.commands.build import build

        from planpress.adapters.macros import settings_for
        from planpress.adapters.mkdocs_private import move_output

        config = config or self.config()
        settings = settings_for(config)
        self.data_dir = settings.data_dir.resolve()
        self.watched = [Path(config.docs_dir).resolve(), self.config_file, self.data_dir]
        self.watched += [settings.releases_dir.resolve()]
        before = self._current_signatures()
        # Built beside the site and swapped in whole: a build that fails (a page's macro, a
        # plugin that exits) leaves the last good site served, not a cleaned or half one.
        staging = self._staging()
        shutil.rmtree(staging, ignore_errors=True)
        try:
            config.site_dir = str(staging)
            try:
                build(config, serve_url=self.serve_url)
            finally:
                config.site_dir = str(self.site_dir)
            with self.lock:
                old = self.site_dir.with_name(self.site_dir.name + ".old")
                shutil.rmtree(old, ignore_errors=True)
                self.site_dir.replace(old)
                Path(staging).replace(self.site_dir)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self.watched += [
            Path(p).resolve() for p in config.watch if Path(p).resolve() not in self.watched
        ]
        made = planpress_plugin(config).built
        for file in made["files"]:  # each page is written again where the site now is
            move_output(file, str(self.site_dir))
        self.built = Built(
            config, made["files"], made["nav"], made["env"], made["plan"], made["locations"]
        )
        self._signatures = before
        self.indexer.start(self.built)

    def _staging(self) -> Path:
        return self.site_dir.with_name(self.site_dir.name + ".next")

    def _current_signatures(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        assert self.data_dir is not None
        others = [p for p in self.watched if p != self.data_dir and p.exists()]
        return _signature([self.data_dir]), _signature(others)

    def rebuild(self) -> None:
        """What the server calls when files change: the pages those changes affect."""
        started = time.perf_counter()
        try:
            data, others = self._current_signatures()
            if (data, others) == self._signatures:
                return
            if others == self._signatures[1] and self.built is not None:
                try:
                    done = self.render_changes()
                except WholeSite as exc:
                    log.info("planpress: %s: building the whole site again", exc)
                except (Exception, SystemExit):
                    self.built = None  # half rendered: the next change builds it whole
                    raise
                else:
                    self._signatures = (data, others)
                    if done is not None:
                        log.info("planpress: %s in %.2f s", done, time.perf_counter() - started)
                    return
            self.built = None
            self.build_all()
            log.info("planpress: built the whole site in %.2f s", time.perf_counter() - started)
        except (Exception, SystemExit) as exc:  # the preview goes on serving the last good site
            # mkdocs-macros ends the build with exit() when a page's macro fails, after saying
            # which page and why; a SystemExit must not end the preview.
            why = _one_line(exc) if not isinstance(exc, SystemExit) else "a page's macro failed"
            log.error(
                "planpress: the preview was not rebuilt: %s; it shows the site as it was", why
            )

    def render_changes(self) -> str | None:
        """Render again the pages an edit of the data affects (`preview_render.render_again`);
        raises WholeSite when the edit needs the whole site built again."""
        assert self.built is not None
        return render_again(self.built, self.data_dir, self.lock, self.indexer.start)

    # ------------------------------------------------------------------ serving

    def serve(self) -> int:
        from mkdocs.exceptions import Abort
        from mkdocs.livereload import LiveReloadServer

        from planpress.core.keptfiles import keep_files_read

        keep_files_read()  # an edit parses and validates again only the file it changed
        try:
            config = self.config()
            self.build_all(config)
        except Abort as exc:
            log.error("%s", exc)
            return 1
        host, port = config.dev_addr
        server = LiveReloadServer(
            builder=self.rebuild,
            host=host,
            port=port,
            root=str(self.site_dir),
            mount_path=self.mount_path,
        )

        def error_page(code: int) -> bytes | None:
            page = self.site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        server.set_app(own_host_only(server.serve_request, host))
        for path in self.watched:
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()  # type: ignore[no-untyped-call,unused-ignore]  # untyped in MkDocs
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
            self.indexer.stop()
            config.plugins.on_shutdown()
        return 0

    def close(self) -> None:
        self.indexer.stop()
        with self.lock:  # not while the index copies the pages
            shutil.rmtree(self.site_dir, ignore_errors=True)
            shutil.rmtree(self._staging(), ignore_errors=True)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _logging() -> None:
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    stream = logging.StreamHandler()
    stream.setFormatter(ColorFormatter())
    logger.addHandler(stream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="planpress serve")
    parser.add_argument("--config-file", type=Path, required=True)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    _logging()
    signal.signal(signal.SIGTERM, _interrupt)  # stopped, the preview removes its folder
    preview = Preview(args.config_file, args.dev_addr)
    try:
        return preview.serve()
    finally:
        preview.close()


if __name__ == "__main__":
    sys.exit(main())
