"""The print spool: leases, retries with backoff, never twice after a print, the agent API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.db import database
from kiosk.models import Device, PrintJob, Service
from kiosk.models.base import utcnow
from kiosk.queue import spool
from kiosk.queue.devices import register_device
from tests.queue_support import demo_queue


@pytest.fixture
def kiosk_token(app):
    demo_queue(app)
    with app.app_context(), database().session() as session:
        for service in session.query(Service):
            service.opening_hours = {}  # open whenever the test runs
        return register_device(session, "kiosk-1")


@pytest.fixture
def device_id(app, kiosk_token):
    with app.app_context(), database().sessions() as session:
        return session.query(Device).one().id


def take_ticket(client, token, key=None) -> dict:
    body = {"service": 1, "idempotency_key": key}
    response = client.post("/api/v1/tickets", json=body, headers=bearer(token))
    assert response.status_code == 201
    return response.get_json()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def job_row(app) -> PrintJob:
    with app.app_context(), database().sessions() as session:
        return session.query(PrintJob).one()


def claim(app, device_id, now=None):
    with app.app_context():
        return spool.claim(database().sessions, [device_id], now)


def test_a_claimed_job_is_leased_and_never_handed_out_twice(app, client, kiosk_token, device_id):
    take_ticket(client, kiosk_token, key="tap-1")
    take_ticket(client, kiosk_token, key="tap-1")  # the same tap again: one job only
    job = claim(app, device_id)
    assert job is not None and job.attempts == 1
    assert claim(app, device_id) is None  # leased
    with app.app_context():
        assert spool.mark_printed(database().sessions, job.id, [device_id])
        assert spool.mark_printed(database().sessions, job.id, [device_id])  # repeat: harmless
    later = utcnow() + spool.LEASE * 2
    assert claim(app, device_id, now=later) is None  # printed jobs are never offered again
    assert job_row(app).status == "printed"


def test_an_unacknowledged_job_comes_back_after_its_lease(app, client, kiosk_token, device_id):
    take_ticket(client, kiosk_token)
    first = claim(app, device_id)
    again = claim(app, device_id, now=utcnow() + spool.LEASE + timedelta(seconds=1))
    assert again.id == first.id and again.attempts == 2


def test_a_failed_job_is_retried_after_its_backoff_and_expires_when_stale(
    app, client, kiosk_token, device_id
):
    take_ticket(client, kiosk_token)
    job = claim(app, device_id)
    with app.app_context():
        spool.mark_failed(database().sessions, job.id, [device_id], "paper out")
    assert claim(app, device_id) is None  # backing off
    retry_at = utcnow() + spool.backoff(1) + timedelta(seconds=1)
    assert claim(app, device_id, now=retry_at).id == job.id
    with app.app_context():
        spool.mark_failed(database().sessions, job.id, [device_id], "paper out")
    assert claim(app, device_id, now=utcnow() + spool.MAX_AGE * 2) is None
    assert job_row(app).status == "expired"  # the citizen has long left with the number


def test_another_kiosk_cannot_take_or_acknowledge_the_job(app, client, kiosk_token, device_id):
    take_ticket(client, kiosk_token)
    with app.app_context(), database().session() as session:
        other_token = register_device(session, "kiosk-2")
    nothing = client.post("/api/v1/print-jobs/claim", headers=bearer(other_token))
    assert nothing.get_json() == {"job": None}
    job = claim(app, device_id)
    refused = client.post(f"/api/v1/print-jobs/{job.id}/done", headers=bearer(other_token))
    assert refused.status_code == 404


def test_the_agent_api_hands_out_the_slip_and_records_the_printer(app, client, kiosk_token):
    ticket = take_ticket(client, kiosk_token)
    assert client.post("/api/v1/print-jobs/claim").status_code == 401
    job = client.post("/api/v1/print-jobs/claim", headers=bearer(kiosk_token)).get_json()["job"]
    slip = job["slip"]
    assert slip["big"] == ticket["code"] == "A-001"
    assert slip["qr"] == ticket["status_url"]
    assert slip["title"] == app.config["CENTER_NAME"]
    assert job["paper"] == "80mm"
    failed = client.post(
        f"/api/v1/print-jobs/{job['id']}/failed",
        json={"status": "paper_out", "error": "Paper end sensor"},
        headers=bearer(kiosk_token),
    )
    assert failed.status_code == 200
    with app.app_context(), database().sessions() as session:
        device = session.query(Device).one()
        assert (device.printer_status, device.printer_detail) == ("paper_out", "Paper end sensor")
    assert job_row(app).status == "failed"
    bad = client.post(
        "/api/v1/printer/status", json={"status": "on fire"}, headers=bearer(kiosk_token)
    )
    assert bad.status_code == 400
    ok = client.post("/api/v1/printer/status", json={"status": "ok"}, headers=bearer(kiosk_token))
    assert ok.status_code == 200
