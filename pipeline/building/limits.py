"""Each document is read in its own forked process under a time and an address-space limit.

A document can make a reader loop for ever (a PDF whose objects refer to each other) or allocate
without bound; only a separate process can be stopped safely. The parent kills it when its time is
up, and a child that runs out of memory reports that instead of a result. Results come back in the
order of the tasks, so the build is the same for any number of parallel workers.

Children are made with `os.fork` itself, not `multiprocessing`: the same code runs inside Dask's
worker processes, which are daemons that `multiprocessing` refuses to let have children. A child's
memory limit counts on top of what its parent already maps (a worker's threads, arenas and imported
libraries are not the reader's), so the limit means the same in a build and on a worker.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
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
    pending = list(enumerate(tasks))
    pending.reverse()
    running: dict[int, tuple[int, _Child]] = {}  # by the pipe's file descriptor
    done: dict[int, Any] = {}
    next_out = 0
    try:
        while next_out < len(tasks):
            while pending and len(running) < max(1, jobs):
                index, task = pending.pop()
                child = _Child(fn, task, limits.memory_mb)
                running[child.fd] = (index, child)
            soonest = min(child.started for _i, child in running.values()) + limits.seconds
            ready, _, _ = select.select(list(running), [], [], max(0.0, soonest - time.monotonic()))
            for fd in ready:
                index, child = running[fd]
                if child.read_some():
                    del running[fd]
                    done[index] = child.outcome(tasks[index], limits, on_failure)
            now = time.monotonic()
            for fd, (index, child) in list(running.items()):
                if now - child.started >= limits.seconds:
                    child.kill()
                    del running[fd]
                    done[index] = on_failure(tasks[index], limits.time_message())
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for _index, child in running.values():
            child.kill()


class _Child:
    """One forked process running `fn(*task)`, its pickled outcome read back from a pipe."""

    def __init__(self, fn: Callable[..., Any], task: tuple, memory_mb: int | None) -> None:
        receiver, sender = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(receiver)
            _child(sender, fn, task, memory_mb)  # never returns
        os.close(sender)
        self.pid, self.fd = pid, receiver
        self.started = time.monotonic()
        self.chunks: list[bytes] = []

    def read_some(self) -> bool:
        """Read what the pipe holds; True once the child has closed it (sent all, or died)."""
        chunk = os.read(self.fd, 1 << 20)
        if chunk:
            self.chunks.append(chunk)
            return False
        return True

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> int:
        os.close(self.fd)
        _pid, status = os.waitpid(self.pid, 0)
        return status

    def outcome(self, task: tuple, limits: Limits, on_failure: Callable[[tuple, str], Any]) -> Any:
        status = self._reap()
        try:
            kind, value = pickle.loads(b"".join(self.chunks))
        except Exception:  # nothing, or half a result: the process died
            how = (f"signal {signal.Signals(os.WTERMSIG(status)).name}" if os.WIFSIGNALED(status)
                   else f"status {os.waitstatus_to_exitcode(status)}")
            return on_failure(task, f"stopped: the reading process ended with {how}")
        if kind == "memory":
            return on_failure(task, limits.memory_message())
        if kind == "error":
            return on_failure(task, f"failed in the reading process: {value}")
        return value


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # no /proc: the limit is the reader's alone
        return 0


def _summary(error: BaseException) -> str:
    """The error and where it was raised, for the log; the whole traceback goes to stderr."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def _child(sender: int, fn: Callable[..., Any], task: tuple, memory_mb: int | None) -> None:
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
        if memory_mb is not None:
            limit = _mapped_bytes() + memory_mb * 1024 * 1024
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        try:
            data = pickle.dumps(("ok", fn(*task)))
        except MemoryError:
            data = pickle.dumps(("memory", None))
        except Exception as error:  # a fault of the reader's own, or a result that cannot be sent
            traceback.print_exc()
            data = pickle.dumps(("error", _summary(error)))
        with os.fdopen(sender, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # skip the parent's atexit handlers and finalisers copied by fork
