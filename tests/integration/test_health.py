"""/healthz says the process answers without asking the database; /readyz says whether the
database, the print spool and the outbox are fit, and names what is not (503)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from kiosk import create_app
from kiosk.db import database
from kiosk.models import PrintJob
from kiosk.models.base import utcnow
from tests.api_support import populate
from tests.submission_support import confirm_sample
from tests.support import close_app

OUTSIDE = "203.0.113.7"


def test_healthz_answers_ok(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_fresh_center_is_ready(app):
    populate(app)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    assert report["status"] == "ready"
    assert report["checks"]["database"] == {"ok": True, "schema": "current"}
    assert report["checks"]["print_spool"]["ok"] and report["checks"]["outbox"]["ok"]


def _age_jobs(app, minutes: int) -> None:
    with app.app_context(), database().session() as session:
        session.execute(update(PrintJob).values(created_at=utcnow() - timedelta(minutes=minutes)))


def test_a_printer_out_of_paper_makes_the_center_not_ready(app):
    world = populate(app)
    client = app.test_client()
    said = client.post("/api/v1/printer/status", json={"status": "paper_out"}, headers=world.bearer)
    assert said.status_code == 200
    _age_jobs(app, 3)  # younger than READY_PRINT_MINUTES (5): still ready
    assert client.get("/readyz").status_code == 200
    _age_jobs(app, 6)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    report = answer.get_json()
    assert report["status"] == "not_ready" and report["failing"] == ["print_spool"]
    assert report["checks"]["print_spool"]["stalled_jobs"] == 1
    assert report["checks"]["print_spool"]["oldest_seconds"] >= 6 * 60


def test_tickets_for_a_kiosk_without_a_printer_do_not_count(app):
    populate(app)  # the ticket's kiosk never reported a printer, nobody tried to print it
    _age_jobs(app, 6)
    assert app.test_client().get("/readyz").status_code == 200


def test_submissions_the_back_office_has_not_taken_make_the_center_not_ready(app):
    confirm_sample(app, webhook=True, now=utcnow() - timedelta(minutes=10))
    client = app.test_client()
    assert client.get("/readyz").status_code == 200  # under READY_OUTBOX_MINUTES (30)
    confirm_sample(app, webhook=True, now=utcnow() - timedelta(minutes=45))
    answer = client.get("/readyz")
    assert answer.status_code == 503
    report = answer.get_json()
    assert report["failing"] == ["outbox"]
    assert report["checks"]["outbox"]["waiting_messages"] == 1


def test_a_database_without_its_schema_is_not_ready(db_url, tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": db_url})
    try:
        answer = app.test_client().get("/readyz")
        assert answer.status_code == 503
        assert "database" in answer.get_json()["failing"]
    finally:
        close_app(app)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder/kiosk.sqlite3",
        "postgresql+psycopg://postgres@127.0.0.1:1/kiosk?connect_timeout=2",
    ],
    ids=["sqlite", "postgresql"],
)
def test_an_unreachable_database_fails_readyz_but_not_healthz(url, tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": url})
    try:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        answer = client.get("/readyz")
        assert answer.status_code == 503
        report = answer.get_json()
        assert report["failing"] == ["database", "print_spool", "outbox"]
        assert report["checks"]["database"]["error"] == "OperationalError"
        assert "127.0.0.1" not in answer.get_data(as_text=True)  # no connection string
    finally:
        close_app(app)


def test_health_checks_answer_the_center_network_only(client):
    assert client.get("/readyz", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    for path in ("/healthz", "/readyz"):
        assert client.get(path, environ_base={"REMOTE_ADDR": OUTSIDE}).status_code == 403
