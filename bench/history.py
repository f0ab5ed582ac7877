"""Time `fill_history` (what `kiosk demo --history DAYS` runs) into a fresh database with
the demo catalog, services and counters: a year of a busy center by default.

Usage: python bench/history.py [--days 365] [--per-day 400] [--seed 0] [--database-url URL]
Goal (issue 14 helper brief): 365 days well under a minute on SQLite and PostgreSQL.
The PostgreSQL database given must be empty (it is migrated here).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk import create_app  # noqa: E402
from kiosk.cli import prepare_database  # noqa: E402
from kiosk.db import database  # noqa: E402
from kiosk.queue.history import fill_history  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": url, "AUTO_MIGRATE": True})
        with app.app_context():
            prepare_database(load_demo=True)
            end = date.today() - timedelta(days=1)
            started = time.perf_counter()
            summary = fill_history(database().engine, args.days, end, args.per_day, args.seed)
            elapsed = time.perf_counter() - started
            database().engine.dispose()
    print(f"engine={url.split(':', 1)[0]} days={args.days} per_day={args.per_day}")
    print(
        f"{summary.days} open days, {summary.tickets} tickets, {summary.events} events, "
        f"{summary.ratings} ratings, {summary.submissions} submissions"
    )
    print(f"{elapsed:.1f} s ({summary.tickets / elapsed:,.0f} tickets/s)")


if __name__ == "__main__":
    main()
