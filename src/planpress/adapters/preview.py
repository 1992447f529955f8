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
import contextlib
import ipaddress
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from types import FrameType
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from planpress.adapters.plugin import PlanpressPlugin
    from planpress.core.load import SourceLocation
    from planpress.core.model import Plan

log = logging.getLogger("mkdocs.planpress.preview")


class WholeSite(Exception):
    """The edit needs the whole site built again: the message says why."""


@dataclass
class Built:
    """What the last build was made of."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    plan: Plan
    locations: dict[tuple[str, str], SourceLocation]


def _planpress(config: MkDocsConfig) -> PlanpressPlugin:
    """planpress's plugin, as the configuration loaded it."""
    return cast("PlanpressPlugin", config.plugins["planpress"])


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
        self.indexer = _Indexer(self.site_dir, self.lock)
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
        _planpress(config).index_search = False  # made in the background instead
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
        made = _planpress(config).built
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
        """Render again the pages an edit of the data affects; what was done, in words (None
        when the data has problems, which are listed, and the site is left as it was).

        Raises WholeSite when the edit needs the whole site built again.
        """
        from planpress.adapters import macros
        from planpress.adapters.mkdocs_private import build_page, populate_page
        from planpress.core.plancache import PlanError, require_plan
        from planpress.render.affected import affected_by
        from planpress.render.records import group_page_path

        built = self.built
        assert built is not None and self.data_dir is not None
        try:
            plan, locations = require_plan(self.data_dir)
        except PlanError as exc:
            for problem in exc.problems:
                log.error("%s", problem)
            log.error("planpress: fix the problems above; the preview shows the site as it was")
            return None
        affected = affected_by(built.plan, built.locations, plan, locations)
        if affected.nothing:
            built.plan, built.locations = plan, locations
            return "the data changed nothing on the pages"
        if affected.everything:
            raise WholeSite(affected.reason)
        config = built.config
        env: Any = config.plugins["macros"]  # mkdocs-macros' MacrosPlugin (see adapters/macros.py)
        before = dict(config.extra.get("planpress_build_version") or {})
        macros.use_plan(env, plan, locations)
        if config.extra.get("planpress_build_version") != before:
            raise WholeSite("the version shown on every page changed")
        _planpress(config).use_plan(plan, locations, config)
        all_groups = {group_page_path(g.id) for g in plan.groups}
        edited = {group_page_path(g) for g in affected.groups}
        pages = [f.page for f in built.files.documentation_pages() if f.page is not None]
        overviews = [
            p
            for p in pages
            if not (p.file.generated_by and p.file.src_uri in all_groups) and _uses_macros(p)
        ]
        sub_groups = [p for p in pages if p.file.generated_by and p.file.src_uri in edited]
        doc_files = built.files.documentation_pages()
        written = 0
        with self.lock:
            for page in overviews + sub_groups:
                content, title = page.content, page.title
                populate_page(page, config, built.files)
                if page.title != title:
                    raise WholeSite(f"the title of {page.file.src_uri} changed")
                if page.content == content:
                    continue
                build_page(page, config, doc_files, built.nav, built.env)
                written += 1
                log.debug("planpress: rendered %s again", page.file.src_uri)
            macros.on_post_build(env)  # the open data files
        built.plan, built.locations = plan, locations
        self.indexer.start(built)
        actions = len(affected.actions)
        return (
            f"{actions} action{'s' if actions != 1 else ''} changed: rendered "
            f"{len(overviews) + len(sub_groups)} of {len(pages)} pages again, {written} changed"
        )

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
        server.set_app(_own_host_only(server.serve_request, host))
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


class _Indexer:
    """The preview's search index, made in a thread after each build and swapped in whole;
    a newer build's index replaces one still being made."""

    def __init__(self, site_dir: Path, lock: threading.Lock) -> None:
        self.site_dir = site_dir
        self.lock = lock
        self._wanted = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None
        self._running: list[Any] = []  # the Pagefind process, while it runs
        self._built: Built | None = None  # the plan its pages were built from

    def start(self, built: Built) -> None:
        self._built = built
        self._wanted.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop making the index (Pagefind is stopped if it is running) and wait for it."""
        self._stopped = True
        self._wanted.set()
        for process in list(self._running):
            with contextlib.suppress(OSError):
                process.kill()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        from planpress.adapters.search import SearchIndexError, build_index

        while True:
            self._wanted.wait()
            if self._stopped:
                return
            self._wanted.clear()
            started = time.perf_counter()
            try:
                assert self._built is not None
                counts = build_index(
                    self.site_dir,
                    self._built.plan,
                    directory_urls=self._built.config.use_directory_urls,
                    lock=self.lock,
                    running=self._running,
                )
            except (SearchIndexError, OSError) as exc:
                if self._stopped:  # the preview is closing: its folder may be gone
                    return
                log.warning("planpress: the preview's search index was not made: %s", exc)
                continue
            log.info(
                "planpress: search index of %d pages and %d actions made in %.1f s",
                counts["pages"],
                counts["actions"],
                time.perf_counter() - started,
            )


def _uses_macros(page: Page) -> bool:
    """Whether the page's Markdown calls the macros (only then can the data change it)."""
    if page.meta.get("render_macros") is False:
        return False
    source = page.file.content_string
    return "{{" in source or "{%" in source


LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def own_host(header: str, served_as: str) -> bool:
    """Whether a request's Host header names this preview: the address it listens on, a
    loopback name, or (when it listens on every address) any address given as numbers.

    A web page elsewhere can make a browser send requests to the preview under a name of its
    own that resolves to 127.0.0.1 (DNS rebinding); such a name is never one of these.
    """
    name = header.strip().lower()
    if name.startswith("["):  # [::1]:8000
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    if not name:
        return False
    if name in LOCAL_NAMES or name == served_as.strip("[]").lower():
        return True
    if served_as in ("0.0.0.0", "::", ""):
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


def _own_host_only(app: WSGIApplication, served_as: str) -> WSGIApplication:
    """`app`, answering 421 Misdirected Request to a request for any other host name."""

    def guarded(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not own_host(environ.get("HTTP_HOST", ""), served_as):
            start_response(
                "421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")]
            )
            return [b"This is a preview of the site; it answers only to its own address.\n"]
        return app(environ, start_response)

    return guarded


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
