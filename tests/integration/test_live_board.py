"""The live supervision board (/admin/live): the figures against a known queue, the long-wait
alert coming and going, who may open it, and the threshold set on the service form."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from kiosk.db import database
from kiosk.models import Counter, Service, Ticket
from kiosk.models.base import utcnow
from kiosk.queue import calling
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRequest, issue_ticket
from kiosk.queue.supervision import supervision
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import audit_rows, service_form
from tests.queue_support import TZ, demo_queue


@pytest.fixture
def hall(app, runner):
    """The demo services, four tickets of A and one of B issued now; the second A has
    waited 25 minutes, counter 2 serves the first A, counter 3 is open and idle."""
    add_account(runner, "minh", "admin")
    add_account(runner, "hoa", "manager")
    add_account(runner, "lan", "staff")
    add_account(runner, "tuan", "volunteer")
    ids = demo_queue(app)
    with app.app_context():
        sessions = database().locking_sessions
        issued = [
            issue_ticket(sessions, IssueRequest(service_id=ids[p]), TZ, datetime.now(UTC))
            for p in "AAAAB"
        ]
        with database().session() as session:
            session.execute(
                update(Ticket)
                .where(Ticket.id == issued[0].id)
                .values(issued_at=utcnow() - timedelta(minutes=40))
            )
            session.execute(
                update(Ticket)
                .where(Ticket.id == issued[1].id)
                .values(issued_at=utcnow() - timedelta(minutes=25))
            )
            session.execute(update(Counter).where(Counter.number == 3).values(open_since=utcnow()))
        called = calling.call_next(sessions, 2, _today(), staff_id=None)
        assert called is not None and called.ticket_id == issued[0].id
    return {"ids": ids, "issued": issued}


def _today():
    return local_now(TZ).date()


def _board(app, minutes_later: int = 0):
    with app.app_context(), database().session() as session:
        return supervision(session, _today(), utcnow() + timedelta(minutes=minutes_later))


def test_the_board_counts_each_queue_and_says_what_each_counter_does(app, hall):
    board = _board(app)
    queues = {line.prefix: line for line in board.services}
    assert (queues["A"].waiting, queues["B"].waiting, queues["C"].waiting) == (3, 1, 0)
    assert 25 <= queues["A"].longest_wait_minutes <= 26
    assert queues["B"].longest_wait_minutes <= 1 and queues["C"].longest_wait_minutes == 0
    counters = {line.number: line for line in board.counters}
    assert counters[2].state == "busy" and counters[2].ticket == hall["issued"][0].code
    assert counters[2].busy_minutes == 0 and _board(app, 7).counters[1].busy_minutes == 7
    assert counters[3].state == "idle" and counters[3].ticket is None
    assert counters[1].state == counters[4].state == "closed"
    assert not board.alerts  # no threshold set yet


def test_the_alert_comes_when_a_wait_passes_its_threshold_and_goes_when_it_recovers(app, hall):
    admin = signed_in(app, "minh")
    with app.app_context(), database().session() as session:
        session.execute(update(Service).where(Service.prefix == "A").values(wait_alert_minutes=30))
    page = admin.get("/admin/live?lang=en").get_data(as_text=True)
    assert 'id="wait-alerts"' not in page  # 25 minutes: not yet past 30
    assert [line.prefix for line in _board(app, 6).alerts] == ["A"]  # 31 minutes: past it

    with app.app_context(), database().session() as session:
        session.execute(update(Service).where(Service.prefix == "A").values(wait_alert_minutes=20))
    page = admin.get("/admin/live?lang=en").get_data(as_text=True)
    alert = re.search(
        r'<div class="error-summary" role="alert" id="wait-alerts">(.*?)</div>', page, re.S
    )
    assert alert and "Civil status" in alert.group(1)
    assert re.search(r"the longest wait is 2[56] minutes \(alert after 20\), 3 waiting", page)
    assert '<meta http-equiv="refresh" content="15">' in page
    assert admin.get("/admin/live.json").get_json()["alerts"] == ["A"]

    # Counter 1 calls the one who waited longest: the queue recovers, the alert goes.
    with app.app_context():
        called = calling.call_next(database().locking_sessions, 1, _today())
        assert called.ticket_id == hall["issued"][1].id
    answer = admin.get("/admin/live.json").get_json()
    assert answer["alerts"] == []
    a = next(s for s in answer["services"] if s["prefix"] == "A")
    assert a["waiting"] == 2 and a["longest_wait_minutes"] <= 1 and a["alert"] is False
    assert 'id="wait-alerts"' not in admin.get("/admin/live?lang=en").get_data(as_text=True)


def test_managers_staff_and_admins_see_the_board_volunteers_do_not(app, hall):
    for name in ("minh", "hoa", "lan"):
        client = signed_in(app, name)
        assert client.get("/admin/live").status_code == 200, name
        assert client.get("/admin/live.json").status_code == 200, name
    volunteer = signed_in(app, "tuan")
    assert volunteer.get("/admin/live").status_code == 403
    assert app.test_client().get("/admin/live").status_code == 302
    staff_home = signed_in(app, "lan").get("/staff/?lang=en").get_data(as_text=True)
    assert 'href="/admin/live"' in staff_home


def test_the_guidance_desk_console_leads_to_the_board(app, hall):
    with app.app_context(), database().session() as session:
        session.execute(update(Counter).where(Counter.number == 4).values(kind="guidance"))
    staff = signed_in(app, "lan")
    assert 'href="/admin/live"' in staff.get("/staff/counter/4").get_data(as_text=True)
    assert 'href="/admin/live"' not in staff.get("/staff/counter/1").get_data(as_text=True)


def test_the_wait_alert_is_set_on_the_service_form_and_audited(app, hall):
    admin = signed_in(app, "minh")
    path = f"/admin/services/{hall['ids']['A']}"
    form = service_form(admin, path, prefix="A", wait_alert_minutes="0")
    answer = admin.post(path + "?lang=en", data=form)
    assert answer.status_code == 400 and "From 1 to 480." in answer.get_data(as_text=True)
    assert 'value="0"' in answer.get_data(as_text=True)  # what was typed stays
    form["wait_alert_minutes"] = "20"
    assert admin.post(path, data=form).status_code == 303
    with app.app_context(), database().session() as session:
        assert session.scalar(select(Service.wait_alert_minutes).where(Service.prefix == "A")) == 20
    [entry] = [r for r in audit_rows(app) if r.action == "service.change"]
    assert entry.before["wait_alert_minutes"] is None and entry.after["wait_alert_minutes"] == 20
    form["wait_alert_minutes"] = ""
    assert admin.post(path, data=form).status_code == 303
    with app.app_context(), database().session() as session:
        assert (
            session.scalar(select(Service.wait_alert_minutes).where(Service.prefix == "A")) is None
        )
