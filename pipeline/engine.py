"""Where documents are read: here, one child process at a time, or on a Dask cluster.

Documents are independent, so each is one Dask task. `jobs=1` without a scheduler reads in this
process's own children (no cluster); `jobs=N` starts a local cluster of N worker processes; a
scheduler address sends the tasks to an existing cluster, whose workers need the package installed
and the files readable at the same paths. Results arrive in whatever order workers finish them and
are handed on in the order of the tasks, so the database is the same for any N and any cluster.

Inside a task the document is read in a forked child under the same time and memory limits as a
local read, memory counted on top of what the worker process already maps (Dask's worker processes
are daemons, which `multiprocessing` refuses to let fork, hence `os.fork`). A worker that dies
mid-task loses only its tasks: the scheduler hands them to another worker, and `retries` covers a
task that fails on its way there.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.limits import Limits, run_limited

log = logging.getLogger(__name__)

RETRIES = 2


def run(
    fn: Callable[..., Any],
    tasks: list[tuple],
    limits: Limits,
    on_failure: Callable[[tuple, str], Any],
    jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[Any]:
    """`fn(*task)` for every task, yielded in task order; a task stopped by a limit gives `on_failure`."""
    if not tasks:
        return
    if scheduler is None and jobs <= 1:
        yield from run_limited(fn, tasks, limits, 1, on_failure)
        return
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield from _run_on(client, fn, tasks, limits, on_failure)
        return
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield from _run_on(client, fn, tasks, limits, on_failure)


def _run_on(client, fn, tasks: list[tuple], limits: Limits, on_failure) -> Iterator[Any]:
    from dask.distributed import as_completed

    futures = [client.submit(limited_task, fn, task, limits, retries=RETRIES, pure=False) for task in tasks]
    index_of = {future.key: index for index, future in enumerate(futures)}
    done: dict[int, Any] = {}
    next_out = 0
    try:
        for future in as_completed(futures):
            index = index_of[future.key]
            try:
                kind, value = future.result()
            except Exception as exc:  # the task failed every retry, or its workers kept dying
                kind, value = "failed", f"stopped: the task failed on the cluster: {type(exc).__name__}: {exc}"
            done[index] = value if kind == "ok" else on_failure(tasks[index], value)
            future.release()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        client.cancel([f for f in futures if not f.done()])


def limited_task(fn: Callable[..., Any], task: tuple, limits: Limits) -> tuple[str, Any]:
    """One Dask task: `fn(*task)` in a forked child; ("ok", result) or ("failed", message)."""
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, and leave without running the worker's exit handlers
        os.close(receiver)
        _child(sender, fn, task, limits.memory_mb)
    os.close(sender)
    deadline = time.monotonic() + limits.seconds
    chunks: list[bytes] = []
    timed_out = False
    with os.fdopen(receiver, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([pipe], [], [], remaining)
            if not ready:
                continue
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _pid, status = os.waitpid(pid, 0)
    if timed_out:
        return "failed", limits.time_message()
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        how = (f"signal {signal.Signals(os.WTERMSIG(status)).name}" if os.WIFSIGNALED(status)
               else f"status {os.waitstatus_to_exitcode(status)}")
        return "failed", f"stopped: the reading process ended with {how}"
    if kind == "memory":
        return "failed", limits.memory_message()
    return kind, value


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # no /proc: the limit is the reader's alone
        return 0


def _child(sender: int, fn: Callable[..., Any], task: tuple, memory_mb: int | None) -> None:
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if memory_mb is not None:
            # on top of what the worker process already maps: its threads' arenas and stacks are not the reader's
            mapped = _mapped_bytes()
            limit = mapped + memory_mb * 1024 * 1024
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        try:
            data = pickle.dumps(("ok", fn(*task)))
        except MemoryError:
            data = pickle.dumps(("memory", None))
        with os.fdopen(sender, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
