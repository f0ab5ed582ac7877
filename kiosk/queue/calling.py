"""Counter actions: call the next ticket, recall, transfer, park, no-show, served.

Every action runs in one locking transaction and leaves a TicketEvent with its counter and
staff member. Calling next first locks the rows of the counter's services (in id order), so
counters sharing a queue take its head one after the other; the take itself is a conditional
UPDATE (status still "waiting"), so a ticket is never called twice, on SQLite or PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Counter, Service, Ticket, TicketEvent
from kiosk.models.base import utcnow
from kiosk.models.queue import TicketStatus
from kiosk.refusals import Refused

from . import estimate
from .ahead import priority_due, regular_streak
from .ttl_cache import facts
from .waiting import waiting_tickets

CLAIM_ATTEMPTS = 5


class ActionRefused(Refused):
    """`reason`: unknown_counter, unknown_service, unknown_ticket, no_current, busy,
    finish_current."""


@dataclass(frozen=True)
class Called:
    ticket_id: int
    code: str
    counter_number: int
    service_id: int


def call_next(
    sessions: sessionmaker, counter_number: int, today: date, staff_id: int | None = None
) -> Called | None:
    """Finish the counter's current ticket as served and call the next one (None: nobody)."""
    with sessions() as session, session.begin():
        counter = _counter(session, counter_number)
        _finish_current(session, counter, staff_id)
        _lock_queues(session, counter)
        for _ in range(CLAIM_ATTEMPTS):
            candidate = next_candidate(session, counter, today)
            if candidate is None:
                return None
            if _claim(session, candidate, counter, staff_id, TicketStatus.WAITING):
                return _called(candidate, counter)
        raise ActionRefused("busy")


def call_ticket(
    sessions: sessionmaker, counter_number: int, ticket_id: int, staff_id: int | None = None
) -> Called:
    """Call one chosen ticket: a parked one coming back, or a waiting one out of turn."""
    with sessions() as session, session.begin():
        counter = _counter(session, counter_number)
        ticket = _ticket_here(session, counter, ticket_id)
        _finish_current(session, counter, staff_id)
        if not _claim(session, ticket, counter, staff_id, ticket.status):
            raise ActionRefused("busy")
        return _called(ticket, counter)


def _ticket_here(session: Session, counter: Counter, ticket_id: int) -> Ticket:
    """A ticket this counter may act on: parked here, or waiting for one of its services."""
    ticket = session.get(Ticket, ticket_id)
    served = {service.id for service in counter.services}
    if ticket is not None and (
        (ticket.status == TicketStatus.PARKED and ticket.counter_id == counter.id)
        or (ticket.status == TicketStatus.WAITING and ticket.queue_service_id in served)
    ):
        return ticket
    raise ActionRefused("unknown_ticket")


def recall(sessions: sessionmaker, counter_number: int, staff_id: int | None = None) -> Called:
    """Call the current ticket again (the hall display and speech repeat it)."""
    with sessions() as session, session.begin():
        counter = _counter(session, counter_number)
        ticket = _current_or_refuse(session, counter)
        _event(session, ticket, "recalled", counter, staff_id)
        return _called(ticket, counter)


def finish(
    sessions: sessionmaker, counter_number: int, outcome: str, staff_id: int | None = None
) -> Called:
    """End the current ticket: `outcome` is "served", "no_show" or "parked"."""
    with sessions() as session, session.begin():
        return finish_current(session, counter_number, outcome, staff_id)


def finish_current(
    session: Session, counter_number: int, outcome: str, staff_id: int | None = None
) -> Called:
    """`finish` inside the caller's transaction: the help desk records a visit's outcomes
    in the same one (kiosk/events/outcomes.py)."""
    if outcome not in (TicketStatus.SERVED, TicketStatus.NO_SHOW, TicketStatus.PARKED):
        raise ValueError(outcome)
    counter = _counter(session, counter_number)
    ticket = _current_or_refuse(session, counter)
    _set_status(session, ticket, outcome, counter, staff_id)
    return _called(ticket, counter)


def transfer(
    sessions: sessionmaker,
    counter_number: int,
    service_id: int,
    staff_id: int | None = None,
) -> Called:
    """Send the current ticket to another service's queue; it keeps its number and place."""
    with sessions() as session, session.begin():
        counter = _counter(session, counter_number)
        ticket = _current_or_refuse(session, counter)
        if session.get(Service, service_id) is None:
            raise ActionRefused("unknown_service")
        detail = {"from": ticket.queue_service_id, "to": service_id}
        ticket.status, ticket.queue_service_id = TicketStatus.WAITING, service_id
        ticket.counter_id = ticket.called_at = None
        _event(session, ticket, "transferred", counter, staff_id, detail)
        return _called(ticket, counter)


def cancel(
    sessions: sessionmaker, counter_number: int, ticket_id: int, staff_id: int | None = None
) -> Called:
    """Cancel a waiting or parked ticket of this counter (the citizen left, or asked)."""
    with sessions() as session, session.begin():
        counter = _counter(session, counter_number)
        ticket = _ticket_here(session, counter, ticket_id)
        if not _move(
            session, ticket, ticket.status, status=TicketStatus.CANCELLED, finished_at=utcnow()
        ):
            raise ActionRefused("busy")  # a counter called it at this very moment
        _event(session, ticket, "cancelled", counter, staff_id)
        return _called(ticket, counter)


def close_counter(sessions: sessionmaker, counter_number: int) -> None:
    """Staff leave: the wait estimate stops counting this counter. Its current ticket must
    be finished first, or the hall and the citizen's phone would go on showing the call."""
    with sessions() as session, session.begin():
        counter = _counter(session, counter_number)
        if current_ticket(session, counter) is not None:
            raise ActionRefused("finish_current")
        counter.open_since = None
        facts(session).forget()


def next_candidate(session: Session, counter: Counter, today: date) -> Ticket | None:
    """The ticket the counter should call now, by each service's priority policy
    (kiosk/queue/ahead.py). Among the services' picks, a policy's priority pick goes first,
    then the earliest issued."""
    picks = []
    for service in counter.services:
        waiting = waiting_tickets(service.id, today)
        first = session.scalar(waiting.order_by(Ticket.id).limit(1))
        if first is None:
            continue
        priority = None
        policy = service.priority_policy
        if priority_due(policy, regular_streak(session, service.id, today, policy)):
            priority = session.scalar(
                waiting.where(Ticket.priority.is_not(None)).order_by(Ticket.id).limit(1)
            )
        picks.append((priority is None, (priority or first).id, priority or first))
    return min(picks, key=lambda pick: pick[:2])[2] if picks else None


def _lock_queues(session: Session, counter: Counter) -> None:
    """Wait for the other counters calling from the same queues, so that each takes the head
    of the queue in turn: skipping a head another counter holds (SKIP LOCKED) would call
    tickets out of order. Locked in id order, so two counters never wait for each other.
    FOR NO KEY UPDATE leaves issuing free: its ticket row only key-shares the service."""
    ids = sorted(service.id for service in counter.services)
    if ids:
        session.execute(
            select(Service.id)
            .where(Service.id.in_(ids))
            .order_by(Service.id)
            .with_for_update(key_share=True)
        ).all()


def _counter(session: Session, number: int) -> Counter:
    # The counter's row lock serialises its own actions (a double click, two open consoles).
    counter = session.scalar(select(Counter).where(Counter.number == number).with_for_update())
    if counter is None:
        raise ActionRefused("unknown_counter")
    if counter.open_since is None or counter.open_since < utcnow() - estimate.OPEN_FOR:
        counter.open_since = utcnow()  # opened today (yesterday's opening no longer counts)
        facts(session).forget()  # one more counter open: shorter waits
    return counter


def current_ticket(session: Session, counter: Counter) -> Ticket | None:
    return session.scalar(
        select(Ticket)
        .where(Ticket.counter_id == counter.id, Ticket.status == TicketStatus.CALLED)
        .order_by(Ticket.called_at.desc())
        .limit(1)
    )


def _current_or_refuse(session: Session, counter: Counter) -> Ticket:
    ticket = current_ticket(session, counter)
    if ticket is None:
        raise ActionRefused("no_current")
    return ticket


def _finish_current(session: Session, counter: Counter, staff_id: int | None) -> None:
    ticket = current_ticket(session, counter)
    if ticket is not None:
        _set_status(session, ticket, TicketStatus.SERVED, counter, staff_id)


def _set_status(session, ticket: Ticket, status: str, counter, staff_id) -> None:
    ticket.status = status
    if status in (TicketStatus.SERVED, TicketStatus.NO_SHOW):
        ticket.finished_at = utcnow()
        facts(session).forget()  # a new service duration for the median
    _event(session, ticket, status, counter, staff_id)


def _claim(session, ticket: Ticket, counter, staff_id, from_status: str) -> bool:
    now = utcnow()
    taken = _move(
        session,
        ticket,
        from_status,
        status=TicketStatus.CALLED,
        counter_id=counter.id,
        called_at=now,
    )
    if taken:
        _event(session, ticket, "called", counter, staff_id, at=now)
    return taken


def _move(session, ticket: Ticket, from_status: str, **values) -> bool:
    """Change a ticket only if its status is still the one we read: another counter may be
    acting on it at this very moment, and then this change must not happen."""
    moved = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.status == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved:
        session.refresh(ticket)
    return bool(moved)


def _event(session, ticket, kind, counter, staff_id, detail=None, at: datetime | None = None):
    session.flush()
    session.execute(
        insert(TicketEvent),
        {
            "ticket_id": ticket.id,
            "kind": kind,
            "at": at or utcnow(),
            "counter_id": counter.id,
            "staff_id": staff_id,
            "detail": detail or {},
        },
    )


def _called(ticket: Ticket, counter: Counter) -> Called:
    return Called(ticket.id, ticket.code, counter.number, ticket.queue_service_id)
