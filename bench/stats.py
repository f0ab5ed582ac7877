"""/admin/stats over a year of a busy center: `kiosk demo --history D --per-day T` fills the
past (the demo catalog, services and counters, tickets with their events, ratings, searches,
scans, submissions, and the statistics' daily roll-up), then GET /admin/stats?from=…&to=… is
timed over HTTP (waitress, signed in as an administrator) beside, in the same run, a bare
Flask endpoint doing one trivial query on the same database (the floor). Last, the roll-up
is emptied and the page asked once more: the first request after an upgrade, which builds
the roll-up of the whole range itself.

Usage: python bench/stats.py [--database-url URL] [--days 365] [--per-day 400] [--requests 8]
Goal (issue 14): the year's page answers in ≤ 1 s on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import multiprocessing
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, select  # noqa: E402

from bench.tickets import (  # noqa: E402
    _free_port,
    scratch_database,
    server_env,
    servers,
    wait_listening,
)
from kiosk.accounts import add_user  # noqa: E402
from kiosk.db import Database  # noqa: E402
from kiosk.models import StatsDay, StatsDayDone, StatsStep, Ticket  # noqa: E402
from kiosk.queue.hours import local_now  # noqa: E402

PASSWORD = "bench-password-1234"
TIMEZONE = "Asia/Ho_Chi_Minh"  # the default center's, which kiosk demo --history uses


def make_history(url: str, instance: str, days: int, per_day: int) -> int:
    """`kiosk demo --history DAYS --per-day N` on the database, and an administrator to sign
    in as; returns the number of tickets."""
    db = Database(url)
    db.migrate()  # PostgreSQL: commands do not migrate by themselves (docs/upgrading.md)
    command = [sys.executable, "-c", "from kiosk.cli import main; main()", "demo"]
    options = ["--history", str(days), "--per-day", str(per_day)]
    subprocess.run(
        [*command, *options], env=server_env(url, instance), check=True, stdout=subprocess.DEVNULL
    )
    with db.session() as session:
        add_user(session, "bench", PASSWORD, role="admin")
        tickets = session.scalar(select(func.count(Ticket.id)))
    db.engine.dispose()
    return tickets


def empty_rollup(url: str) -> None:
    """Forget the statistics' daily roll-up, as a database upgraded from before it has none."""
    db = Database(url)
    with db.session() as session:
        for table in (StatsStep, StatsDay, StatsDayDone):
            session.execute(delete(table))
    db.engine.dispose()


def serve_bare(url: str, port: int) -> None:
    """A bare Flask app on waitress answering one trivial query on the same database."""
    from flask import Flask
    from sqlalchemy import create_engine, text
    from waitress import serve

    engine = create_engine(url)
    app = Flask("bare")

    @app.get("/one")
    def one():
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT 1")).scalar())

    serve(app, host="127.0.0.1", port=port, threads=4, _quiet=True)


def signed_in_opener(port: int) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"http://127.0.0.1:{port}/staff/login").read().decode()
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"username": "bench", "password": PASSWORD, "csrf_token": csrf}
    opener.open(f"http://127.0.0.1:{port}/staff/login", urllib.parse.urlencode(form).encode())
    return opener


def timed(opener, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with opener.open(url) as answer:
            answer.read()
            if answer.status != 200 or "/staff/login" in answer.url:
                raise RuntimeError(f"{url}: {answer.status} at {answer.url}")
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--requests", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.database_url) as given:
        url = given or f"sqlite:///{tmp}/bench.sqlite3"
        began = time.perf_counter()
        tickets = make_history(url, tmp, args.days, args.per_day)
        took = time.perf_counter() - began
        print(f"kiosk demo --history {args.days}: {tickets} tickets in {took:.0f} s")
        end = local_now(TIMEZONE).date() - timedelta(days=1)  # yesterday at the center
        query = f"from={(end - timedelta(days=args.days - 1)).isoformat()}&to={end.isoformat()}"
        bare_port = _free_port()
        bare = multiprocessing.Process(target=serve_bare, args=(url, bare_port), daemon=True)
        bare.start()
        try:
            wait_listening(bare_port)
            with servers(url, 1, tmp) as (port,):
                opener = signed_in_opener(port)
                page = timed(opener, f"http://127.0.0.1:{port}/admin/stats?{query}", args.requests)
                floor = timed(opener, f"http://127.0.0.1:{bare_port}/one", args.requests)
                empty_rollup(url)
                rebuild = timed(opener, f"http://127.0.0.1:{port}/admin/stats?{query}", 1)
        finally:
            bare.terminate()
            bare.join()
    print(f"engine={url.split(':', 1)[0]} days={args.days} tickets={tickets}")
    print(f"  first /admin/stats after the demo (cold caches): {page[0] * 1000:.0f} ms")
    for name, times in (("/admin/stats", page[1:]), ("bare endpoint", floor)):
        print(
            f"{name:>14}: p50 {statistics.median(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms over {len(times)} requests"
        )
    print(f"  with no roll-up (the page builds it for the year): {rebuild[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
