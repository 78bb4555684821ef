"""Each document is read in its own forked process under a time and an address-space limit.

A document can make a reader loop for ever (a PDF whose objects refer to each other) or allocate
without bound; only a separate process can be stopped safely. The parent kills it when its time is
up, and a child that runs out of memory reports that instead of a result. Results come back in the
order of the tasks, so the build is the same for any number of parallel workers.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from pydantic import BaseModel

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 1024


class Limits(BaseModel):
    """Per-document limits: wall-clock seconds and address space in MB (None: no memory limit)."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int | None = DEFAULT_MEMORY_MB

    def time_message(self) -> str:
        return f"stopped: reading took longer than the time limit of {self.seconds:g} s"

    def memory_message(self) -> str:
        return f"stopped: reading needed more memory than the limit of {self.memory_mb} MB"


DEFAULT_LIMITS = Limits()


def _child(conn: Connection, fn: Callable[..., Any], args: tuple, memory_mb: int | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
    if memory_mb is not None:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        outcome = ("ok", fn(*args))
    except MemoryError:
        outcome = ("memory", None)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()
    os._exit(0)  # skip the parent's atexit handlers and finalisers copied by fork


def run_limited(
    fn: Callable[..., Any],
    tasks: list[tuple],
    limits: Limits,
    jobs: int,
    on_failure: Callable[[tuple, str], Any],
) -> Iterator[Any]:
    """`fn(*task)` for every task, at most `jobs` at a time, each in a child process under `limits`.

    A task stopped by a limit, or whose process died, gives `on_failure(task, message)` instead.
    Leaving the iterator early (an exception, SIGTERM turned into SystemExit) kills the children.
    """
    context = multiprocessing.get_context("fork")
    pending = list(enumerate(tasks))
    pending.reverse()
    running: dict[Connection, tuple[int, multiprocessing.Process, float]] = {}
    done: dict[int, Any] = {}
    next_out = 0
    try:
        while next_out < len(tasks):
            while pending and len(running) < max(1, jobs):
                index, task = pending.pop()
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(sender, fn, task, limits.memory_mb))
                process.start()
                sender.close()
                running[receiver] = (index, process, time.monotonic())
            now = time.monotonic()
            soonest = min(started for _i, _p, started in running.values()) + limits.seconds
            for conn in wait(list(running), timeout=max(0.0, soonest - now)):
                index, process, _started = running.pop(conn)
                done[index] = _collect(conn, process, tasks[index], limits, on_failure)
            now = time.monotonic()
            for conn, (index, process, started) in list(running.items()):
                if now - started >= limits.seconds:
                    process.kill()
                    process.join()
                    conn.close()
                    del running[conn]
                    done[index] = on_failure(tasks[index], limits.time_message())
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for conn, (_index, process, _started) in running.items():
            process.kill()
            process.join()
            conn.close()


def _collect(conn: Connection, process, task: tuple, limits: Limits, on_failure) -> Any:
    try:
        kind, value = conn.recv()
    except (EOFError, OSError):
        kind, value = "died", None
    finally:
        conn.close()
    process.join()
    if kind == "ok":
        return value
    if kind == "memory":
        return on_failure(task, limits.memory_message())
    code = process.exitcode
    how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"status {code}"
    return on_failure(task, f"stopped: the reading process ended with {how}")
