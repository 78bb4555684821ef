"""A build killed at any moment leaves the previous database, exports and site files whole and agreeing.

Each test runs `plans build` as a user does, in a process of its own, and kills it: at the named
points of the publishing step (the build kills itself there when PLANS_BUILD_KILL_AT names one),
and at moments spread over the whole build. Afterwards every table's rows are counted in the
database, its CSV and its JSON, all read through the published names.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.building.output_folder import STOP_AT_VARIABLE, builds_folder, published

RAW = Path(__file__).resolve().parent.parent / "raw"
FIRST = ["000_c2003f9b50c7b217.txt", "003_1b0c136ec7080770.txt"]
SECOND = ["001_00d04f93583155c1.txt", "002_221220d18741bb48.txt", "004_00b63779361be2f9.txt"]


def raw_folder(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "sources.yml").write_bytes((RAW / "sources.yml").read_bytes())
    for name in names:
        (folder / name).write_bytes((RAW / name).read_bytes())
    return folder


def command(raw: Path, db_path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "build", str(raw), "--db", str(db_path), "--quiet", *extra]


def counts(db_path: Path) -> dict[str, tuple[int, int, int]]:
    """Rows of every exported table: in the database, its CSV and its JSON."""
    out = db_path.parent
    found = {}
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if (out / "csv" / f"{t}.csv").exists()]
        for table in tables:
            in_db = conn.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]
            with open(out / "csv" / f"{table}.csv", newline="", encoding="utf-8") as handle:
                in_csv = sum(1 for _ in csv.reader(handle)) - 1
            in_json = len(json.loads((out / "json" / f"{table}.json").read_text(encoding="utf-8")))
            found[table] = (in_db, in_csv, in_json)
    return found


def documents_of(db_path: Path) -> set[str]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return {name for (name,) in conn.execute("SELECT source_file FROM documents")}


def assert_whole(db_path: Path, documents: list[set[str]]) -> None:
    """The published set is one build's, and its database, CSV and JSON agree row for row."""
    assert documents_of(db_path) in documents
    found = counts(db_path)
    assert found["documents"][0] == len(documents_of(db_path))
    assert {t: n for t, n in found.items() if len(set(n)) != 1} == {}
    metadata = (db_path.parent / "datasette-metadata.yml").read_text(encoding="utf-8")
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        doc_ids = [d for (d,) in conn.execute("SELECT doc_id FROM documents")]
    assert all(f"/plans/documents/{d}" in metadata for d in doc_ids)  # the home page lists this build's plans


@pytest.fixture
def output(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A published first build, and the raw folder of a second build with other plans."""
    first, second = raw_folder(tmp_path / "first", FIRST), raw_folder(tmp_path / "second", SECOND)
    db_path = tmp_path / "out" / "plans.db"
    subprocess.run(command(first, db_path, "--no-cache"), check=True, capture_output=True)
    return first, second, db_path


@pytest.mark.parametrize("point", ["before-links", "before-switch", "after-switch"])
def test_a_build_killed_while_publishing_leaves_one_whole_set(output, point):
    _first, second, db_path = output
    before = counts(db_path)
    result = subprocess.run(command(second, db_path, "--no-cache"), env=os.environ | {STOP_AT_VARIABLE: point},
                            capture_output=True)
    assert result.returncode == -signal.SIGKILL
    if point == "after-switch":
        assert documents_of(db_path) == set(SECOND)
    else:
        assert documents_of(db_path) == set(FIRST)
        assert counts(db_path) == before
    assert_whole(db_path, [set(FIRST), set(SECOND)])
    subprocess.run(command(second, db_path, "--no-cache"), check=True, capture_output=True)
    assert_whole(db_path, [set(SECOND)])
    assert [p.name for p in builds_folder(db_path).iterdir()] == [published(db_path).name]


def test_a_build_killed_at_any_moment_leaves_one_whole_set(output):
    _first, second, db_path = output
    started = time.monotonic()
    subprocess.run(command(second, db_path, "--no-cache"), check=True, capture_output=True)
    whole_build = time.monotonic() - started
    for share in (0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.95, 0.99):
        process = subprocess.Popen(command(second if share < 0.5 else output[0], db_path, "--no-cache"),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(share * whole_build)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert_whole(db_path, [set(FIRST), set(SECOND)])


def test_sigterm_stops_the_workers_and_removes_the_build_folder(output, tmp_path):
    _first, second, db_path = output
    published_before = published(db_path)
    slow = raw_folder(tmp_path / "slow", SECOND)
    from test_bad_input import loop_pdf  # a PDF whose reading never ends

    (slow / "a_loop.pdf").write_bytes(loop_pdf())
    process = subprocess.Popen(command(slow, db_path, "--no-cache", "--jobs", "2", "--time-limit", "120"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    build = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 3:  # two workers, and the loop's reader
        time.sleep(0.5)
        workers = build.children(recursive=True)
    assert len(workers) >= 3
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 128 + signal.SIGTERM
    time.sleep(1)
    assert [w.pid for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE] == []
    assert published(db_path) == published_before
    assert [p.name for p in builds_folder(db_path).iterdir()] == [published_before.name]
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.endswith((".new", ".tmp", "-new"))) == []
    assert_whole(db_path, [set(FIRST)])
