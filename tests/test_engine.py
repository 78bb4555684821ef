"""A Dask task reads its document in a reading process of the worker's under the time and memory limits."""

from __future__ import annotations

import os
import pickle
import time

from pipeline.building import engine
from pipeline.building.engine import limited_task
from pipeline.building.limits import Limits


def _work(kind: str) -> str:
    if kind == "huge":
        return str(len(bytearray(2048 * 1024 * 1024)))  # far past the limit below
    if kind == "slow":
        time.sleep(30)
    if kind == "dies":
        os._exit(3)
    if kind == "large":
        return "x" * (8 * 1024 * 1024)  # more than a pipe holds at once
    return kind.upper()


def test_a_task_gives_its_result_or_the_limit_it_broke():
    limits = Limits(seconds=2, memory_mb=512)
    assert limited_task(_work, ("a",), limits) == ("ok", pickle.dumps("A"))  # unpickled by the writer
    assert limited_task(_work, ("large",), limits) == ("ok", pickle.dumps("x" * (8 * 1024 * 1024)))
    assert limited_task(_work, ("huge",), limits) == (
        "failed", "stopped: reading needed more memory than the limit of 512 MB")
    assert limited_task(_work, ("dies",), limits) == ("failed", "stopped: the reading process ended with status 3")
    started = time.monotonic()
    assert limited_task(_work, ("slow",), limits) == (
        "failed", "stopped: reading took longer than the time limit of 2 s")
    assert time.monotonic() - started < 10


def _numbered(i: int) -> str:
    if i == 0:
        time.sleep(2)  # the first task finishes last: the others wait their turn within the window
    return f"doc {i}"


def _stopped(task: tuple, message: str) -> str:
    return message


def test_results_come_in_task_order_through_a_window_smaller_than_the_tasks(monkeypatch):
    from dask.distributed import Client, LocalCluster

    monkeypatch.setattr(engine, "WINDOW_FLOOR", 4)
    monkeypatch.setattr(engine, "WINDOW_PER_THREAD", 1)
    tasks = [(i,) for i in range(30)]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        results = engine._run_on(client, _numbered, tasks, Limits(seconds=30), _stopped)
        first = next(results)
        assert len(client.futures) <= 4  # no more than the window was ever submitted ahead
        assert [first, *results] == [f"doc {i}" for i in range(30)]


def test_reading_processes_started_by_several_worker_threads_at_once_each_end_alone():
    """A worker with several threads forks a reading process from each; none may hold a copy of
    another's pipes, or that one's death would look like its time running out."""
    from concurrent.futures import ThreadPoolExecutor

    limits = Limits(seconds=5, memory_mb=512)
    with ThreadPoolExecutor(4) as threads:
        results = list(threads.map(lambda _i: limited_task(_work, ("dies",), limits), range(16)))
    assert results == [("failed", "stopped: the reading process ended with status 3")] * 16
