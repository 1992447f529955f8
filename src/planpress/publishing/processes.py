"""Child processes that never outlive planpress.

`planpress serve`, `build` and `publish` run other programs (MkDocs, mike, git). If planpress
stops, those must stop too: a `mkdocs serve` left running keeps its port, and a build or a
publish left running keeps writing files.

- `die_with_parent()`, called in a child before it runs its program (as `preexec_fn`, or first
  thing in a Python child), asks the kernel to kill the child the moment its parent ends,
  however it ends (even SIGKILL). Linux only (`prctl(PR_SET_PDEATHSIG, SIGKILL)`); elsewhere
  it does nothing.
- `children_die_with_this_process()` makes every child this process starts from then on
  through `subprocess` (also those a library starts, e.g. mike's git and mkdocs) die with it.
- `run_child(command, **kwargs)` runs a program that way and waits for it, like
  `subprocess.run` (same keyword arguments; it returns a `subprocess.CompletedProcess`). If
  planpress is asked to stop while it waits (SIGTERM, or SIGINT: Ctrl+C), the child is asked
  to stop (SIGTERM, then SIGKILL if it has not ended after `GRACE_SECONDS`), and once it has
  ended the request is passed on: `KeyboardInterrupt` for SIGINT, `Stopped` (a kind of
  `KeyboardInterrupt`) for SIGTERM.

    from planpress.publishing.processes import run_child

    try:
        done = run_child(["mike", "deploy", version], cwd=project, capture_output=True)
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM; the child has ended
        ...  # clean up, then exit
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
GRACE_SECONDS = 5.0  # how long a child has to end after SIGTERM before it is killed


class Stopped(KeyboardInterrupt):
    """This process was asked to stop (SIGTERM) while a child ran; the child has ended."""

    def __init__(self, signum: int = signal.SIGTERM):
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While inside: SIGTERM and SIGHUP raise `Stopped`, as Ctrl+C raises `KeyboardInterrupt`,
    so that the work in hand is undone by its own `except` or `finally` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: Any) -> None:
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@lru_cache(maxsize=1)
def _prctl() -> Any:
    """The C library's `prctl`, or None where there is none (not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a child process: be killed (SIGKILL) as soon as the parent process ends.

    Meant as `preexec_fn` of `subprocess.Popen` (it runs in the child, before its program).
    With `parent_pid`, the pid of the process that started the child, a parent that has
    already ended by then is noticed too, and the child ends at once. Linux only; elsewhere
    it does nothing. (The kernel watches the parent's thread that started the child: start
    children from the main thread.)
    """
    prctl = _prctl()
    if prctl is None:
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGKILL)  # the parent ended before the request was made


def _preexec(parent_pid: int) -> Any:
    def preexec() -> None:
        die_with_parent(parent_pid)

    return preexec


def children_die_with_this_process() -> None:
    """Every child started through `subprocess` from now on dies when this process ends.

    For a process that runs a library which starts programs of its own (mike runs git and
    mkdocs): each `subprocess.Popen` without a `preexec_fn` of its own gets `die_with_parent`.
    Linux only; elsewhere it does nothing.
    """
    if _prctl() is None:
        return
    original = subprocess.Popen.__init__
    if getattr(original, "_planpress_dies_with_parent", False):
        return

    def __init__(self: subprocess.Popen[Any], *args: Any, **kwargs: Any) -> None:
        if kwargs.get("preexec_fn") is None and len(args) < 7:  # preexec_fn not given
            kwargs["preexec_fn"] = _preexec(os.getpid())
        original(self, *args, **kwargs)

    __init__._planpress_dies_with_parent = True  # type: ignore[attr-defined]
    subprocess.Popen.__init__ = __init__  # type: ignore[method-assign]


def run_child(
    command: Sequence[str], *, input: Any = None, capture_output: bool = False, **kwargs: Any
) -> subprocess.CompletedProcess[Any]:
    """Run `command` to its end and return it, as `subprocess.run` does with the same arguments.

    The child is killed if this process is killed. SIGTERM or SIGINT received while it runs
    stop the child (SIGTERM, then SIGKILL after `GRACE_SECONDS`); once it has ended,
    `Stopped` (for SIGTERM) or `KeyboardInterrupt` (for SIGINT) is raised. Signal handlers
    are set only while waiting, and only when called from the main thread.
    """
    _prctl()  # loaded here, before the fork: the child only calls it
    kwargs.setdefault("preexec_fn", _preexec(os.getpid()))
    if capture_output:
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    if input is not None:
        kwargs.setdefault("stdin", subprocess.PIPE)
    received: list[int] = []
    handlers: dict[int, Any] = {}
    child = subprocess.Popen(list(command), **kwargs)

    def on_signal(signum: int, _frame: Any) -> None:
        if not received:
            received.append(signum)
            with _quietly():
                child.send_signal(signal.SIGTERM)

    try:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                handlers[signum] = signal.signal(signum, on_signal)
        asked = None
        while True:
            try:
                stdout, stderr = child.communicate(input, timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if received and asked is None:
                    asked = time.monotonic()
                if asked is not None and time.monotonic() - asked > GRACE_SECONDS:
                    with _quietly():
                        child.kill()
    except BaseException:
        with _quietly():
            child.kill()
        child.wait()
        raise
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    if received:
        if received[0] == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(received[0])
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


class _quietly:
    """Ignore a child that has already ended."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, *_: Any) -> bool:
        return kind is not None and issubclass(kind, ProcessLookupError)
