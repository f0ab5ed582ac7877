"""/admin/stats over a year of a busy center: fills D days × T tickets a day (with their
events and ratings), then times GET /admin/stats?from=…&to=… over HTTP (waitress, signed in
as an administrator) and, in the same run, a bare Flask endpoint doing one trivial query on
the same database (the floor). The first request builds the daily roll-up of the whole
year (reported apart); the p50 and max are of the requests after it.

Usage: python bench/stats.py [--database-url URL] [--days 365] [--per-day 400] [--requests 7]
Goal (issue 14): the year's page answers in ≤ 1 s on SQLite and on PostgreSQL.

The data is made by make_history() with plain bulk inserts; swap it for `kiosk demo
--history DAYS` when that exists.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import multiprocessing
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from bench.tickets import _free_port, scratch_database, servers, wait_listening  # noqa: E402
from kiosk.accounts import add_user  # noqa: E402
from kiosk.db import Database  # noqa: E402
from kiosk.models import Counter, Rating, Service, Ticket, TicketEvent  # noqa: E402

PASSWORD = "bench-password-1234"
LEVELS = ("very_satisfied", "satisfied", "unsatisfied")


def make_history(url: str, days: int, per_day: int, end: date) -> None:
    """Services A–D, counters 1–4 and `per_day` tickets on each of `days` days ending `end`:
    issued 07:30–17:00 (UTC+7), called after 0–60 min, served in 3–20 min, 8 % no-shows,
    a third of the served rated; events issued/called/served|no_show."""
    rng = random.Random(14)
    db = Database(url)
    db.migrate()
    with db.session() as session:
        services = [Service(prefix=p, names={"vi": f"Dịch vụ {p}"}) for p in "ABCD"]
        counters = [Counter(number=n, name=f"Quầy {n}") for n in range(1, 5)]
        session.add_all([*services, *counters])
        session.flush()
        service_ids = [s.id for s in services]
        counter_ids = [c.id for c in counters]
        add_user(session, "bench", PASSWORD, role="admin")
    next_id = 1
    with db.engine.begin() as conn:
        for d in range(days):
            day = end - timedelta(days=days - 1 - d)
            tickets, events, ratings = [], [], []
            numbers = dict.fromkeys(service_ids, 0)
            for _ in range(per_day):
                service = rng.choice(service_ids)
                numbers[service] += 1
                issued = datetime(day.year, day.month, day.day, 0, 30) + timedelta(
                    minutes=rng.uniform(0, 570)
                )
                called = issued + timedelta(minutes=rng.uniform(0, 60))
                no_show = rng.random() < 0.08
                finished = called + timedelta(minutes=1 if no_show else rng.uniform(3, 20))
                counter = rng.choice(counter_ids)
                status = "no_show" if no_show else "served"
                tickets.append(
                    {
                        "id": next_id,
                        "service_id": service,
                        "queue_service_id": service,
                        "day": day,
                        "number": numbers[service],
                        "code": f"X-{numbers[service]:03d}",
                        "status": status,
                        "token": f"b{next_id}",
                        "issued_at": issued,
                        "locale": "vi",
                        "counter_id": counter,
                        "called_at": called,
                        "finished_at": finished,
                    }
                )
                for kind, at in (("issued", issued), ("called", called), (status, finished)):
                    events.append({"ticket_id": next_id, "kind": kind, "at": at, "detail": {}})
                if not no_show and rng.random() < 0.33:
                    ratings.append(
                        {
                            "ticket_id": next_id,
                            "service_id": service,
                            "counter_id": counter,
                            "level": rng.choice(LEVELS),
                            "reasons": [],
                            "channel": "counter",
                            "rated_at": finished,
                        }
                    )
                next_id += 1
            conn.execute(insert(Ticket), tickets)
            conn.execute(insert(TicketEvent), events)
            conn.execute(insert(Rating), ratings)
    if url.startswith("postgresql"):
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    with db.session() as session:
        assert session.scalar(select(Ticket.id).order_by(Ticket.id.desc()).limit(1)) == next_id - 1
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
    end = date.today() - timedelta(days=1)
    start = end - timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.database_url) as given:
        url = given or f"sqlite:///{tmp}/bench.sqlite3"
        began = time.perf_counter()
        make_history(url, args.days, args.per_day, end)
        took = time.perf_counter() - began
        print(f"filled {args.days} days × {args.per_day} tickets in {took:.0f} s")
        bare_port = _free_port()
        bare = multiprocessing.Process(target=serve_bare, args=(url, bare_port), daemon=True)
        bare.start()
        try:
            wait_listening(bare_port)
            with servers(url, 1, tmp) as (port,):
                opener = signed_in_opener(port)
                query = f"from={start.isoformat()}&to={end.isoformat()}"
                page = timed(opener, f"http://127.0.0.1:{port}/admin/stats?{query}", args.requests)
                floor = timed(opener, f"http://127.0.0.1:{bare_port}/one", args.requests)
        finally:
            bare.terminate()
            bare.join()
    print(f"engine={url.split(':', 1)[0]} days={args.days} tickets={args.days * args.per_day}")
    print(f"  first /admin/stats (builds the daily roll-up of the year): {page[0] * 1000:.0f} ms")
    for name, times in (("/admin/stats", page[1:]), ("bare endpoint", floor)):
        print(
            f"{name:>14}: p50 {statistics.median(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms over {len(times)} requests"
        )


if __name__ == "__main__":
    main()
