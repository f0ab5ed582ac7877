"""Staff accounts, sign-in, and the counter console with its JSON twins (CSRF everywhere)."""

from __future__ import annotations

import logging
import re

import pytest

from kiosk.db import database
from kiosk.models import Service, Ticket
from kiosk.queue.devices import register_device
from kiosk.queue.hours import local_now
from tests.queue_support import demo_queue

PASSWORD = "đúng-mật-khẩu-1"


@pytest.fixture
def services(app):
    return demo_queue(app)


@pytest.fixture
def staff(runner):
    result = runner.invoke(
        args=["users", "add", "lan", "--role", "staff", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    return "lan"


def token_in(page: bytes) -> str:
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
    return match.group(1).decode()


def sign_in(client, name="lan", password=PASSWORD):
    page = client.get("/staff/login").data
    return client.post(
        "/staff/login",
        data={"username": name, "password": password, "csrf_token": token_in(page)},
    )


def issue_today(app, service_id, count=1):
    """Tickets for today's local date, through the real kiosk API."""
    with app.app_context(), database().session() as session:
        token = register_device(session, "kiosk-test")
        session.get(Service, service_id).opening_hours = {}  # open whenever the test runs
    client = app.test_client()
    for _ in range(count):
        response = client.post(
            "/api/v1/tickets",
            json={"service": service_id},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201


def test_users_add_refuses_a_short_password_and_has_no_default_account(runner, client):
    result = runner.invoke(args=["users", "add", "lan", "--password-stdin"], input="short\n")
    assert result.exit_code != 0 and "at least 8" in result.output
    assert sign_in(client, "admin", "admin").status_code == 200  # the form again: no such user


def test_the_console_needs_a_signed_in_staff_member(client, staff):
    assert client.get("/staff/counter/1").status_code == 302
    response = client.get("/api/v1/counters/1")
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
    wrong = sign_in(client, password="sai-mật-khẩu")
    assert wrong.status_code == 200 and b'class="flash error"' in wrong.data
    assert sign_in(client).status_code == 302


def test_sign_in_without_the_csrf_token_is_refused(client, staff):
    response = client.post("/staff/login?lang=en", data={"username": "lan", "password": PASSWORD})
    assert response.status_code == 400 and "try again" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_a_counter_calls_and_serves_through_the_console_forms(app, client, staff, services):
    issue_today(app, services["A"], count=2)
    sign_in(client)
    page = client.get("/staff/counter/1")
    assert b"A-001" in page.data and b"A-002" in page.data
    token = token_in(page.data)
    assert client.post("/staff/counter/1/next").status_code == 400  # no CSRF token
    response = client.post("/staff/counter/1/next", data={"csrf_token": token})
    assert response.status_code == 303
    page = client.get("/staff/counter/1")
    assert b'class="current-code">A-001' in page.data
    client.post("/staff/counter/1/served", data={"csrf_token": token})
    second = re.search(rb'name="ticket" value="(\d+)"', client.get("/staff/counter/1").data)
    client.post("/staff/counter/1/cancel", data={"csrf_token": token, "ticket": second.group(1)})
    with app.app_context(), database().sessions() as session:
        statuses = {t.code: t.status for t in session.query(Ticket)}
    assert statuses == {"A-001": "served", "A-002": "cancelled"}


def test_json_twins_act_with_the_csrf_header(app, client, staff, services):
    issue_today(app, services["B"])
    sign_in(client)
    token = token_in(client.get("/staff/counter/2").data)
    refused = client.post("/api/v1/counters/2/next", json={})
    assert refused.status_code == 400  # the CSRF header is missing
    headers = {"X-CSRFToken": token}
    called = client.post("/api/v1/counters/2/next", json={}, headers=headers).get_json()
    assert called["ticket"]["code"] == "B-001" and called["ticket"]["counter"] == 2
    state = client.get("/api/v1/counters/2").get_json()
    assert state["current"]["code"] == "B-001"
    transfer = client.post(
        "/api/v1/counters/2/transfer", json={"service": services["C"]}, headers=headers
    )
    assert transfer.status_code == 200
    nothing = client.post("/api/v1/counters/2/recall", json={}, headers=headers)
    assert nothing.status_code == 409 and nothing.get_json()["error"] == "no_current"
    today = local_now(app.config["TIMEZONE"]).date()
    with app.app_context(), database().sessions() as session:
        moved = session.query(Ticket).one()
        assert (moved.queue_service_id, moved.status, moved.day) == (
            services["C"],
            "waiting",
            today,
        )


def test_sign_out_ends_the_session(client, staff):
    sign_in(client)
    token = token_in(client.get("/staff/").data)
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "/\t/evil.example"])
def test_sign_in_never_redirects_to_another_site(client, staff, target):
    page = client.get("/staff/login").data
    response = client.post(
        "/staff/login",
        query_string={"next": target},
        data={"username": "lan", "password": PASSWORD, "csrf_token": token_in(page)},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"


def test_sign_in_attempts_are_limited_per_address_and_per_account(client, staff, caplog):
    caplog.set_level(logging.INFO)
    client.get("/staff/login?lang=en")
    for _ in range(10):
        assert sign_in(client, password="wrong").status_code == 200
    limited = sign_in(client)  # even the right password waits now
    assert limited.status_code == 429
    assert b"Too many sign-in attempts" in limited.data
    assert "exceeded" in caplog.text and "127.0.0.1" not in caplog.text  # keys are hashed
    for n in range(20):  # the same account from other addresses
        client.environ_base["REMOTE_ADDR"] = (
            f"10.0.2.{n}"  # the center's network: staff pages answer it
        )
        sign_in(client, password="wrong")
    client.environ_base["REMOTE_ADDR"] = "10.51.100.7"
    assert sign_in(client).status_code == 429  # 30 tries an hour for one account
    assert sign_in(client, name="someone-else").status_code == 200
