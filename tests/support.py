"""Helpers shared by test modules."""

import os
import socket
import threading
from contextlib import contextmanager

import pytest


def require_or_skip(env_var: str, reason: str):
    """Skip locally when an outside part is missing; CI sets env_var to make it a failure."""
    if os.environ.get(env_var) == "1":
        pytest.fail(f"{reason} (required because {env_var}=1)")
    pytest.skip(reason)


def close_app(app) -> None:
    """End an app made in a test: its background search logs write what they hold, then
    its database connections close (a connection opened after would leak, and a leaked
    PostgreSQL connection fails a later test with a ResourceWarning)."""
    for log in ("search_misses", "search_counts"):
        app.extensions[log].flush()
    app.extensions["kiosk_db"].engine.dispose()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app, port: int | None = None, threads: int = 4):
    """The app served by waitress on 127.0.0.1 in a thread; yields its base URL."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=port or free_port(), threads=threads)
    stopping = threading.Event()

    def run():
        try:
            server.run()
        except (OSError, ValueError):
            # Closing the sockets while the loop sits in select() fails that call: expected
            # on the way out, a real error otherwise.
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stopping.set()
        server.close()
        thread.join(timeout=5)


def wait_for_port(port: int, tries: int = 150) -> None:
    """Until something listens on 127.0.0.1:port (a server started in another process)."""
    import socket
    import time

    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
