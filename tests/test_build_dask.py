"""The seeds read on a real Dask cluster (a scheduler and two workers on 127.0.0.1) give the same
database as a read in-process, also when a worker is killed in the middle of the build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from dask.distributed import Client
from network import free_port

from benchmarks.render_seeds import parse_seed, render
from pipeline.build import build
from tests.test_build_incremental import table_rows

RAW = Path(__file__).parent.parent / "raw"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two single-threaded workers, each its own process, stopped by its PID."""
    address = f"tcp://127.0.0.1:{free_port()}"
    bin_dir = Path(sys.executable).parent
    processes = [subprocess.Popen([bin_dir / "dask", "scheduler", "--host", "127.0.0.1",
                                   "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):
            processes.append(subprocess.Popen(
                [bin_dir / "dask", "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                 "--memory-limit", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            pids = client.run(os.getpid)  # worker address -> its process id
        assert sorted(pids.values()) == sorted(p.pid for p in processes[1:])
        yield address, pids
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> tuple[Path, dict]:
    """The seeds, two PDF renderings and a broken file, and the database read in-process."""
    folder = tmp_path_factory.mktemp("dask")
    raw = folder / "raw"
    shutil.copytree(RAW, raw)
    text = (FIXTURES / "civic_centre_admin.txt").read_text(encoding="utf-8")
    render(parse_seed(text), raw / "civic.ruled.pdf", "ruled")
    render(parse_seed(text), raw / "civic.borderless.pdf", "borderless")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")
    report = build([raw], folder / "local" / "plans.db", exports=False, use_cache=False)
    assert (report.documents, len(report.failed)) == (7, 1)
    return raw, table_rows(folder / "local" / "plans.db")


def test_the_cluster_writes_the_same_database_as_one_process(cluster, plans, tmp_path: Path):
    address, _pids = cluster
    raw, local = plans
    report = build([raw], tmp_path / "plans.db", exports=False, scheduler=address, use_cache=False)
    assert (report.documents, len(report.failed), report.read) == (7, 1, 8)
    assert table_rows(tmp_path / "plans.db") == local


def test_a_worker_killed_mid_build_costs_a_retry_not_the_build(cluster, plans, tmp_path: Path):
    address, pids = cluster
    raw, local = plans
    killed: list[int] = []

    def kill_a_busy_worker(message: str) -> None:
        if killed:
            return
        with Client(address) as client:
            busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            killed.append(pids[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)

    report = build([raw], tmp_path / "plans.db", exports=False, scheduler=address, use_cache=False,
                   progress=kill_a_busy_worker)
    assert killed, "no worker was busy when the first document came back"
    assert (report.documents, len(report.failed)) == (7, 1)
    assert table_rows(tmp_path / "plans.db") == local
    with Client(address) as client:
        assert list(client.scheduler_info()["workers"]) == [w for w, pid in pids.items() if pid not in killed]
