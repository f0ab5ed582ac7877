"""Counters calling at the same moment take the queue's head in turn: the calls come out in
issue order (and priority order), never twice, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Counter, Service, Ticket, TicketEvent
from kiosk.queue import calling
from tests.queue_support import MONDAY, demo_queue, issue

DESKS = 6
TICKETS = 60


def open_desks(app, service_id: int) -> list[int]:
    """Counters 11.. all serving one service, beside the demo's."""
    with app.app_context(), database().session() as session:
        service = session.get_one(Service, service_id)
        for number in range(11, 11 + DESKS):
            session.add(Counter(number=number, name="", services=[service]))
    return list(range(11, 11 + DESKS))


def call_all_at_once(app, desks: list[int]) -> list[BaseException]:
    start, errors = threading.Barrier(len(desks)), []

    def desk(number: int) -> None:
        try:
            start.wait()
            with app.app_context():
                sessions = database().locking_sessions
                while calling.call_next(sessions, number, MONDAY) is not None:
                    pass
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=desk, args=(n,)) for n in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def calls_in_commit_order(app) -> list[str]:
    """The tickets in the order their calls were made (event ids follow the transactions,
    which one counter at a time holds the queue for)."""
    with app.app_context(), database().sessions() as session:
        return list(
            session.scalars(
                select(Ticket.code)
                .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
                .where(TicketEvent.kind == "called")
                .order_by(TicketEvent.id)
            )
        )


def test_counters_calling_at_once_take_the_head_in_order_never_twice(app):
    service = demo_queue(app)["A"]
    desks = open_desks(app, service)
    tickets = [issue(app, service).code for _ in range(TICKETS)]
    assert call_all_at_once(app, desks) == []
    calls = calls_in_commit_order(app)
    assert len(calls) == len(set(calls)) == TICKETS
    assert calls == tickets


def test_priority_tickets_still_come_first_when_counters_call_at_once(app):
    service = demo_queue(app)["A"]
    desks = open_desks(app, service)
    flags = [("elderly" if n % 5 == 4 else None) for n in range(TICKETS)]
    issued = [issue(app, service, priority=flag) for flag in flags]
    expected = [t.code for t, f in zip(issued, flags, strict=True) if f] + [
        t.code for t, f in zip(issued, flags, strict=True) if not f
    ]
    assert call_all_at_once(app, desks) == []
    assert calls_in_commit_order(app) == expected
