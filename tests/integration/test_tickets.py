"""Issuing tickets: daily numbers per service, idempotency, quota, hours, the JSON API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from kiosk.db import database
from kiosk.models import DailySequence, PrintJob, Service, Ticket, TicketEvent
from kiosk.queue.devices import register_device
from kiosk.queue.issue import CodeStyle, IssueRefused, IssueRequest, issue_ticket

TZ = "Asia/Ho_Chi_Minh"
MONDAY_9AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
MONDAY_9PM = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
# Not Tuesday 24 November: Ngày Văn hóa Việt Nam, a public holiday (kiosk/queue/calendar.py).
WEDNESDAY_9AM = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def service_id(app):
    with app.app_context(), database().session() as session:
        service = Service(
            prefix="A",
            names={"vi": "Hộ tịch", "en": "Civil status"},
            opening_hours={"0": [["07:30", "17:00"]], "2": [["07:30", "17:00"]]},
        )
        session.add(service)
        session.flush()
        return service.id


def issue(app, service_id, key=None, now=MONDAY_9AM, style=None):
    with app.app_context():
        return issue_ticket(
            database().locking_sessions,
            IssueRequest(service_id=service_id, idempotency_key=key),
            TZ,
            now,
            style or CodeStyle(),
        )


def test_numbers_start_at_one_per_service_per_local_day(app, service_id):
    first, second = issue(app, service_id), issue(app, service_id)
    assert (first.number, second.number) == (1, 2)
    assert (first.code, second.code) == ("A-001", "A-002")
    assert issue(app, service_id, now=WEDNESDAY_9AM).number == 1


@pytest.mark.parametrize("style", [CodeStyle(), CodeStyle(separator="", digits=4)])
def test_the_code_follows_the_configured_style_on_every_engine(app, service_id, style):
    with app.app_context(), database().session() as session:
        session.add(DailySequence(service_id=service_id, day=MONDAY_9AM.date(), last_number=998))
    codes = [issue(app, service_id, style=style).code for _ in range(3)]
    assert codes == [style.code("A", n) for n in (999, 1000, 1001)]
    assert codes[0] in ("A-999", "A0999") and codes[1] in ("A-1000", "A1000")


def test_every_ticket_has_an_issued_event_and_one_print_job(app, service_id):
    ticket = issue(app, service_id)
    with app.app_context(), database().session() as session:
        events = session.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket.id))
        jobs = session.scalar(select(func.count()).where(PrintJob.ticket_id == ticket.id))
    assert list(events) == ["issued"] and jobs == 1


def test_the_same_idempotency_key_returns_the_same_ticket_and_prints_nothing_new(app, service_id):
    first = issue(app, service_id, key="tap-123")
    again = issue(app, service_id, key="tap-123")
    assert again.id == first.id
    with app.app_context(), database().session() as session:
        assert session.scalar(select(func.count(PrintJob.id))) == 1
    assert issue(app, service_id, key="tap-124").number == 2


def test_past_the_quota_is_refused_without_a_gap(app, service_id):
    with app.app_context(), database().session() as session:
        session.get(Service, service_id).daily_quota = 2
    issue(app, service_id), issue(app, service_id)
    with pytest.raises(IssueRefused) as refused:
        issue(app, service_id)
    assert refused.value.reason == "quota"
    with app.app_context(), database().session() as session:
        assert session.scalar(select(func.max(Ticket.number))) == 2


def test_outside_opening_hours_is_refused(app, service_id):
    with pytest.raises(IssueRefused) as refused:
        issue(app, service_id, now=MONDAY_9PM)
    assert refused.value.reason == "closed"


def test_api_needs_a_registered_kiosk(client):
    response = client.post("/api/v1/tickets", json={"service": 1})
    assert response.status_code == 401


def test_api_issues_with_the_documented_shape(app, client, service_id):
    with app.app_context(), database().session() as session:
        token = register_device(session, "kiosk-1")
        session.get(Service, service_id).opening_hours = {}
    headers = {"Authorization": f"Bearer {token}"}
    body = {"service": service_id, "idempotency_key": "k1"}
    first = client.post("/api/v1/tickets", json=body, headers=headers)
    assert first.status_code == 201
    data = first.get_json()
    assert set(data) == {
        "id",
        "code",
        "number",
        "service",
        "people_ahead",
        "wait_minutes",
        "status",
        "counter",
        "counters",
        "status_url",
    }
    assert data["code"] == "A-001" and data["people_ahead"] == 0
    assert data["status_url"].startswith("http://kiosk.example.lan:8080/t/")
    assert client.post("/api/v1/tickets", json=body, headers=headers).get_json()["id"] == data["id"]
    second = client.post("/api/v1/tickets", json={"service": service_id}, headers=headers)
    assert second.get_json()["people_ahead"] == 1
    assert second.get_json()["wait_minutes"][1] > 0
    status_page = client.get(data["status_url"].removeprefix("http://kiosk.example.lan:8080"))
    assert status_page.status_code == 200 and "A-001" in status_page.get_data(as_text=True)


def test_api_says_why_in_the_citizens_language(app, client, service_id):
    with app.app_context(), database().session() as session:
        token = register_device(session, "kiosk-1")
        session.get(Service, service_id).daily_quota = 0
        session.get(Service, service_id).opening_hours = {}
    response = client.post(
        "/api/v1/tickets",
        json={"service": service_id},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 409
    assert response.get_json()["message"] == "Hôm nay đã hết số thứ tự cho dịch vụ này."


@pytest.mark.parametrize("key", ["tap\x00one", "tap\none", 12345, ["k"]])
def test_api_refuses_an_idempotency_key_that_is_not_printable_text(app, client, service_id, key):
    """Found by schemathesis on PostgreSQL: a NUL in the key was a 500 (PostgreSQL refuses
    NUL in text). It is the kiosk's mistake, so a 400 that says so, and no ticket."""
    with app.app_context(), database().session() as session:
        token = register_device(session, "kiosk-1")
        session.get(Service, service_id).opening_hours = {}
    response = client.post(
        "/api/v1/tickets?lang=en",
        json={"service": service_id, "idempotency_key": key},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert "printable text" in response.get_json()["message"]
    with app.app_context(), database().session() as session:
        assert session.scalar(select(func.count(Ticket.id))) == 0


def test_services_list(app, client, service_id):
    services = client.get("/api/v1/services?lang=en").get_json()["services"]
    assert services[0]["prefix"] == "A" and services[0]["name"] == "Civil status"
    assert set(services[0]) >= {"id", "prefix", "names", "open_now", "waiting"}


def test_a_ticket_from_an_earlier_day_shows_as_expired(app, client, service_id):
    with app.app_context(), database().session() as session:
        session.get(Service, service_id).opening_hours = {}
    old = issue(app, service_id, now=datetime(2026, 1, 5, 2, 0, tzinfo=UTC))
    response = client.get(f"/api/v1/tickets/{old.token}")
    assert response.get_json()["status"] == "expired"
    assert b'data-state="expired">' in client.get(f"/t/{old.token}").data
