"""Issuing a ticket: one transaction takes the next number under a lock, inserts the ticket,
its "issued" event and its print job. Printing happens after commit, so a printer fault never
loses or duplicates a number; a repeated idempotency key returns the same ticket.

This is the hot path of a busy morning, so it speaks SQL Core, not the ORM's unit of work."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Counter, DailySequence, PrintJob, Service, Ticket, TicketEvent
from kiosk.models.base import utcnow

from .estimate import queue_facts
from .hours import is_open, local_now

CODE_FORMAT = "{prefix}-{number:03d}"


class IssueRefused(Exception):
    """A ticket cannot be issued now; `reason` is "closed", "quota" or "unknown_service"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IssueRequest:
    service_id: int
    idempotency_key: str | None = None
    priority: str | None = None
    procedure_code: str | None = None
    device_id: int | None = None
    locale: str = "vi"


@dataclass(frozen=True)
class Issued:
    """What the kiosk shows and prints about a new (or repeated) ticket."""

    id: int
    code: str
    number: int
    token: str
    service_id: int
    service_prefix: str
    service_names: dict
    people_ahead: int
    counters: int
    status: str = "waiting"
    counter_number: int | None = None  # where to go, once called
    minutes_per_ticket: float | None = None  # today's measured median, when there is one


def issue_ticket(
    sessions: sessionmaker, request: IssueRequest, timezone: str, now: datetime | None = None
) -> Issued:
    """Issue (or, for a known idempotency key, find) a ticket; raise IssueRefused."""
    with sessions() as session:
        try:
            with session.begin():
                known = request.idempotency_key and _find_by_key(session, request.idempotency_key)
                return known or _issue(session, request, local_now(timezone, now))
        except IntegrityError:
            # The same key raced in from another request (PostgreSQL): its ticket is the answer.
            existing = _find_by_key(session, request.idempotency_key or "")
            if existing is None:
                raise
            return existing


def _find_by_key(session: Session, key: str) -> Issued | None:
    return _find(session, Ticket.idempotency_key == key)


def find_by_token(session: Session, token: str) -> Issued | None:
    """The ticket a phone status page (/t/TOKEN) shows."""
    return _find(session, Ticket.token == token)


def _find(session: Session, condition) -> Issued | None:
    ticket = session.scalar(select(Ticket).where(condition))
    if ticket is None:
        return None
    service = session.get(Service, ticket.queue_service_id)
    ahead, counters, minutes = queue_facts(session, service.id, ticket.day, before=ticket.id)
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return Issued(
        ticket.id,
        ticket.code,
        ticket.number,
        ticket.token,
        service.id,
        service.prefix,
        dict(service.names or {}),
        ahead if ticket.status == "waiting" else 0,
        counters,
        ticket.status,
        counter.number if counter else None,
        minutes,
    )


def _issue(session: Session, request: IssueRequest, moment: datetime) -> Issued:
    service = session.get(Service, request.service_id)
    if service is None:
        raise IssueRefused("unknown_service")
    if not is_open(service.opening_hours, moment):
        raise IssueRefused("closed")
    day = moment.date()
    # Read what the estimate needs before taking the number: from the number on, other
    # issuers wait for this transaction, so it holds the lock for a few inserts only.
    ahead, counters, minutes = queue_facts(session, service.id, day)
    number = next_number(session, service.id, day)
    if service.daily_quota is not None and number > service.daily_quota:
        raise IssueRefused("quota")  # the rollback gives the number back: no gap
    code = CODE_FORMAT.format(prefix=service.prefix, number=number)
    token = secrets.token_urlsafe(16)
    now = utcnow()
    row = {
        "service_id": service.id,
        "queue_service_id": service.id,
        "day": day,
        "number": number,
        "code": code,
        "status": "waiting",
        "priority": request.priority,
        "procedure_code": request.procedure_code,
        "token": token,
        "idempotency_key": request.idempotency_key,
        "device_id": request.device_id,
        "issued_at": now,
        "locale": request.locale,
    }
    ticket_id = session.execute(insert(Ticket).returning(Ticket.id), row).scalar_one()
    event = {"ticket_id": ticket_id, "kind": "issued", "at": now, "detail": {}}
    session.execute(insert(TicketEvent), event)
    job = {
        "ticket_id": ticket_id,
        "device_id": request.device_id,
        "kind": "ticket",
        "status": "pending",
        "attempts": 0,
        "error": "",
        "created_at": now,
    }
    session.execute(insert(PrintJob), job)
    return Issued(
        ticket_id,
        code,
        number,
        token,
        service.id,
        service.prefix,
        dict(service.names or {}),
        ahead,
        counters,
        minutes_per_ticket=minutes,
    )


def next_number(session: Session, service_id: int, day: date) -> int:
    """Bump the (service, day) sequence row, creating it at 1, and return the new number.

    One upsert statement: it holds the row lock (PostgreSQL) or the write lock (SQLite,
    BEGIN IMMEDIATE) until the transaction ends, so concurrent issuers queue up."""
    dialect = session.get_bind().dialect.name
    upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(DailySequence)
    statement = (
        upsert.values(service_id=service_id, day=day, last_number=1)
        .on_conflict_do_update(
            index_elements=[DailySequence.service_id, DailySequence.day],
            set_={"last_number": DailySequence.last_number + 1},
        )
        .returning(DailySequence.last_number)
    )
    return session.execute(statement).scalar_one()
