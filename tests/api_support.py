"""A populated kiosk for tests that walk every route: the demo catalog and queue (open all
day), a ticket issued today, a confirmed submission, a kiosk device and an admin account."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Procedure, Service
from kiosk.queue.devices import register_device
from kiosk.submissions.store import Confirmed
from tests.submission_support import confirm_sample

ADMIN = "fuzz"
PASSWORD = "fuzz-mật-khẩu-1"


@dataclass(frozen=True)
class World:
    procedure: str  # a procedure code in the catalog
    service: int  # service A's id
    ticket: dict  # the API's answer for a ticket issued today
    submission: Confirmed
    device_token: str

    @property
    def bearer(self) -> dict:
        return {"Authorization": f"Bearer {self.device_token}"}

    @property
    def ticket_token(self) -> str:
        return self.ticket["status_url"].rsplit("/", 1)[1]


def populate(app) -> World:
    from kiosk.accounts import add_user
    from kiosk.cli import prepare_database

    with app.app_context():
        prepare_database(load_demo=True)
        with database().session() as session:
            for service in session.scalars(select(Service)):
                service.opening_hours = {}  # open whenever the test runs
            device = register_device(session, "test kiosk")
            add_user(session, ADMIN, PASSWORD, role="admin")
            code = session.scalar(select(Procedure.code).order_by(Procedure.code))
            service_a = session.scalar(select(Service.id).where(Service.prefix == "A"))
    bearer = {"Authorization": f"Bearer {device}"}
    ticket = app.test_client().post("/api/v1/tickets", json={"service": service_a}, headers=bearer)
    assert ticket.status_code == 201, ticket.get_data(as_text=True)
    return World(code, service_a, ticket.get_json(), confirm_sample(app), device)


def csrf_token_in(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
