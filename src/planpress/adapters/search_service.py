"""Pagefind's service as the search index uses it: its answers read as they come, its failures
told in one line, and its index checked as written before it is used."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
from pathlib import Path
from typing import Any, cast

from pagefind.service import PagefindService
from pagefind.service.types import InternalRequestPayload, InternalResponsePayload


class SearchIndexError(Exception):
    """The index could not be made: the message says why, in one line."""


class Service(PagefindService):
    """Pagefind's service, its answers read as they come (the package's reader waits 0.1 s for
    each: 17 minutes for 10,000 actions, Pagefind issue #976). An error, or the process ending,
    fails what waits for an answer with a SearchIndexError."""

    failure: SearchIndexError | None = None

    async def send(self, payload: InternalRequestPayload) -> InternalResponsePayload:
        if self.failure is not None:
            raise self.failure
        return await super().send(payload)

    async def _wait_for_responses(self) -> None:
        stdout = cast("asyncio.StreamReader", self._backend.stdout)
        try:
            while True:
                self._answer(json.loads(base64.b64decode((await stdout.readuntil(b","))[:-1])))
        except asyncio.IncompleteReadError:
            code = await self._backend.wait()
            reason = f"it stopped ({f'signal {-code}' if code < 0 else f'exit status {code}'})"
        except SearchIndexError as exc:
            reason = str(exc)
        except (ValueError, asyncio.LimitOverrunError) as exc:
            reason = f"an answer that could not be read ({exc})"
        self.failure = SearchIndexError(f"Pagefind failed: {reason}")
        for waiting in [waiting for waiting in self._responses.values() if not waiting.done()]:
            waiting.set_exception(SearchIndexError(str(self.failure)))
            waiting.exception()  # seen here: not reported again if no request awaits it
        self._responses.clear()

    def _answer(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        waiting = self._responses.pop(answer.get("message_id", 0), None)
        error = " ".join(str(payload.get("message") or "an error").split())
        if payload.get("type") == "Error" and waiting is None:  # an error no request is told of
            raise SearchIndexError(error)  # ends the service
        if waiting is None or waiting.done():  # no request, or one given up (timed out)
            return
        if payload.get("type") == "Error":
            waiting.set_exception(SearchIndexError(f"Pagefind failed: {error}"))
        else:
            waiting.set_result(cast("InternalResponsePayload", payload))

    async def failed(self) -> SearchIndexError:  # why it stopped, once its reader has seen it
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._poll_task), 5)
        return self.failure or SearchIndexError("Pagefind failed: it stopped answering")

    async def stop(self) -> None:
        self._poll_task.cancel()
        with contextlib.suppress(ProcessLookupError):  # it has ended already
            self._backend.kill()
        await self._backend.wait()


async def writes_ended(pid: int, bundle: Path, within: float = 120) -> None:
    """Once Pagefind has no file in `bundle` open (read from /proc), or, where there is no /proc,
    once no file there is empty and none has grown for half a second.

    Pagefind answers that it has written the index while its last writes may still be under way
    (it writes through tokio's files, which finish a write in a thread of their own after the
    call has returned): stopped then, it leaves files empty or short."""
    loop, folder = asyncio.get_running_loop(), str(bundle.resolve()) + os.sep
    deadline, last = loop.time() + within, None
    while loop.time() < deadline:
        held = _held_open(pid, folder)
        if held is None:  # no /proc: the files' sizes, until they settle
            sizes = [path.stat().st_size for path in bundle.rglob("*") if path.is_file()]
            held, last = (sizes != last or 0 in sizes), sizes
        if not held:
            return
        await asyncio.sleep(0.05 if last is None else 0.5)
    raise SearchIndexError(f"Pagefind did not finish writing the index within {within:.0f} s")


def _held_open(pid: int, folder: str) -> bool | None:
    """Whether process `pid` has a file under `folder` open; None where /proc cannot tell."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        entries = list(fds.iterdir())
    except OSError:
        return None
    for entry in entries:
        with contextlib.suppress(OSError):  # closed meanwhile
            if str(entry.readlink()).startswith(folder):
                return True
    return False


def check_written(bundle: Path) -> None:
    """The index as written is whole: its entry file reads, and no file of it is empty."""
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind failed: it wrote no pagefind.js in {bundle}")
    empty = [path.name for path in bundle.rglob("*") if path.is_file() and not path.stat().st_size]
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = None
    if empty or not isinstance(entry, dict) or not entry.get("languages"):
        what = f"{len(empty)} empty files ({', '.join(sorted(empty)[:3])})" if empty else ""
        raise SearchIndexError(
            f"Pagefind failed: the index it wrote is incomplete: {what or 'no pagefind-entry.json'}"
        )
