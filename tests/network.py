"""Loopback ports for the tests that start servers (Datasette, a Dask scheduler)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on now, chosen by the system."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when the port can be bound again: nothing serves it."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
