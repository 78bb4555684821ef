"""`plans serve` as a process: it answers, stops on SIGTERM or SIGINT with the port freed and its
Datasette child gone, refuses a taken port, ignores modules in the current folder, and shows a
rebuilt database without being restarted by hand."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from network import free_port, port_is_free

from pipeline.build import build
from pipeline.publishing import server

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FIRST_PLAN = RAW / "000_c2003f9b50c7b217.txt"
SECOND_PLAN = RAW / "003_1b0c136ec7080770.txt"


def start(db_path: Path, port: int, cwd: Path, *extra: str) -> subprocess.Popen:
    # -P: the test's own working folder must not be importable by `plans serve` either
    return subprocess.Popen([sys.executable, "-P", "-m", "pipeline.cli", "serve", "--db", str(db_path),
                             "--port", str(port), *extra],
                            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"plans serve stopped: {proc.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer at {url} within {seconds} s")


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def document_count(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/plans/documents.json?_shape=array", timeout=5) as r:
        return len(json.load(r))


@pytest.fixture
def folder(tmp_path) -> Path:
    """A working folder holding a database and a module that must never be imported."""
    (tmp_path / "concurrent.py").write_text(
        "open(__file__ + '.imported', 'w').close()\nraise SystemExit('imported from the current folder')\n")
    build([FIRST_PLAN], tmp_path / "plans.db", exports=False)
    return tmp_path


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_and_frees_its_port(folder, stop):
    port = free_port()
    proc = start(folder / "plans.db", port, folder)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/plans/documents.json", proc)
        assert document_count(port) == 1
        [child] = children(proc.pid)
        assert is_running(child)
        proc.send_signal(stop)
        stopped = time.monotonic()
        while not port_is_free(port) and time.monotonic() - stopped < 3:
            time.sleep(0.05)
        assert port_is_free(port), "the port is still taken 3 s after the stop"
        assert proc.wait(timeout=10) == 0
        assert not is_running(child)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not (folder / "concurrent.py.imported").exists()


def test_a_taken_port_is_a_clear_error(folder):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = start(folder / "plans.db", port, folder)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    message = err.decode().strip()
    assert len(message.splitlines()) == 1
    assert f"127.0.0.1:{port} is already in use" in message


def test_the_exit_status_is_the_childs():
    failing = server.Supervisor(lambda: [sys.executable, "-c", "raise SystemExit(3)"], say=lambda m: None)
    assert failing.run() == 3
    clean = server.Supervisor(lambda: [sys.executable, "-c", "pass"], say=lambda m: None)
    assert clean.run() == 0


def test_a_rebuild_is_served_without_a_restart_by_hand(folder):
    port = free_port()
    proc = start(folder / "plans.db", port, folder)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/plans/documents.json", proc)
        assert document_count(port) == 1
        [first_child] = children(proc.pid)
        build([FIRST_PLAN, SECOND_PLAN], folder / "plans.db", exports=False)
        deadline = time.monotonic() + 60
        count = None
        while time.monotonic() < deadline:
            try:
                count = document_count(port)
            except OSError:  # between the old site stopping and the new one answering
                count = None
            if count == 2:
                break
            time.sleep(0.3)
        assert count == 2
        assert not is_running(first_child)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            home = r.read().decode()
        assert "Warwick District Council" in home  # the home page is the new build's too
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_a_killed_plans_serve_takes_its_server_with_it(folder):
    port = free_port()
    proc = start(folder / "plans.db", port, folder, "--no-reload")
    wait_until_up(f"http://127.0.0.1:{port}/plans/documents.json", proc)
    [child] = children(proc.pid)
    proc.kill()  # SIGKILL: no handler runs; the child is told by the kernel
    proc.wait()
    deadline = time.monotonic() + 3
    while (is_running(child) or not port_is_free(port)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(child)
    assert port_is_free(port)
