"""`plans serve`: Datasette run as a child process that stops when it is told to.

The child runs with `python -P` so that nothing in the current folder is importable by it (a
`concurrent.py` lying there would otherwise shadow the standard library). SIGINT and SIGTERM are
forwarded and the child waited for, so the port is free when `plans serve` returns; a stop by
those signals is a clean stop (status 0), any other exit of the child is passed on as ours.
Datasette serves the database immutable and reads the site metadata once, so a rebuilt database
is only shown by a new child: with `reload`, the database file is watched and the child restarted
when a build has replaced it.
"""

from __future__ import annotations

import ctypes
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How long a stopped child may take to finish its requests before it is killed.
STOP_GRACE_SECONDS = 5.0
# A replaced database must stay unchanged this long before the site restarts on it, so that a
# build writing its metadata just after its database is seen whole.
SETTLE_SECONDS = 1.0
POLL_SECONDS = 0.25
_PR_SET_PDEATHSIG = 1


class PortTaken(Exception):
    """The address is already served by another process."""


def check_port(host: str, port: int) -> None:
    """Raise PortTaken when something already listens on host:port (checked as uvicorn binds)."""
    for family, kind, proto, _name, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                raise PortTaken(f"{host}:{port} is already in use ({exc.strerror}); "
                                f"stop what serves it or pass another --port") from exc


def _die_with_parent() -> None:
    """In the child: be sent SIGTERM when `plans serve` itself dies (even by kill -9), on Linux."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a build replaces the file: its inode, size and modification time."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class Supervisor:
    """One Datasette child at a time; signals forwarded; restarted when the database changes."""

    def __init__(self, command: Callable[[], list[str]], watch: Path | None = None,
                 before_start: Callable[[], None] = lambda: None, say: Callable[[str], None] = print):
        self.command = command
        self.watch = watch
        self.before_start = before_start
        self.say = say
        self.child: subprocess.Popen | None = None
        self.stop_signal: int | None = None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop_signal = signum
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signum)

    def _start(self) -> subprocess.Popen:
        self.before_start()
        # its own process group: a Ctrl-C in the terminal reaches the child once, through us
        return subprocess.Popen(self.command(), preexec_fn=_die_with_parent, process_group=0)

    def _stop_child(self, signum: int) -> int:
        child = self.child
        assert child is not None
        if child.poll() is None:
            child.send_signal(signum)
        try:
            return child.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()

    def _changed(self, seen: tuple | None) -> bool:
        """True once the watched file differs from `seen` and has stayed the same for a moment."""
        if self.watch is None:
            return False
        now = _signature(self.watch)
        if now == seen or now is None:
            return False
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:
            if self.stop_signal is not None:
                return False
            time.sleep(POLL_SECONDS)
            later = _signature(self.watch)
            if later != now:
                now, deadline = later, time.monotonic() + SETTLE_SECONDS
        return now is not None

    def run(self) -> int:
        """Serve until stopped; the exit status to return."""
        previous = {s: signal.signal(s, self._on_signal) for s in STOP_SIGNALS}
        try:
            while True:
                seen = _signature(self.watch) if self.watch else None
                self.child = self._start()
                if self.stop_signal is not None:  # a signal came while it was starting
                    self._stop_child(self.stop_signal)
                restart = False
                while self.child.poll() is None:
                    try:
                        self.child.wait(timeout=POLL_SECONDS)
                    except subprocess.TimeoutExpired:
                        pass
                    if self.stop_signal is None and self._changed(seen):
                        self.say("The database was rebuilt: restarting the site on the new build.")
                        self._stop_child(signal.SIGTERM)
                        restart = True
                if self.stop_signal is not None:
                    code = self._stop_child(self.stop_signal)
                    stopped_by_us = code in (0, -self.stop_signal, 128 + self.stop_signal)
                    return 0 if stopped_by_us else code
                if not restart:
                    return self.child.returncode
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


def datasette_command(args: list[str]) -> list[str]:
    """`python -P -m datasette ARGS`: the current folder is not on the child's import path."""
    return [sys.executable, "-P", "-m", "datasette", *args]

