"""One-PC mode: the worker inside `kiosk serve` prints the spool to KIOSK_PRINTER."""

from __future__ import annotations

import pytest

from kiosk.background.print_worker import PrintWorker
from kiosk.db import database
from kiosk.models import Device, PrintJob, Service
from kiosk.queue.devices import register_device
from tests.queue_support import demo_queue
from tests.support import free_port


@pytest.fixture
def printer_app(app):
    """The app with one ticket to print, its printer a file (the bytes a USB printer would
    get) or a dead socket."""

    def make(printer_url: str):
        app.config["PRINTER"] = printer_url
        demo_queue(app)
        with app.app_context(), database().session() as session:
            for service in session.query(Service):
                service.opening_hours = {}
            token = register_device(session, "local")
        response = app.test_client().post(
            "/api/v1/tickets", json={"service": 1}, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 201
        return app

    return make


def state(app) -> tuple[str, str]:
    with app.app_context(), database().sessions() as session:
        return session.query(PrintJob).one().status, session.query(Device).one().printer_status


def test_the_worker_prints_a_new_ticket_once(printer_app, tmp_path):
    paper = tmp_path / "printer.bin"
    app = printer_app(f"file://{paper}")
    agent = PrintWorker(app).agent
    assert agent.run_once() == 0  # printed one: look for the next at once
    assert agent.run_once() > 0  # nothing left: never printed twice
    data = paper.read_bytes()
    assert data.startswith(b"\x1b@") and len(data) <= 25_000
    assert state(app) == ("printed", "ok")


def test_a_dead_printer_holds_the_job_and_says_offline(printer_app):
    app = printer_app(f"tcp://127.0.0.1:{free_port()}")
    assert PrintWorker(app).agent.run_once() > 0
    assert state(app) == ("pending", "offline")  # kept for when the printer is back
