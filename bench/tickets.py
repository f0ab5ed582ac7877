"""C concurrent clients issue N tickets over HTTP against P server processes sharing one
database; prints tickets/s and checks that numbers have no duplicate and no gap.

Usage: python bench/tickets.py [--database-url URL] [--clients 16] [--tickets 2000]
                               [--processes 2]
Goals (16 clients): SQLite >= 300 tickets/s, PostgreSQL >= 500 tickets/s, 0 duplicates, 0 gaps.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kiosk.db import Database  # noqa: E402
from kiosk.models import Service  # noqa: E402
from kiosk.queue.devices import register_device  # noqa: E402


def prepare(url: str) -> tuple[int, str]:
    """Schema, one always-open service and one kiosk token."""
    db = Database(url)
    db.migrate()
    with db.session() as session:
        service = Service(prefix="Z", names={"vi": "Thử tải"})
        session.add(service)
        session.flush()
        service_id, token = service.id, register_device(session, f"bench-{time.time_ns()}")
    db.engine.dispose()
    return service_id, token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(url: str, instance: str, **settings: str) -> dict[str, str]:
    """The environment of a `kiosk serve` process on `url`; settings are more KIOSK_* values."""
    return {
        **os.environ,
        "KIOSK_DATABASE_URL": url,
        "KIOSK_INSTANCE_PATH": instance,
        "KIOSK_LOAD_DEMO": "false",
        **settings,
    }


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    """One `kiosk serve` process on 127.0.0.1:port (call wait_listening before using it)."""
    command = [sys.executable, "-c", "from kiosk.cli import main; main()", "serve"]
    options = ["--host", "127.0.0.1", "--threads", "8", "--port", str(port)]
    return subprocess.Popen(
        [*command, *options], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_listening(port: int, proc: subprocess.Popen | None = None, seconds: float = 30) -> None:
    """Return once something accepts connections on the port; fail if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                died = f"kiosk serve on port {port} exited with {proc.returncode}"
                raise RuntimeError(died) from None
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {seconds} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
    proc.wait(timeout=10)


@contextmanager
def servers(url: str, processes: int, instance: str, **settings: str):
    """`kiosk serve` processes on free local ports, all on the same database."""
    env = server_env(url, instance, **settings)
    ports = [_free_port() for _ in range(processes)]
    procs = [start_server(env, port) for port in ports]
    try:
        for port, proc in zip(ports, procs, strict=True):
            wait_listening(port, proc)
        yield ports
    finally:
        for proc in procs:
            stop_server(proc)


def _client(port: int, token: str, service_id: int, count: int, tag: str) -> list[int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    numbers = []
    try:
        for i in range(count):
            body = json.dumps({"service": service_id, "idempotency_key": f"{tag}-{i}"})
            connection.request("POST", "/api/v1/tickets", body, headers)
            response = connection.getresponse()
            data = json.loads(response.read())
            if response.status != 201:
                raise RuntimeError(f"{response.status}: {data}")
            numbers.append(data["number"])
    finally:
        connection.close()
    return numbers


def hammer(ports, token, service_id, clients: int, tickets: int) -> tuple[list[int], float]:
    """Issue `tickets` tickets from `clients` threads spread over the ports; (numbers, secs)."""
    per_client = [tickets // clients + (1 if i < tickets % clients else 0) for i in range(clients)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        futures = [
            pool.submit(_client, ports[i % len(ports)], token, service_id, n, f"c{i}")
            for i, n in enumerate(per_client)
        ]
        numbers = [n for f in futures for n in f.result()]
    return numbers, time.perf_counter() - started


def check(numbers: list[int]) -> tuple[int, int]:
    """(duplicates, gaps) in numbers that should be exactly 1..len(numbers)."""
    duplicates = len(numbers) - len(set(numbers))
    gaps = len(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    return duplicates, gaps


@contextmanager
def scratch_database(url: str | None):
    """For a PostgreSQL URL, a fresh database on that server (numbers must start at 1)."""
    if not url or not url.startswith("postgresql"):
        yield url
        return
    from sqlalchemy import create_engine, text

    name = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.database_url) as given:
        url = given or f"sqlite:///{tmp}/bench.sqlite3"
        service_id, token = prepare(url)
        with servers(url, args.processes, tmp) as ports:
            numbers, seconds = hammer(ports, token, service_id, args.clients, args.tickets)
    duplicates, gaps = check(numbers)
    print(f"engine={url.split(':', 1)[0]} processes={args.processes} clients={args.clients}")
    print(
        f"{len(numbers)} tickets in {seconds:.2f} s = {len(numbers) / seconds:.0f} tickets/s; "
        f"duplicates={duplicates} gaps={gaps}"
    )


if __name__ == "__main__":
    main()
