"""Many-kiosk mode end to end: kiosk-printer's agent against the real server over HTTP."""

from __future__ import annotations

import pytest

from kiosk.db import database
from kiosk.models import Device, PrintJob, Service
from kiosk.queue.devices import register_device
from printer.agent import Agent, PrintedJobs
from printer.client import PrintServer
from printer.devices import open_printer
from tests.queue_support import demo_queue
from tests.support import free_port, serving


@pytest.fixture
def kiosk_token(app):
    demo_queue(app)
    with app.app_context(), database().session() as session:
        for service in session.query(Service):
            service.opening_hours = {}
        return register_device(session, "Kiosk sảnh 1")


def take_ticket(app, token) -> str:
    response = app.test_client().post(
        "/api/v1/tickets", json={"service": 1}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201
    return response.get_json()["code"]


def jobs(app) -> list[str]:
    with app.app_context(), database().sessions() as session:
        return [job.status for job in session.query(PrintJob).order_by(PrintJob.id)]


def test_the_agent_prints_each_ticket_once_across_a_server_outage(app, kiosk_token, tmp_path):
    port = free_port()
    paper = tmp_path / "paper.bin"
    agent = Agent(
        PrintServer(f"http://127.0.0.1:{port}", kiosk_token, timeout=2),
        open_printer(f"file://{paper}"),
        PrintedJobs(tmp_path / "printed.json"),
    )
    take_ticket(app, kiosk_token)
    with serving(app, port, threads=2):
        agent.run_once()
        assert jobs(app) == ["printed"]
        first = paper.read_bytes()
        assert first.count(b"\x1b@") >= 1
        take_ticket(app, kiosk_token)
    assert agent.run_once() > 0  # the server is down: back off, print nothing
    assert paper.read_bytes() == first
    with serving(app, port, threads=2):
        while agent.run_once() == 0:
            pass
        assert jobs(app) == ["printed", "printed"]
    assert len(paper.read_bytes()) > len(first)
    with app.app_context(), database().sessions() as session:
        assert session.query(Device).one().printer_status == "ok"
