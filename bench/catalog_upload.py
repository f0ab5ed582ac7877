"""Time the administration area's catalog upload of the full portal export, beside the floor:
the same file imported directly (read and save, no web, no background thread, no progress).

Usage: python bench/catalog_upload.py [EXPORT] [--database-url URL]
The upload is a real multipart POST to /admin/catalog/import (Flask test client, signed in as
an administrator); the import runs in its background thread and the page is polled every
0.2 s until the import row says it ended. Reported: seconds from the POST to the end, and
the ratio to the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, select  # noqa: E402

from kiosk import create_app  # noqa: E402
from kiosk.accounts import add_user  # noqa: E402
from kiosk.catalog import store  # noqa: E402
from kiosk.db import database  # noqa: E402
from kiosk.models import CatalogImport, Procedure  # noqa: E402

DEFAULT_EXPORT = ROOT.parent / "shared" / "data" / "tthc-portal-records.jsonl.gz"
PASSWORD = "mật-khẩu-đo-đạc-1"


def token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def floor(app, export: Path) -> float:
    """The direct import: what the upload does at the least."""
    with app.app_context():
        started = time.perf_counter()
        records, _rejects = store.read_file(export)
        with database().session() as session:
            store.import_records(session, records)
        took = time.perf_counter() - started
        with database().session() as session:  # empty again for the upload
            session.execute(delete(Procedure))
    return took


def upload(app, export: Path) -> tuple[float, str, int]:
    client = app.test_client()
    login = {"username": "bench", "password": PASSWORD}
    client.post("/staff/login", data={**login, "csrf_token": token(client, "/staff/login")})
    form = {
        "csrf_token": token(client, "/admin/catalog"),
        "export": (export.open("rb"), export.name),
    }
    started = time.perf_counter()
    answer = client.post("/admin/catalog/import", data=form, content_type="multipart/form-data")
    assert answer.status_code == 303, answer.status_code
    while True:
        client.get("/admin/catalog")  # what the self-refreshing page asks
        with app.app_context(), database().session() as session:
            row = session.scalar(select(CatalogImport).order_by(CatalogImport.id.desc()))
            if row.status != "running":
                took = time.perf_counter() - started
                count = len(session.scalars(select(Procedure.id)).all())
                return took, row.status, count
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export", nargs="?", type=Path, default=DEFAULT_EXPORT)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        settings = {"INSTANCE_PATH": tmp, "DATABASE_URL": url, "LOAD_DEMO": False}
        app = create_app({**settings, "MAX_CONTENT_LENGTH": 256 * 1024})
        with app.app_context():
            database().migrate()
            with database().session() as session:
                add_user(session, "bench", PASSWORD, role="admin", actor="cli:bench")
        direct = floor(app, args.export)
        took, status, count = upload(app, args.export)
        engine = url.split(":", 1)[0]
        print(f"engine={engine} export={args.export.name} status={status} procedures={count}")
        print(f"direct import (floor): {direct:.2f} s")
        print(f"upload to done: {took:.2f} s  ratio {took / direct:.2f}")
        app.extensions["kiosk_db"].engine.dispose()


if __name__ == "__main__":
    main()
