"""A Dask task reads its document in a forked child under the time and memory limits."""

from __future__ import annotations

import os
import time

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
    assert limited_task(_work, ("a",), limits) == ("ok", "A")
    assert limited_task(_work, ("large",), limits) == ("ok", "x" * (8 * 1024 * 1024))
    assert limited_task(_work, ("huge",), limits) == (
        "failed", "stopped: reading needed more memory than the limit of 512 MB")
    assert limited_task(_work, ("dies",), limits) == ("failed", "stopped: the reading process ended with status 3")
    started = time.monotonic()
    assert limited_task(_work, ("slow",), limits) == (
        "failed", "stopped: reading took longer than the time limit of 2 s")
    assert time.monotonic() - started < 10
