"""Hall display feed vs. a bare Flask endpoint: requests/s with C keep-alive clients.

Two waitress servers with the same threads as `kiosk serve` (8): the real app over a SQLite
file holding the demo services, tickets and calls, and a bare Flask app answering a fixed
small JSON. Client threads run in separate processes, so they don't take the servers' GIL.
Each round hits the three targets (bare, feed with If-None-Match -> 304, plain feed -> 200)
in a rotating order; a feed's ratio is the median over rounds of feed/bare within a round,
which evens out a machine shared with other work.

Usage: python bench/feed.py [--clients 16] [--seconds 3] [--rounds 5] [--client-processes 2]
Goal: the feed (304, what displays poll every second) >= 70 % of the bare endpoint.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support import free_port  # noqa: E402

THREADS = 8  # `kiosk serve`'s default
FEED = "/display/feed.json"


def prepare(url: str, instance: str) -> None:
    """Demo data, services open all day, 40 tickets and a morning's worth of calls."""
    from sqlalchemy import select, update

    from kiosk import create_app
    from kiosk.cli import prepare_database
    from kiosk.db import database
    from kiosk.models import Service
    from kiosk.queue.calling import call_next, recall
    from kiosk.queue.hours import local_now
    from kiosk.queue.issue import IssueRequest, issue_ticket

    settings = {"INSTANCE_PATH": instance, "DATABASE_URL": url, "LOAD_DEMO": False}
    app = create_app({**settings, "AUTO_MIGRATE": True})  # a scratch database, PostgreSQL too
    with app.app_context():
        prepare_database(load_demo=True)
        db = database()
        with db.session() as session:
            session.execute(update(Service).values(opening_hours={}))
            services = session.scalars(select(Service.id)).all()
        timezone = app.config["TIMEZONE"]
        for i in range(40):
            issue_ticket(db.locking_sessions, IssueRequest(services[i % len(services)]), timezone)
        today = local_now(timezone).date()
        for _ in range(3):
            for counter in (1, 2, 3, 4):
                call_next(db.locking_sessions, counter, today)
        recall(db.locking_sessions, 2)
        db.engine.dispose()


def _quiet_waitress() -> None:
    # "Task queue depth is N" is the point of a load test, not news.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


def serve_real(port: int, url: str, instance: str) -> None:
    from waitress import serve

    _quiet_waitress()

    from kiosk import create_app

    app = create_app({"INSTANCE_PATH": instance, "DATABASE_URL": url, "LOAD_DEMO": False})
    serve(app, host="127.0.0.1", port=port, threads=THREADS, _quiet=True)


def serve_bare(port: int) -> None:
    from flask import Flask, jsonify
    from waitress import serve

    _quiet_waitress()

    app = Flask("bare")
    app.get("/ping.json")(lambda: jsonify({"ok": True, "version": 1}))
    serve(app, host="127.0.0.1", port=port, threads=THREADS, _quiet=True)


def _client(port: int, path: str, headers: dict, start: float, stop: float, counts: list):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = errors = 0
    time.sleep(max(0.0, start - time.time()))
    while time.time() < stop:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status in (200, 304):
            done += 1
        else:
            errors += 1
    connection.close()
    counts.append((done, errors))


def _client_process(port, path, headers, threads, start, stop) -> tuple[int, int]:
    counts: list[tuple[int, int]] = []
    workers = [
        threading.Thread(target=_client, args=(port, path, headers, start, stop, counts))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def hammer(pool, args, port: int, path: str, headers: dict) -> float:
    """Requests per second from args.clients keep-alive connections over args.seconds."""
    start = time.time() + 0.3  # every client connects, then all begin together
    processes = args.client_processes
    shares = [args.clients // processes + (i < args.clients % processes) for i in range(processes)]
    calls = [(port, path, headers, n, start, start + args.seconds) for n in shares]
    done, errors = map(sum, zip(*pool.starmap(_client_process, calls), strict=True))
    if errors:
        raise RuntimeError(f"{path}: {errors} unexpected answers")
    return done / args.seconds


def measure(targets: dict, args) -> dict[str, list[float]]:
    """Each target's requests/s per round, the order rotating from round to round."""
    rates: dict[str, list[float]] = {name: [] for name in targets}
    names = list(targets)
    with multiprocessing.Pool(args.client_processes) as pool:
        for round_ in range(args.rounds):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                rates[name].append(hammer(pool, args, *targets[name]))
    return rates


def _wait_for(port: int) -> None:
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server on port {port}")


def _etag(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", FEED)
    response = connection.getresponse()
    response.read()
    return response.headers["ETag"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--client-processes", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        prepare(url, tmp)
        real_port, bare_port = free_port(), free_port()
        servers = [
            multiprocessing.Process(target=serve_real, args=(real_port, url, tmp), daemon=True),
            multiprocessing.Process(target=serve_bare, args=(bare_port,), daemon=True),
        ]
        for server in servers:
            server.start()
        try:
            _wait_for(real_port), _wait_for(bare_port)
            not_modified = {"If-None-Match": _etag(real_port)}
            rates = measure(
                {
                    "bare Flask JSON": (bare_port, "/ping.json", {}),
                    "feed, If-None-Match -> 304": (real_port, FEED, not_modified),
                    "feed, plain -> 200": (real_port, FEED, {}),
                },
                args,
            )
        finally:
            for server in servers:
                server.terminate()
                server.join(10)
    report(rates, args)


def report(rates: dict[str, list[float]], args) -> None:
    print(
        f"clients={args.clients} server threads={THREADS} seconds={args.seconds} "
        f"rounds={args.rounds} client processes={args.client_processes}"
    )
    bare = rates["bare Flask JSON"]
    for name, values in rates.items():
        ratio = statistics.median(v / b for v, b in zip(values, bare, strict=True))
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(
            f"{name:28} {statistics.median(values):6.0f} req/s  {ratio:4.0%} of bare  "
            f"(rounds: {runs})"
        )


if __name__ == "__main__":
    main()
