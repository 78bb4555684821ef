"""Where documents are read: here, one child process at a time, or on a Dask cluster.

Documents are independent, so each is one Dask task. `jobs=1` without a scheduler reads in this
process's own children (no cluster); `jobs=N` starts a local cluster of N worker processes; a
scheduler address sends the tasks to an existing cluster, whose workers need the package installed
and the files readable at the same paths. Results arrive in whatever order workers finish them and
are handed on in the order of the tasks, so the database is the same for any N and any cluster.

Inside a task the document is read by a reading process of the worker's own, under the same time
and memory limits as a local read (`limits.Readers`): one per worker thread, kept from task to task
while its reads go well. Its result travels back as the bytes that process pickled, unpickled once
by the writer. A worker that dies mid-task loses only its tasks: the scheduler hands them to
another worker, and `retries` covers a task that fails on its way there.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.building.limits import Limits, Readers, run_limited

log = logging.getLogger(__name__)

RETRIES = 2
# Tasks submitted ahead of the one the writer waits for: enough to keep every worker busy.
WINDOW_FLOOR = 32
WINDOW_PER_THREAD = 8


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
    """The tasks on `client`, at most a window of them submitted and not yet handed on at a time.

    The window keeps the writer's memory flat in the number of documents: the scheduler (which a
    local cluster runs in this process) and the client hold a task's state only while it is in
    the window, and results that finish ahead of an earlier one wait in it, not without bound.
    """
    from dask.distributed import as_completed

    window = max(WINDOW_FLOOR, WINDOW_PER_THREAD * sum(client.nthreads().values()))
    pending = as_completed()
    running: dict[str, tuple[int, Any]] = {}  # future key -> (task index, future)
    done: dict[int, Any] = {}
    submitted = next_out = 0

    def submit_more() -> None:
        nonlocal submitted
        while submitted < len(tasks) and submitted - next_out < window:
            future = client.submit(limited_task, fn, tasks[submitted], limits, retries=RETRIES, pure=False)
            running[future.key] = (submitted, future)
            pending.add(future)
            submitted += 1

    try:
        submit_more()
        while next_out < len(tasks):
            future = next(pending)
            index, _future = running.pop(future.key)
            try:
                kind, value = future.result()
                if kind == "ok":
                    value = pickle.loads(value)
            except Exception as exc:  # the task failed every retry, or its workers kept dying
                kind, value = "failed", f"stopped: the task failed on the cluster: {type(exc).__name__}: {exc}"
            done[index] = value if kind == "ok" else on_failure(tasks[index], value)
            future.release()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            submit_more()
    finally:
        client.cancel([f for _index, f in running.values()])


_readers = threading.local()  # a worker thread's reading process, kept between its tasks


def limited_task(fn: Callable[..., Any], task: tuple, limits: Limits) -> tuple[str, Any]:
    """One Dask task: `fn(*task)` in the worker's reading process under `limits`; ("ok", the result
    pickled) or ("failed", message)."""
    readers = getattr(_readers, "readers", None)
    if readers is None:
        readers = _readers.readers = Readers(1)
    result = next(readers.run(fn, [task], limits, lambda _task, message: ("failed", message), decode=False))
    return ("ok", result) if isinstance(result, bytes) else result
