"""Time `kiosk catalog import` of the full portal export into a fresh database.

Usage: python bench/import_speed.py [EXPORT] [--database-url URL]
Goal (issue 2): all 2,642 records in <= 30 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk import create_app  # noqa: E402
from kiosk.catalog import store  # noqa: E402
from kiosk.db import database  # noqa: E402

DEFAULT_EXPORT = ROOT.parent / "shared" / "data" / "tthc-portal-records.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export", nargs="?", type=Path, default=DEFAULT_EXPORT)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": url, "LOAD_DEMO": False})
        with app.app_context():
            database().migrate()
            started = time.perf_counter()
            records, rejects = store.read_file(args.export)
            parsed = time.perf_counter()
            with database().session() as session:
                summary = store.import_records(session, records)
            done = time.perf_counter()
            database().engine.dispose()
    engine = url.split(":", 1)[0]
    print(f"engine={engine} records={summary.read} new={summary.inserted} rejects={len(rejects)}")
    print(
        f"parse {parsed - started:.2f} s, write {done - parsed:.2f} s, "
        f"total {done - started:.2f} s (goal <= 30 s)"
    )


if __name__ == "__main__":
    main()
