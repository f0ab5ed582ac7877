"""Satisfaction ratings end to end through the web: the API (201 once, 409 when rated or not
yet served, 400/422 for bad input), the phone's form, the counter tablet's JSON and form, the
kiosk's path, the pages staff and managers read, and one rating per visit under a race."""

from __future__ import annotations

import re
import threading
from datetime import datetime

from sqlalchemy import select, update

from kiosk.db import database
from kiosk.models import Rating, Ticket, TicketEvent, User
from kiosk.queue.calling import call_next, finish
from kiosk.ratings import rate
from tests.integration.test_access import add_account, signed_in
from tests.queue_support import MONDAY, demo_queue, issue

LONG_AGO = datetime(2026, 1, 1)


def _staff_id(app, name: str) -> int:
    with app.app_context(), database().session() as session:
        return session.scalar(select(User.id).where(User.username == name))


def served(app, counter: int = 1, staff_id: int | None = None):
    """A ticket of service A called and served at `counter`: its token."""
    services = demo_queue(app) if not _has_services(app) else _services(app)
    ticket = issue(app, services["A"])
    with app.app_context():
        sessions = database().locking_sessions
        call_next(sessions, counter, MONDAY, staff_id)
        finish(sessions, counter, "served", staff_id)
    return ticket.token


def _has_services(app) -> bool:
    return bool(_services(app))


def _services(app) -> dict[str, int]:
    from kiosk.models import Service

    with app.app_context(), database().session() as session:
        return {s.prefix: s.id for s in session.scalars(select(Service))}


def _ratings(app) -> list[Rating]:
    with app.app_context(), database().session() as session:
        rows = list(session.scalars(select(Rating)))
        session.expunge_all()
    return rows


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_api_rates_once_after_the_visit_was_served(app, client, runner):
    add_account(runner, "lan", "staff")
    staff = _staff_id(app, "lan")
    services = demo_queue(app)
    waiting = issue(app, services["A"])
    url = f"/api/v1/tickets/{waiting.token}/rating"
    before = client.post(url, json={"level": "satisfied"})
    assert before.status_code == 409 and before.get_json()["error"] == "not_served"
    with app.app_context():
        call_next(database().locking_sessions, 1, MONDAY, staff)
        finish(database().locking_sessions, 1, "served", staff)
    assert client.post(url, data="level=1").status_code == 400
    assert client.post(url, json={"level": 3}).status_code == 400
    assert client.post(url, json={"level": "satisfied", "reasons": "x"}).status_code == 400
    assert client.post(url, json={"level": "neutral"}).status_code == 422  # three levels
    wrong = client.post(url, json={"level": "satisfied", "reasons": ["staff_attitude"]})
    assert wrong.status_code == 422 and wrong.get_json()["error"] == "bad_reason"
    first = client.post(url, json={"level": "unsatisfied", "reasons": ["waited_too_long"]})
    assert first.status_code == 201
    assert first.get_json() == {"level": "unsatisfied", "reasons": ["waited_too_long"]}
    again = client.post(url, json={"level": "very_satisfied"})
    assert again.status_code == 409 and again.get_json()["error"] == "already_rated"
    unknown = client.post("/api/v1/tickets/nope1234/rating", json={"level": "satisfied"})
    assert unknown.status_code == 404
    (rating,) = _ratings(app)
    assert (rating.staff_id, rating.service_id, rating.channel) == (staff, services["A"], "phone")
    assert rating.counter_id is not None and rating.submission_id is None


def test_one_rating_per_visit_when_two_arrive_at_once(app):
    token = served(app)
    with app.app_context(), database().session() as session:
        ticket_id = session.scalar(select(Ticket.id).where(Ticket.token == token))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(level: str) -> None:
        with app.app_context():
            barrier.wait()
            try:
                rate(database().locking_sessions, ticket_id, level, [], "phone", 3)
                outcomes.append("201")
            except Exception as error:  # noqa: BLE001
                outcomes.append(getattr(error, "reason", repr(error)))

    threads = [threading.Thread(target=attempt, args=(lv,)) for lv in ("satisfied", "unsatisfied")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["201", "already_rated"]
    assert len(_ratings(app)) == 1


def test_the_phone_offers_the_rating_once_served_and_thanks_after(app, client):
    services = demo_queue(app)
    waiting = issue(app, services["D"])  # counter 1 calls A only
    assert "rating-button" not in client.get(f"/t/{waiting.token}").get_data(as_text=True)
    token = served(app)
    page = client.get(f"/t/{token}").get_data(as_text=True)
    assert 'value="very_satisfied"' in page and 'value="neutral"' not in page
    form = {"csrf_token": _csrf(page), "level": "unsatisfied"}
    reasons = client.post(f"/t/{token}/rating", data=form).get_data(as_text=True)
    assert 'name="reasons"' in reasons and not _ratings(app)
    form |= {"send": "1", "reasons": ["result_late", "other"]}
    thanks = client.post(f"/t/{token}/rating", data=form)
    assert thanks.status_code == 200 and "rating-thanks" in thanks.get_data(as_text=True)
    assert _ratings(app)[0].reasons == ["result_late", "other"]
    later = client.get(f"/t/{token}").get_data(as_text=True)
    assert "rating-button" not in later and "rating" in later
    assert client.post(f"/t/{token}/rating", data={"level": "satisfied"}).status_code == 400


def test_the_counter_tablet_offers_the_latest_served_visit_only(app, client):
    empty = client.get("/rate/1/visit.json")
    assert empty.get_json() == {"visit": None} and empty.cache_control.no_store
    assert "rating-idle" in client.get("/rate/1").get_data(as_text=True)
    first = served(app, counter=1)
    second = served(app, counter=1)
    visit = client.get("/rate/1/visit.json").get_json()["visit"]
    with app.app_context(), database().session() as session:
        ids = {t: i for t, i in session.execute(select(Ticket.token, Ticket.id))}
    assert visit["ticket"] == ids[second]
    assert client.get("/rate/2/visit.json").get_json() == {"visit": None}
    page = client.get("/rate/1").get_data(as_text=True)
    # The earlier visit is no longer the counter's: its rating goes nowhere.
    stale = {"csrf_token": _csrf(page), "visit": str(ids[first]), "level": "satisfied"}
    assert client.post("/rate/1", data=stale).status_code == 303 and not _ratings(app)
    form = {"csrf_token": _csrf(page), "visit": str(ids[second]), "level": "very_satisfied"}
    assert "rating-thanks" in client.post("/rate/1", data=form).get_data(as_text=True)
    assert [(r.ticket_id, r.channel) for r in _ratings(app)] == [(ids[second], "counter")]
    assert client.get("/rate/1/visit.json").get_json() == {"visit": None}  # rated: idle
    # A minute later nothing is offered any more.
    third = served(app, counter=1)
    with app.app_context(), database().session() as session:
        ticket_id = session.scalar(select(Ticket.id).where(Ticket.token == third))
        session.execute(
            update(TicketEvent).where(TicketEvent.ticket_id == ticket_id).values(at=LONG_AGO)
        )
    assert client.get("/rate/1/visit.json").get_json() == {"visit": None}


def test_the_kiosk_rates_by_the_typed_code_and_the_scanned_ticket(app, client):
    token = served(app)
    with app.app_context(), database().session() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.token == token))
        code = ticket.code
    # Typed: only today's served tickets (the test's tickets are of a past Monday).
    missed = client.get(f"/kiosk/rate?code={code}")
    assert missed.status_code == 200 and "notice" in missed.get_data(as_text=True)
    with app.app_context(), database().session() as session:
        from kiosk.web import today

        with app.test_request_context():
            day = today()
        session.execute(update(Ticket).where(Ticket.token == token).values(day=day))
    found = client.get(f"/kiosk/rate?code={code.lower().replace('-', '')}")
    assert found.status_code == 303 and found.location.endswith(f"/kiosk/rate/t/{token}")
    page = client.get(f"/kiosk/rate/t/{token}").get_data(as_text=True)
    answer = client.post(
        "/api/v1/scan", json={"text": f"/t/{token}"}, headers={"X-CSRFToken": _csrf(page)}
    ).get_json()
    assert answer["kind"] == "ticket" and answer["token"] == token
    form = {"csrf_token": _csrf(page), "level": "satisfied"}
    assert "rating-thanks" in client.post(f"/kiosk/rate/t/{token}", data=form).get_data(
        as_text=True
    )
    assert _ratings(app)[0].channel == "kiosk"
    again = client.get(f"/kiosk/rate/t/{token}").get_data(as_text=True)
    assert "rating-button" not in again


def test_staff_read_their_own_ratings_and_managers_all(app, client, runner):
    add_account(runner, "lan", "staff")
    add_account(runner, "hoa", "manager")
    add_account(runner, "tuan", "volunteer")
    lan = _staff_id(app, "lan")
    mine, other = served(app, 1, lan), served(app, 2, None)
    for token, rating in (
        (mine, {"level": "very_satisfied"}),
        (other, {"level": "unsatisfied", "reasons": ["waited_too_long", "unclear_guidance"]}),
    ):
        answer = client.post(f"/api/v1/tickets/{token}/rating", json=rating)
        assert answer.status_code == 201
    staff_page = signed_in(app, "lan").get("/staff/ratings").get_data(as_text=True)
    counts = staff_page.split('class="rating-counts"')[1].split("</table>")[0]
    assert re.search(r"<td>1</td>", counts) and staff_page.count("<td>1</td>") >= 1
    assert "rating-recent" in staff_page and staff_page.count("<tr><td>") == 1
    manager = signed_in(app, "hoa")
    every = manager.get("/admin/ratings?lang=en").get_data(as_text=True)
    assert every.count("<tr><td>") == 2
    assert "The guidance was unclear, Waited too long" in every  # the reasons, in words
    narrowed = manager.get(f"/admin/ratings?staff={lan}").get_data(as_text=True)
    assert narrowed.count("<tr><td>") == 1
    assert manager.get("/admin/ratings?service=abc").status_code == 400
    assert signed_in(app, "tuan").get("/admin/ratings").status_code == 403
    assert signed_in(app, "lan").get("/admin/ratings").status_code == 403
