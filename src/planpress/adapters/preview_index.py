"""The preview's search index: made in a thread after each build, so that a page never waits
for it; searching meanwhile finds the last index."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planpress.adapters.preview_render import Built

log = logging.getLogger("mkdocs.planpress.preview")


class PreviewIndexer:
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
        from planpress.adapters.search import build_index
        from planpress.adapters.search_service import SearchIndexError

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
