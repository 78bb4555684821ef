"""Tasks in reading processes: results in order, a task that breaks a limit fails alone, and the
next one is read in a fresh process."""

from __future__ import annotations

import os

from pipeline.building.limits import Limits, run_limited

_KEPT: list[bytearray] = []


def _work(kind: str) -> str:
    if kind == "pid":
        return str(os.getpid())
    if kind == "keeps 400 MB":  # left mapped in the reading process after its task
        _KEPT.append(bytearray(400 * 1024 * 1024))
        return "kept"
    if kind == "uses 400 MB":
        return str(len(bytearray(400 * 1024 * 1024)) // 1024 // 1024)
    if kind == "huge":
        return str(len(bytearray(2048 * 1024 * 1024)))  # twice the memory limit below
    if kind == "dies":
        os._exit(3)
    if kind == "raises":
        raise ValueError("no table here")
    if kind == "unsendable":
        return lambda: kind  # a result that cannot be pickled back
    return kind.upper()


def _failed(task: tuple, reason: str) -> str:
    return f"{task[0]} failed: {reason}"


def test_each_task_gets_its_result_or_the_limit_it_broke_in_order():
    tasks = [("a",), ("huge",), ("b",), ("dies",), ("c",)]
    for jobs in (1, 2):
        assert list(run_limited(_work, tasks, Limits(seconds=30, memory_mb=1024), jobs, _failed)) == [
            "A",
            "huge failed: stopped: reading needed more memory than the limit of 1024 MB",
            "B",
            "dies failed: stopped: the reading process ended with status 3",
            "C",
        ]


def test_an_error_inside_the_reading_process_is_named_with_where_it_was_raised():
    tasks = [("raises",), ("unsendable",), ("d",)]
    results = list(run_limited(_work, tasks, Limits(seconds=30), 2, _failed))
    assert results[0].startswith("raises failed: failed in the reading process: ValueError: no table here "
                                 "(at test_limits.py:")
    assert results[1].startswith("unsendable failed: failed in the reading process: ")
    assert "pickle" in results[1]
    assert results[2] == "D"


def test_no_tasks_give_no_results():
    assert list(run_limited(_work, [], Limits(), 2, _failed)) == []


def test_a_reading_process_reads_the_next_task_unless_its_read_went_wrong():
    tasks = [("pid",), ("pid",), ("huge",), ("pid",), ("raises",), ("pid",), ("dies",), ("pid",)]
    results = list(run_limited(_work, tasks, Limits(seconds=30, memory_mb=1024), 1, _failed))
    first, again, after_memory, after_error, after_death = results[0], results[1], results[3], results[5], results[7]
    assert first == again and first != str(os.getpid())
    assert len({first, after_memory, after_error, after_death}) == 4


def test_each_task_has_the_whole_memory_limit_whatever_the_tasks_before_it_left_mapped():
    tasks = [("keeps 400 MB",), ("uses 400 MB",), ("pid",)]
    assert list(run_limited(_work, tasks, Limits(seconds=30, memory_mb=512), 1, _failed))[:2] == ["kept", "400"]
