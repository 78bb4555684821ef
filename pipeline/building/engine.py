"""Where documents are read: here, one child process at a time, or on a Dask cluster.

Documents are independent, so each is one Dask task. `jobs=1` without a scheduler reads in this
process's own children (no cluster); `jobs=N` starts a local cluster of N worker processes; a
scheduler address sends the tasks to an existing cluster, whose workers need the package installed
and the files readable at the same paths. Results arrive in whatever order workers finish them and
are handed on in the order of the tasks, so the database is the same for any N and any cluster.

Inside a task the document is read in a forked child under the same time and memory limits as a
local read: `limits.run_limited` with one task. A worker that dies mid-task loses only its tasks:
the scheduler hands them to another worker, and `retries` covers a task that fails on its way there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.building.limits import Limits, run_limited

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
    """One Dask task: `fn(*task)` in a forked child under `limits`; ("ok", result) or ("failed", message)."""
    return next(run_limited(_tagged, [(fn, task)], limits, 1, lambda _task, message: ("failed", message)))


def _tagged(fn: Callable[..., Any], task: tuple) -> tuple[str, Any]:
    return "ok", fn(*task)
