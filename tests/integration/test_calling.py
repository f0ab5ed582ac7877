"""Counters call tickets: order, priority policies, the other actions, and no double calls."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Counter, Service, Ticket, TicketEvent
from kiosk.models.base import utcnow
from kiosk.queue import calling
from kiosk.queue.calling import ActionRefused
from kiosk.queue.estimate import queue_facts
from kiosk.queue.issue import find_by_token
from kiosk.queue.ttl_cache import facts
from tests.queue_support import MONDAY, demo_queue, issue


@pytest.fixture
def services(app):
    return demo_queue(app)


def call_next(app, counter=1, staff=None):
    with app.app_context():
        return calling.call_next(database().locking_sessions, counter, MONDAY, staff)


def act(app, function, *args):
    with app.app_context():
        return function(database().locking_sessions, *args)


def ticket(app, ticket_id) -> Ticket:
    with app.app_context(), database().sessions() as session:
        return session.get(Ticket, ticket_id)


def events(app, ticket_id) -> list[tuple[str, int | None, int | None]]:
    with app.app_context(), database().sessions() as session:
        rows = session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        )
        return [(e.kind, e.counter_id, e.staff_id) for e in rows]


def set_policy(app, service_id, policy):
    with app.app_context(), database().session() as session:
        session.get(Service, service_id).priority_policy = policy


def test_a_counter_calls_in_issue_order_and_serves_the_previous_ticket(app, services):
    first, second = issue(app, services["A"]), issue(app, services["A"])
    assert call_next(app, staff=7).code == "A-001"
    assert call_next(app, staff=7).code == "A-002"
    assert ticket(app, first.id).status == "served"
    assert ticket(app, first.id).finished_at is not None
    assert ticket(app, second.id).status == "called"
    assert [kind for kind, *_ in events(app, first.id)] == ["issued", "called", "served"]
    assert events(app, first.id)[1][2] == 7  # the staff member is kept with the event
    assert call_next(app) is None  # nobody left: the second is served, nothing called


def test_a_counter_only_calls_the_services_it_serves(app, services):
    issue(app, services["C"])
    assert call_next(app, counter=1) is None
    assert call_next(app, counter=3).code == "C-001"


def test_strict_policy_calls_priority_tickets_first(app, services):
    issue(app, services["A"])
    issue(app, services["A"], priority="elderly")
    assert call_next(app).code == "A-002"
    assert call_next(app).code == "A-001"


def test_every_n_policy_calls_one_priority_ticket_after_n_others(app, services):
    set_policy(app, services["A"], "every:2")
    for priority in (None, None, None, "pregnant"):
        issue(app, services["A"], priority=priority)
    calls = [call_next(app).code for _ in range(4)]
    assert calls == ["A-001", "A-002", "A-004", "A-003"]


def places(app, tickets) -> dict[str, int]:
    with app.app_context(), database().sessions() as session:
        return {t.code: find_by_token(session, t.token).people_ahead for t in tickets}


@pytest.mark.parametrize("policy", ["strict", "every:2"])
def test_people_ahead_is_the_place_in_which_counters_really_call(app, services, policy):
    set_policy(app, services["A"], policy)
    issue(app, services["A"])
    call_next(app)  # one regular call made: every:2 is one call away from a priority one
    flags = [None, None, "elderly", None, "pregnant", None]
    tickets = [issue(app, services["A"], priority=flag) for flag in flags]
    told = places(app, tickets)
    called = [call_next(app).code for _ in tickets]
    assert {code: called.index(code) for code in told} == told
    if policy == "strict":  # the priority tickets jump the queue
        assert called[:2] == ["A-004", "A-006"] and told["A-002"] == 2


def test_issuing_tells_a_priority_ticket_its_real_place(app, services):
    for _ in range(3):
        issue(app, services["A"])
    assert issue(app, services["A"], priority="elderly").people_ahead == 0
    assert issue(app, services["A"], priority="elderly").people_ahead == 1
    assert issue(app, services["A"]).people_ahead == 5


def test_recall_park_call_back_no_show_and_transfer(app, services):
    first = issue(app, services["A"])
    second = issue(app, services["A"])
    call_next(app)
    assert act(app, calling.recall, 1).code == "A-001"
    act(app, calling.finish, 1, "parked")
    assert ticket(app, first.id).status == "parked"
    assert call_next(app).code == "A-002"  # parking freed the counter
    act(app, calling.transfer, 1, services["B"])
    moved = ticket(app, second.id)
    assert (moved.status, moved.queue_service_id, moved.code) == ("waiting", services["B"], "A-002")
    assert call_next(app, counter=3).code == "A-002"  # counter 3 serves B
    assert act(app, calling.call_ticket, 1, first.id).code == "A-001"  # back from parking
    act(app, calling.finish, 1, "no_show")
    assert ticket(app, first.id).status == "no_show"
    kinds = [kind for kind, *_ in events(app, first.id)]
    assert kinds == ["issued", "called", "recalled", "parked", "called", "no_show"]
    assert [kind for kind, *_ in events(app, second.id)][-2:] == ["transferred", "called"]


def test_actions_without_a_current_ticket_are_refused(app, services):
    with pytest.raises(ActionRefused) as refused:
        act(app, calling.recall, 1)
    assert refused.value.reason == "no_current"
    with pytest.raises(ActionRefused) as refused:
        call_next(app, counter=99)
    assert refused.value.reason == "unknown_counter"
    other = issue(app, services["D"])
    with pytest.raises(ActionRefused) as refused:
        act(app, calling.call_ticket, 1, other.id)  # counter 1 does not serve D
    assert refused.value.reason == "unknown_ticket"


def test_two_counters_calling_at_once_never_get_the_same_ticket(app, services):
    for _ in range(24):
        issue(app, services["A"])
    called, errors = [], []

    def counter_desk(number):
        try:
            while (result := call_next(app, counter=number)) is not None:
                called.append(result.ticket_id)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    desks = [threading.Thread(target=counter_desk, args=(n,)) for n in (1, 2, 1, 2)]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join()
    assert errors == []
    assert len(called) == len(set(called)) == 24


def test_wait_estimate_counts_open_counters_and_todays_median(app, services):
    for _ in range(3):
        issue(app, services["A"])
    with app.app_context(), database().sessions() as session:
        assert queue_facts(session, services["A"], MONDAY) == (3, 2, None)  # none open: all
    call_next(app)
    call_next(app)  # serves A-001: one measured duration
    with app.app_context(), database().sessions() as session:
        ahead, counters, minutes = queue_facts(session, services["A"], MONDAY)
        opened = session.scalars(select(Counter.number).where(Counter.open_since.is_not(None)))
        assert (ahead, counters, list(opened)) == (1, 1, [1])
        assert minutes is not None and minutes >= 0


def test_a_cancelled_ticket_is_kept_with_its_event_and_never_called(app, services):
    first, second = issue(app, services["A"]), issue(app, services["A"])
    assert act(app, calling.cancel, 1, first.id, 3).code == "A-001"
    assert call_next(app).code == "A-002"
    assert ticket(app, first.id).status == "cancelled"
    assert events(app, first.id)[-1][0] == "cancelled"
    with pytest.raises(ActionRefused):
        act(app, calling.cancel, 1, second.id)  # being served: not cancellable


def test_a_counter_closes_only_after_its_current_ticket_and_reopens_each_day(app, services):
    issue(app, services["A"])
    call_next(app)
    with pytest.raises(ActionRefused) as refused:
        act(app, calling.close_counter, 1)
    assert refused.value.reason == "finish_current"
    act(app, calling.finish, 1, "served")
    act(app, calling.close_counter, 1)
    with app.app_context(), database().session() as session:
        counter = session.query(Counter).filter_by(number=2).one()
        counter.open_since = utcnow() - timedelta(days=1)  # left open yesterday
    issue(app, services["A"])
    with app.app_context(), database().sessions() as session:
        facts(session).forget()
        assert queue_facts(session, services["A"], MONDAY)[1] == 2  # none open today: all
