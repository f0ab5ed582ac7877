"""Taking a queue number on the kiosk (service, priority question, ticket screen), the
device binding, and the phone's status page /t/TOKEN with its JSON twin."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Device, Service, Ticket
from kiosk.queue import spool
from kiosk.queue.calling import call_next, finish
from kiosk.queue.devices import register_device
from kiosk.queue.hours import local_now
from kiosk.queue.services import choose_service

MARRIAGE = "1.000894"  # Hộ tịch: service A in the demo queue
PASSPORT = "1.001456"  # Quản lý xuất nhập cảnh: no demo service takes this field
ELSEWHERE = {"REMOTE_ADDR": "192.168.1.50"}  # a browser that is not on the server itself


@pytest.fixture
def kiosk_app(demo_app):
    """The demo catalog and queue (counters 1 and 2 serve A), every service open all day."""
    with demo_app.app_context(), database().session() as session:
        for service in session.scalars(select(Service)):
            service.opening_hours = {}
    return demo_app


@pytest.fixture
def client(kiosk_app):
    return kiosk_app.test_client()


def service_id(app, prefix: str) -> int:
    with app.app_context(), database().session() as session:
        return session.scalar(select(Service.id).where(Service.prefix == prefix))


def change_service(app, prefix: str, **values) -> None:
    with app.app_context(), database().session() as session:
        service = session.scalar(select(Service).where(Service.prefix == prefix))
        for name, value in values.items():
            setattr(service, name, value)


def tickets(app) -> list[Ticket]:
    with app.app_context(), database().session() as session:
        return list(session.scalars(select(Ticket).order_by(Ticket.id)))


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*name="(\w+)" type="hidden" value="([^"]*)"', html))


class Visitor:
    """A citizen at the kiosk, tapping through the pages as the browser would."""

    def __init__(self, client, app):
        self.client, self.app = client, app

    def priority_page(self, prefix: str = "A", **query):
        return self.client.get(f"/kiosk/queue/{service_id(self.app, prefix)}", query_string=query)

    def answer(self, prefix: str = "A", priority: str = "", fields: dict | None = None):
        """Answer the priority question (`fields`: a page already on screen, for a resubmit)."""
        fields = fields or hidden_fields(self.priority_page(prefix).get_data(as_text=True))
        url = f"/kiosk/queue/{service_id(self.app, prefix)}"
        return self.client.post(url, data={**fields, "priority": priority})

    def take_number(self, prefix: str = "A", priority: str = "") -> str:
        """Take a number; return the ticket's token."""
        response = self.answer(prefix, priority)
        assert response.status_code == 303, response.get_data(as_text=True)
        return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def visitor(client, kiosk_app):
    return Visitor(client, kiosk_app)


def test_home_offers_a_queue_number(client):
    page = client.get("/kiosk/?lang=en").get_data(as_text=True)
    tile = re.search(r'<a [^>]*id="take-number" href="/kiosk/queue">(.*?)</a>', page, re.S)
    assert tile and "Take a queue number" in tile[1]  # the first tile of the home screen


def test_the_procedure_page_goes_straight_to_the_service_that_handles_it(client, kiosk_app):
    def take_number_link(code: str) -> str:
        page = client.get(f"/kiosk/p/{code}").get_data(as_text=True)
        return re.search(r'id="take-number" href="([^"]+)"', page)[1].replace("&amp;", "&")

    a, d = service_id(kiosk_app, "A"), service_id(kiosk_app, "D")
    assert take_number_link(MARRIAGE) == f"/kiosk/queue/{a}?procedure={MARRIAGE}"  # by field
    change_service(kiosk_app, "D", procedures=[MARRIAGE])
    assert take_number_link(MARRIAGE) == f"/kiosk/queue/{d}?procedure={MARRIAGE}"  # by code
    assert take_number_link(PASSPORT) == f"/kiosk/queue?procedure={PASSPORT}"  # choose one


def test_a_listed_procedure_wins_over_a_field_and_the_first_service_wins_a_tie():
    a = Service(prefix="A", fields=["Hộ tịch"], procedures=[])
    b = Service(prefix="B", fields=["Hộ tịch"], procedures=[])
    c = Service(prefix="C", fields=[], procedures=[MARRIAGE])
    assert choose_service([a, b, c], MARRIAGE, "Hộ tịch") is c
    assert choose_service([a, b, c], "1.000001", "Hộ tịch") is a
    assert choose_service([a, b, c], "1.000001", "Đất đai") is None
    assert choose_service([a, b], "1.000001", "") is None


def test_the_services_page_shows_waiting_counts_and_which_are_closed(visitor, client, kiosk_app):
    visitor.take_number("A")
    change_service(kiosk_app, "B", opening_hours={str(d): [] for d in range(7)})
    change_service(kiosk_app, "C", daily_quota=0)
    page = client.get("/kiosk/queue?lang=en").get_data(as_text=True)
    a, b, c = (service_id(kiosk_app, prefix) for prefix in "ABC")
    assert f'href="/kiosk/queue/{a}"' in page and "1 person waiting" in page
    assert f'href="/kiosk/queue/{b}"' not in page and "Closed today." in page
    assert f'href="/kiosk/queue/{c}"' not in page and "No more numbers today." in page
    assert "Civil status, certification" in page  # the service's name in English


def test_a_number_is_taken_once_even_when_the_form_is_sent_twice(visitor, kiosk_app):
    page = visitor.priority_page("A", procedure=MARRIAGE).get_data(as_text=True)
    fields = hidden_fields(page)
    assert set(fields) == {"csrf_token", "idempotency_key", "procedure"}
    first = visitor.answer("A", "elderly", fields)
    again = visitor.answer("A", "elderly", fields)  # a double tap, or "resend" after back
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert urlsplit(first.headers["Location"]).path.startswith("/kiosk/ticket/")
    (ticket,) = tickets(kiosk_app)
    assert (ticket.code, ticket.priority, ticket.procedure_code) == ("A-001", "elderly", MARRIAGE)
    visitor.take_number("A")  # the next visitor's page has a new key
    assert [t.code for t in tickets(kiosk_app)] == ["A-001", "A-002"]


def test_a_form_without_its_csrf_token_issues_nothing(visitor, kiosk_app):
    fields = hidden_fields(visitor.priority_page("A").get_data(as_text=True))
    del fields["csrf_token"]
    response = visitor.answer("A", "", fields)
    assert response.status_code == 303  # the question again, with a fresh form
    assert response.headers["Location"] == f"/kiosk/queue/{service_id(kiosk_app, 'A')}"
    assert tickets(kiosk_app) == []


def test_a_priority_group_the_center_does_not_serve_issues_nothing(visitor, kiosk_app):
    kiosk_app.config["PRIORITY_GROUPS"] = ["elderly", "disability"]
    page = visitor.priority_page("A").get_data(as_text=True)
    assert 'value="elderly"' in page and 'value="pregnant"' not in page
    assert visitor.answer("A", "pregnant").status_code == 303
    assert tickets(kiosk_app) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"opening_hours": {str(d): [] for d in range(7)}}, "This service is closed now."),
        ({"daily_quota": 0}, "All numbers for this service have been given out today."),
    ],
)
def test_a_refused_number_says_why_on_the_services_page(
    visitor, client, kiosk_app, change, message
):
    fields = hidden_fields(visitor.priority_page("A").get_data(as_text=True))
    change_service(kiosk_app, "A", **change)  # it closed while the visitor was reading
    response = visitor.answer("A", "", fields)
    assert response.status_code == 303 and response.headers["Location"].startswith("/kiosk/queue?")
    page = client.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "Civil status, certification:" in page and message in page
    assert tickets(kiosk_app) == []
    # Asking again goes straight back to the explanation, not the question.
    assert visitor.priority_page("A").status_code == 303


def test_a_screen_that_is_not_a_kiosk_tells_the_visitor_to_ask_staff(client, kiosk_app):
    page = client.get("/kiosk/queue?lang=en", environ_base=ELSEWHERE)
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "This screen is not set up as a kiosk yet" in text and "ask staff" in text
    assert "/kiosk/setup" not in text
    a = service_id(kiosk_app, "A")
    assert client.get(f"/kiosk/queue/{a}", environ_base=ELSEWHERE).status_code == 403
    assert tickets(kiosk_app) == []


def test_the_screen_on_the_server_itself_is_the_local_kiosk(visitor, kiosk_app):
    visitor.take_number("A")
    visitor.take_number("B")
    with kiosk_app.app_context(), database().session() as session:
        devices = session.scalars(select(Device)).all()
    assert [d.name for d in devices] == ["local"]
    assert {t.device_id for t in tickets(kiosk_app)} == {devices[0].id}


def bind(client, token: str):
    page = client.get("/kiosk/setup?lang=en", environ_base=ELSEWHERE).get_data(as_text=True)
    form = {**hidden_fields(page), "token": token}
    return client.post("/kiosk/setup", data=form, environ_base=ELSEWHERE)


def test_staff_bind_a_screen_to_a_registered_kiosk(client, kiosk_app):
    with kiosk_app.app_context(), database().session() as session:
        token = register_device(session, "Kiosk sảnh 1")
    response = bind(client, f"  {token}\n")  # pasted with the line end
    assert response.status_code == 303
    cookie = client.get_cookie("kiosk_device", path="/kiosk/")
    assert cookie.http_only and cookie.max_age > 365 * 24 * 3600
    assert token not in cookie.value  # only a signed hash of it
    page = client.get("/kiosk/setup", environ_base=ELSEWHERE).get_data(as_text=True)
    assert "Kiosk sảnh 1" in page
    question = f"/kiosk/queue/{service_id(kiosk_app, 'A')}"
    fields = hidden_fields(client.get(question, environ_base=ELSEWHERE).get_data(as_text=True))
    client.post(question, data={**fields, "priority": ""}, environ_base=ELSEWHERE)
    with kiosk_app.app_context(), database().session() as session:
        device = session.scalar(select(Device).where(Device.name == "Kiosk sảnh 1"))
        # A new token for the device (a stolen kiosk PC) ends the old binding.
        register_device(session, "Kiosk sảnh 1")
    assert [t.device_id for t in tickets(kiosk_app)] == [device.id]
    assert client.get("/kiosk/queue", environ_base=ELSEWHERE).status_code == 403


def test_an_unknown_token_binds_nothing(client, kiosk_app):
    response = bind(client, "not-a-kiosk-token")
    assert response.status_code == 422
    assert "No registered kiosk has this token" in response.get_data(as_text=True)
    assert client.get_cookie("kiosk_device", path="/kiosk/") is None
    assert client.get("/kiosk/queue", environ_base=ELSEWHERE).status_code == 403


def test_the_ticket_screen_shows_the_number_counters_and_the_phone_qr(visitor, client):
    token = visitor.take_number("A")
    response = client.get(f"/kiosk/ticket/{token}?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert '<span class="ticket-number">A-001</span>' in page
    assert "Served at counters 1, 2" in page and "You are next." in page
    assert "Please take your printed ticket." in page
    assert f'src="/kiosk/ticket/{token}/qr.svg"' in page
    qr = client.get(f"/kiosk/ticket/{token}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and "no-store" in qr.headers["Cache-Control"]
    assert client.get("/kiosk/ticket/no-such-token").status_code == 404
    assert client.get("/kiosk/ticket/no-such-token/qr.svg").status_code == 404


def test_print_json_follows_the_slip_and_the_printer(visitor, client, kiosk_app):
    token = visitor.take_number("A")
    url = f"/kiosk/ticket/{token}/print.json"
    assert client.get(url).get_json() == {"job": "pending", "printer": "unknown"}
    with kiosk_app.app_context():
        device_id = tickets(kiosk_app)[0].device_id
        job = spool.claim(database().sessions, [device_id])
        spool.set_printer_status(database().sessions, device_id, "paper_out")
    assert client.get(url).get_json() == {"job": "printing", "printer": "paper_out"}
    with kiosk_app.app_context():
        spool.mark_printed(database().sessions, job.id, [device_id])
    response = client.get(url)
    assert response.get_json()["job"] == "printed"
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get("/kiosk/ticket/no-such-token/print.json").status_code == 404


def today(app):
    return local_now(app.config["TIMEZONE"]).date()


def test_the_phone_page_follows_the_ticket_until_its_counter_calls(visitor, client, kiosk_app):
    first, second = visitor.take_number("A"), visitor.take_number("A")
    response = client.get(f"/t/{second}?lang=en")
    page = response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in page
    assert "A-002" in page and "Civil status, certification" in page
    assert re.search(r'data-template="\{people_ahead\}">1</strong>', page)
    assert re.search(r">about \d+–\d+ minutes<", page)
    with kiosk_app.app_context():
        call_next(database().locking_sessions, 1, today(kiosk_app))
    page = client.get(f"/t/{first}?lang=en").get_data(as_text=True)
    called = re.search(r'<div data-state="called">\s*<p class="your-turn"[^>]*>([^<]+)<', page)
    assert called and called[1] == "Your turn: please go to counter 1"
    assert "You are next." in client.get(f"/t/{second}?lang=en").get_data(as_text=True)
    assert client.get("/t/no-such-token").status_code == 404


@pytest.mark.parametrize(
    ("outcome", "says"),
    [
        ("served", "You have been served."),
        ("no_show", "you were not there"),
        ("parked", "Your file is on hold at counter 1."),
    ],
)
def test_the_phone_page_explains_how_the_ticket_ended(visitor, client, kiosk_app, outcome, says):
    token = visitor.take_number("A")
    with kiosk_app.app_context():
        call_next(database().locking_sessions, 1, today(kiosk_app))
        finish(database().locking_sessions, 1, outcome)
    page = client.get(f"/t/{token}?lang=en").get_data(as_text=True)
    shown = re.search(rf'<div data-state="{outcome}">(.*?)</div>', page, re.S)
    assert shown and says in shown[1]
    assert page.count("<div data-state=") - page.count(" hidden>") == 1


def test_the_ticket_json_twin(visitor, client, kiosk_app):
    token = visitor.take_number("A")
    response = client.get(f"/api/v1/tickets/{token}")
    assert "no-store" in response.headers["Cache-Control"]
    body = response.get_json()
    assert (body["code"], body["status"], body["people_ahead"], body["counter"]) == (
        "A-001",
        "waiting",
        0,
        None,
    )
    assert body["status_url"] == f"http://kiosk.example.lan:8080/t/{token}"
    with kiosk_app.app_context():
        call_next(database().locking_sessions, 2, today(kiosk_app))
    body = client.get(f"/api/v1/tickets/{token}").get_json()
    assert (body["status"], body["counter"]) == ("called", 2)
    missing = client.get("/api/v1/tickets/no-such-token")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"
