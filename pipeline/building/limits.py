"""Documents are read in separate processes, each document under a time and an address-space limit.

A document can make a reader loop for ever (a PDF whose objects refer to each other) or allocate
without bound; only a separate process can be stopped safely. The parent kills a reading process
whose document's time is up, and one that runs out of memory reports that instead of a result;
either way that process ends, and the next document is read in a fresh one. A process that reads
well is kept for the next document: a fork per document cost about 40 ms of CPU per document in
a build of 1,000 synthetic plans (103 CPU s of reading, against 61 s with the processes kept), a
third of what reading one costs. Results come back in the order of the tasks, so the build is the
same for any number of parallel workers.

Processes are made with `os.fork` itself, not `multiprocessing`: the same code runs inside Dask's
worker processes, which are daemons that `multiprocessing` refuses to let have children. The
memory limit is set before each document, on top of what the process maps at that moment (a
worker's threads, arenas and imported libraries, and what earlier documents left mapped, are not
this document's), so the limit means the same for every document, in a build and on a worker.
"""

from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import struct
import threading
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
    """`fn(*task)` for every task, at most `jobs` at a time, each in a reading process under `limits`.

    A task stopped by a limit, or whose process died, gives `on_failure(task, message)` instead.
    Leaving the iterator early (an exception, SIGTERM turned into SystemExit) kills the processes.
    """
    readers = Readers(max(1, jobs))
    try:
        yield from readers.run(fn, tasks, limits, on_failure)
    finally:
        readers.close()


class Readers:
    """Up to `size` reading processes, each kept for the next task for as long as its reads go well."""

    TASKS_PER_PROCESS = 200  # then a fresh one: what a long-lived reader leaves mapped stays bounded

    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: list[_Reader] = []

    def run(self, fn: Callable[..., Any], tasks: list[tuple], limits: Limits,
            on_failure: Callable[[tuple, str], Any], decode: bool = True) -> Iterator[Any]:
        """`fn(*task)` for every task, in order; with `decode=False` a result is its pickled bytes."""
        pending = list(enumerate(tasks))
        pending.reverse()
        running: dict[int, tuple[int, _Reader]] = {}  # by the result pipe's file descriptor
        done: dict[int, Any] = {}
        next_out = 0
        try:
            while next_out < len(tasks):
                while pending and len(running) < self.size:
                    index, task = pending.pop()
                    reader = self._reader(limits.memory_mb)
                    reader.send(fn, task)
                    running[reader.fd] = (index, reader)
                soonest = min(reader.started for _i, reader in running.values()) + limits.seconds
                ready, _, _ = select.select(list(running), [], [], max(0.0, soonest - time.monotonic()))
                for fd in ready:
                    index, reader = running[fd]
                    if reader.read_some():
                        del running[fd]
                        done[index] = self._outcome(reader, tasks[index], limits, on_failure, decode)
                now = time.monotonic()
                for fd, (index, reader) in list(running.items()):
                    if now - reader.started >= limits.seconds:
                        reader.kill()
                        del running[fd]
                        done[index] = on_failure(tasks[index], limits.time_message())
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
        finally:
            for _index, reader in running.values():
                reader.kill()

    def _reader(self, memory_mb: int | None) -> _Reader:
        while self.idle:
            reader = self.idle.pop()
            if reader.memory_mb == memory_mb:
                return reader
            reader.stop()
        return _Reader(memory_mb)

    def _outcome(self, reader: _Reader, task: tuple, limits: Limits,
                 on_failure: Callable[[tuple, str], Any], decode: bool) -> Any:
        kind, payload = reader.answer()
        if kind == "ok":
            if reader.tasks < self.TASKS_PER_PROCESS:
                self.idle.append(reader)
            else:
                reader.stop()
            return pickle.loads(payload) if decode else payload
        reader.stop()  # a reader that failed is not given another document
        if kind == "memory":
            return on_failure(task, limits.memory_message())
        if kind == "error":
            return on_failure(task, f"failed in the reading process: {pickle.loads(payload)}")
        return on_failure(task, f"stopped: the reading process ended with {payload.decode()}")

    def close(self) -> None:
        for reader in self.idle:
            reader.stop()
        self.idle = []


_HEADER = struct.Struct("!cQ")  # kind (o: ok, m: memory, e: error) and the payload's length
_KINDS = {b"o": "ok", b"m": "memory", b"e": "error"}


class _Reader:
    """One forked process that runs `fn(*task)` for each task sent to it, answering on a pipe."""

    def __init__(self, memory_mb: int | None) -> None:
        with _FORKING:  # no other thread forks while this one's pipes are open at both ends
            task_receiver, task_sender = os.pipe()
            receiver, sender = os.pipe()
            pid = os.fork()
            if pid == 0:
                # the other readers' ends of their pipes are theirs alone: a copy held here would
                # keep one from seeing its parent close its task pipe, or its parent from seeing it die
                for fd in (*_PARENT_ENDS, task_sender, receiver):
                    os.close(fd)
                _serve(task_receiver, sender, memory_mb)  # never returns
            os.close(task_receiver)
            os.close(sender)
            _PARENT_ENDS.update((receiver, task_sender))
        self.pid, self.fd, self.task_fd = pid, receiver, task_sender
        self.memory_mb = memory_mb
        self.started = time.monotonic()
        self.tasks = 0
        self.chunks: list[bytes] = []
        self.ended: int | None = None  # its wait status, once it has ended

    def send(self, fn: Callable[..., Any], task: tuple) -> None:
        data = pickle.dumps((fn, task))
        try:
            _write_all(self.task_fd, struct.pack("!Q", len(data)) + data)
        except BrokenPipeError:  # it ended while idle: its answer pipe says so when read
            pass
        self.started = time.monotonic()
        self.tasks += 1
        self.chunks = []

    def read_some(self) -> bool:
        """Read what the pipe holds; True once a whole answer is in, or the process has closed it."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.ended = self._reap()
            return True
        self.chunks.append(chunk)
        if sum(map(len, self.chunks)) < _HEADER.size:
            return False
        data = b"".join(self.chunks)
        self.chunks = [data]
        return len(data) >= _HEADER.size + _HEADER.unpack_from(data)[1]

    def answer(self) -> tuple[str, bytes]:
        """(kind, pickled payload) of the answer read; ("died", how it ended) without a whole one."""
        data = b"".join(self.chunks)
        if len(data) >= _HEADER.size:
            kind, length = _HEADER.unpack_from(data)
            if len(data) == _HEADER.size + length:
                return _KINDS[kind], data[_HEADER.size:]
        if self.ended is None:  # half an answer, and no end yet: it cannot be trusted
            self.kill()
        status = self.ended
        how = (f"signal {signal.Signals(os.WTERMSIG(status)).name}" if os.WIFSIGNALED(status)
               else f"status {os.waitstatus_to_exitcode(status)}")
        return "died", how.encode()

    def kill(self) -> None:
        if self.ended is None:
            os.kill(self.pid, signal.SIGKILL)
            self.ended = self._reap()

    def stop(self) -> None:
        """End an idle reader (it holds nothing worth waiting for)."""
        self.kill()

    def _reap(self) -> int:
        with _FORKING:
            for fd in (self.fd, self.task_fd):
                if fd >= 0:
                    _PARENT_ENDS.discard(fd)
                    os.close(fd)
        self.fd = self.task_fd = -1
        _pid, status = os.waitpid(self.pid, 0)
        return status


_FORKING = threading.Lock()
_PARENT_ENDS: set[int] = set()  # this process's ends of its live readers' pipes


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


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


def _serve(tasks: int, answers: int, memory_mb: int | None) -> None:
    """The reading process: tasks in, answers out, until its task pipe closes or a read goes wrong."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
        # what the parent had is never this process's garbage: the collector leaves it alone, so it
        # neither walks a Dask worker's objects at every collection nor copies their pages
        gc.freeze()
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        while True:
            header = _read_exactly(tasks, 8)
            if header is None:
                break  # the parent is done with it
            data = _read_exactly(tasks, struct.unpack("!Q", header)[0])
            if data is None:
                break
            fn, task = pickle.loads(data)
            if memory_mb is not None:
                limit = _mapped_bytes() + memory_mb * 1024 * 1024
                if hard != resource.RLIM_INFINITY:
                    limit = min(limit, hard)
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            try:
                kind, payload = b"o", pickle.dumps(fn(*task))
            except MemoryError:
                kind, payload = b"m", b""
            except Exception as error:  # a fault of the reader's own, or a result that cannot be sent
                traceback.print_exc()
                kind, payload = b"e", pickle.dumps(_summary(error))
            _write_all(answers, _HEADER.pack(kind, len(payload)) + payload)
            del payload
            if kind != b"o":
                break  # the next document is read in a fresh process
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # skip the parent's atexit handlers and finalisers copied by fork
