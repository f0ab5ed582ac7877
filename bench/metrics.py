"""/metrics on a month of a busy center: `kiosk demo --history D --per-day T` fills the past,
then a day's worth of tickets is issued today (so today's gauges count something), and
GET /metrics is timed in process (the Flask test client, no HTTP) N times, beside GET
/healthz (the floor: the app's own hooks, no database).

Usage: python bench/metrics.py [--database-url URL] [--days 30] [--per-day 400] [--requests 20]
No goal in the issue; a scrape every 15-60 s should cost the database next to nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.tickets import scratch_database, server_env  # noqa: E402
from kiosk import create_app  # noqa: E402
from kiosk.db import database  # noqa: E402
from kiosk.models import Service  # noqa: E402
from kiosk.queue.issue import IssueRefused, IssueRequest, issue_ticket  # noqa: E402


def timed(client, path: str, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as instance, scratch_database(args.database_url) as url:
        url = url or f"sqlite:///{instance}/kiosk.sqlite3"
        command = [sys.executable, "-c", "from kiosk.cli import main; main()", "demo"]
        options = ["--history", str(args.days), "--per-day", str(args.per_day)]
        started = time.perf_counter()
        subprocess.run([*command, *options], env=server_env(url, instance), check=True)
        print(f"kiosk demo --history {args.days}: {time.perf_counter() - started:.0f} s")
        app = create_app({"INSTANCE_PATH": instance, "DATABASE_URL": url, "LOAD_DEMO": False})
        with app.app_context():
            with database().session() as session:
                for service in session.scalars(select(Service)):
                    service.opening_hours = {}  # open whenever the bench runs
                services = session.scalars(select(Service.id)).all()
            sessions, issued = database().locking_sessions, 0
            for n in range(args.per_day):
                request = IssueRequest(service_id=services[n % len(services)])
                with contextlib.suppress(IssueRefused):  # a full quota refuses: fine
                    issue_ticket(sessions, request, app.config["TIMEZONE"])
                    issued += 1
            print(f"{issued} tickets issued today")
        client = app.test_client()
        client.get("/metrics")  # the first scrape warms the caches
        for path in ("/metrics", "/healthz"):
            times = timed(client, path, args.requests)
            print(f"{path}: p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
        lines = client.get("/metrics").get_data(as_text=True).splitlines()
        print(f"{len([x for x in lines if not x.startswith('#')])} samples")
        app.extensions["kiosk_db"].engine.dispose()


if __name__ == "__main__":
    main()
