"""Confirming submissions, and what each one costs afterwards: its receipt and declaration.

Usage: python bench/submissions.py [--clients 8] [--each 25] [--postgres URL]

- confirm: `clients` threads each confirm `each` submissions through
  kiosk.submissions.store.confirm, with the outbox message and the receipt's print job, on a
  fresh SQLite file (and on PostgreSQL with --postgres); checks that every tracking code is
  distinct and the day's numbers have no gap.
- receipt: the receipt slip built, laid out and encoded as ESC/POS at 80 mm, per submission.
- declaration: the A4 declaration PDF of every built-in form.
Goals (this project's, issue 4 names none): confirming >= 50/s (a busy center takes a few
per minute), a receipt ready in <= 100 ms and <= 40 KB, a declaration in <= 500 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from sqlalchemy import select  # noqa: E402

from bench.tickets import scratch_database  # noqa: E402
from kiosk import create_app  # noqa: E402
from kiosk.cli import prepare_database  # noqa: E402
from kiosk.db import database  # noqa: E402
from kiosk.i18n import translations  # noqa: E402
from kiosk.models import Submission  # noqa: E402
from kiosk.public_links import PublicLinks  # noqa: E402
from kiosk.queue.slips import SlipSettings  # noqa: E402
from kiosk.submissions.declaration import declaration_pdf  # noqa: E402
from kiosk.submissions.form_definitions import definitions  # noqa: E402
from kiosk.submissions.receipt import receipt_slip  # noqa: E402
from printer.encode import encode  # noqa: E402
from tests.submission_support import sample_draft  # noqa: E402

TZ = "Asia/Ho_Chi_Minh"


def make_app(url: str, instance: Path):
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": url,
            "PUBLIC_BASE_URL": "http://10.0.0.5:8080",
            "TESTING": True,
            "AUTO_MIGRATE": True,  # a scratch database, PostgreSQL too
        }
    )
    with app.app_context():
        prepare_database(load_demo=True)
    return app


def confirm_many(app, clients: int, each: int) -> tuple[float, list[str]]:
    from kiosk.submissions.store import confirm
    from kiosk.web.touch.device_binding import local_device

    with app.app_context():
        device_id = local_device().id
    codes: list[str] = []
    lock = threading.Lock()

    def client():
        with app.app_context():
            sessions = database().locking_sessions
            for _ in range(each):
                draft = sample_draft(device_id=device_id)
                done = confirm(sessions, draft, center="HCC", timezone=TZ, webhook=True)
                with lock:
                    codes.append(done.tracking_code)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, codes


def check(codes: list[str]) -> str:
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    duplicates = len(numbers) - len(set(numbers))
    gaps = numbers[-1] - numbers[0] + 1 - len(set(numbers))
    return f"{duplicates} duplicates, {gaps} gaps"


def receipts(app) -> tuple[list[float], list[int]]:
    times, sizes = [], []
    with app.app_context():
        links = PublicLinks(app.config["PUBLIC_BASE_URL"])
        session = database().sessions()
        settings = SlipSettings.from_config(session, app.config, links, translations)
        ids = session.scalars(select(Submission.id).limit(100)).all()
        for submission_id in ids:
            started = time.perf_counter()
            data = encode(receipt_slip(session, submission_id, settings), "80mm")
            times.append(time.perf_counter() - started)
            sizes.append(len(data))
        session.close()
    return times, sizes


def declarations(app) -> dict[str, tuple[float, int]]:
    measured = {}
    with app.app_context():
        session = database().sessions()
        submission = session.scalar(select(Submission).limit(1))
        for form in definitions().values():
            answers = {
                q.name: q.default or (q.choices[0].value if q.choices else "Số 9 phố Huế")
                for q in form.questions
            }
            submission.answers, submission.form_id = answers, form.id
            started = time.perf_counter()
            pdf = declaration_pdf(submission, form, "http://10.0.0.5:8080/s/x", "Trung tâm", TZ)
            measured[form.id] = (time.perf_counter() - started, len(pdf))
        session.rollback()
        session.close()
    return measured


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure(name: str, app, args) -> None:
    """Confirming on this database; on SQLite also the receipts and declarations."""
    elapsed, codes = confirm_many(app, args.clients, args.each)
    print(
        f"confirm on {name}: {len(codes)} by {args.clients} clients in {elapsed:.2f} s"
        f" = {len(codes) / elapsed:.0f}/s; {check(codes)}"
    )
    if name == "SQLite":
        times, sizes = receipts(app)
        print(
            f"receipt at 80 mm: p50 {ms(statistics.median(times))}, "
            f"max {ms(max(times))}; {max(sizes) / 1024:.1f} KB max"
        )
        for form_id, (seconds, size) in declarations(app).items():
            print(f"declaration {form_id}: {ms(seconds)}, {size / 1024:.0f} KB")
    app.extensions["kiosk_db"].engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--each", type=int, default=25)
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL: the bench makes and drops its own database"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = [("SQLite", f"sqlite:///{tmp}/kiosk.sqlite3")]
        if args.postgres:
            urls.append(("PostgreSQL", args.postgres))
        for name, given in urls:
            with scratch_database(given) as url:
                measure(name, make_app(url, Path(tmp) / name), args)


if __name__ == "__main__":
    main()
