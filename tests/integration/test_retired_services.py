"""Retiring a service: it is no longer offered (kiosk, API, counters, hall display) while its
tickets stay; brought back, it is offered again; only a service that never had a ticket may
be deleted, after a confirmation page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import AuditEntry, Counter, Service, Ticket
from kiosk.queue.devices import register_device
from kiosk.queue.issue import IssueRefused, IssueRequest, issue_ticket
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import service_form, token
from tests.queue_support import TZ, demo_queue, issue


@pytest.fixture
def admin(app, runner):
    add_account(runner, "minh", "admin")
    return signed_in(app, "minh")


@pytest.fixture
def services(app) -> dict[str, int]:
    return demo_queue(app)  # A–D, open around the clock; counters 1 and 2 serve A


def post(admin, path: str, **data):
    return admin.post(path, data={"csrf_token": token(admin, "/admin/services"), **data})


def offered_by_api(app) -> list[str]:
    return [s["prefix"] for s in app.test_client().get("/api/v1/services").get_json()["services"]]


def actions(app) -> list[tuple]:
    with app.app_context(), database().session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action.startswith("service.")))
        return [(r.action, r.subject) for r in rows]


def test_a_retired_service_is_offered_nowhere_and_keeps_its_tickets(app, admin, services):
    a = services["A"]
    issue(app, a)  # a ticket of an earlier day
    assert post(admin, f"/admin/services/{a}/retire").status_code == 303
    assert offered_by_api(app) == ["B", "C", "D"]
    kiosk = app.test_client().get("/kiosk/queue").get_data(as_text=True)
    assert (
        f'href="/kiosk/queue/{a}"' not in kiosk and f'href="/kiosk/queue/{services["B"]}"' in kiosk
    )
    assert app.test_client().get(f"/kiosk/queue/{a}").status_code == 404
    with pytest.raises(IssueRefused) as refused:
        issue(app, a)
    assert refused.value.reason == "unknown_service"
    assert f'name="service_{a}"' not in admin.get("/admin/counters/new").get_data(as_text=True)
    with app.app_context(), database().session() as session:
        assert session.scalar(select(Ticket.code).where(Ticket.service_id == a)) == "A-001"
        counter = session.scalar(select(Counter).where(Counter.number == 1))
        assert a not in [s.id for s in counter.services]  # counters no longer call it
    listing = admin.get("/admin/services?lang=en").get_data(as_text=True)
    assert "(retired)" in listing

    assert post(admin, f"/admin/services/{a}/bring-back").status_code == 303
    assert offered_by_api(app) == ["A", "B", "C", "D"]
    assert issue(app, a).number == 2
    assert actions(app) == [("service.retire", "A"), ("service.bring_back", "A")]
    with app.app_context(), database().session() as session:
        retire = session.scalar(select(AuditEntry).where(AuditEntry.action == "service.retire"))
        assert retire.before == {"retired": False, "counters": [1, 2]}


def test_a_service_with_tickets_waiting_today_is_not_retired(app, admin, services):
    with app.app_context():
        issue_ticket(database().locking_sessions, IssueRequest(services["B"]), TZ)  # now
    answer = post(admin, f"/admin/services/{services['B']}/retire?lang=en")
    assert answer.status_code == 303
    page = admin.get(answer.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "still waiting today" in page
    assert "B" in offered_by_api(app)


def test_a_service_with_tickets_is_never_deleted(app, admin, services):
    a = services["A"]
    issue(app, a)
    page = admin.get(f"/admin/services/{a}?lang=en").get_data(as_text=True)
    assert f"/admin/services/{a}/delete" not in page  # only Retire is offered
    confirm = admin.get(f"/admin/services/{a}/delete?lang=en").get_data(as_text=True)
    assert "cannot be deleted" in confirm and "Yes, delete" not in confirm
    assert post(admin, f"/admin/services/{a}/delete").status_code == 409
    with app.app_context(), database().session() as session:
        assert session.get(Service, a) is not None
    assert actions(app) == []


def test_a_service_without_tickets_is_deleted_after_asking(app, admin, services):
    assert admin.post("/admin/services/new", data=service_form(admin, "/admin/services/new"))
    with app.app_context(), database().session() as session:
        e = session.scalar(select(Service.id).where(Service.prefix == "E"))
    page = admin.get(f"/admin/services/{e}?lang=en").get_data(as_text=True)
    assert f'href="/admin/services/{e}/delete"' in page
    confirm = admin.get(f"/admin/services/{e}/delete?lang=en").get_data(as_text=True)
    assert "Yes, delete the service" in confirm and "cannot be undone" in confirm
    assert admin.post(f"/admin/services/{e}/delete").status_code == 400  # no token: asks again
    assert post(admin, f"/admin/services/{e}/delete").status_code == 303
    with app.app_context(), database().session() as session:
        assert session.get(Service, e) is None
    assert actions(app) == [("service.add", "E"), ("service.delete", "E")]


def test_the_kiosk_api_refuses_a_retired_service(app, admin, services):
    with app.app_context(), database().session() as session:
        device = register_device(session, "test kiosk")
    post(admin, f"/admin/services/{services['C']}/retire")
    answer = app.test_client().post(
        "/api/v1/tickets",
        json={"service": services["C"]},
        headers={"Authorization": f"Bearer {device}"},
    )
    assert answer.status_code == 404 and answer.get_json()["error"] == "unknown_service"
