"""Issuing a ticket: one transaction takes the next number under a lock, inserts the ticket,
its "issued" event and its print job. Printing happens after commit, so a printer fault never
loses or duplicates a number; a repeated idempotency key returns the same ticket."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import DailySequence, PrintJob, Service, Ticket, TicketEvent

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


def issue_ticket(
    sessions: sessionmaker, request: IssueRequest, timezone: str, now: datetime | None = None
) -> Ticket:
    """Issue (or, for a known idempotency key, find) a ticket; raise IssueRefused."""
    if request.idempotency_key:
        existing = _find_by_key(sessions, request.idempotency_key)
        if existing is not None:
            return existing
    try:
        with sessions() as session, session.begin():
            return _issue(session, request, local_now(timezone, now))
    except IntegrityError:
        # The same key raced in from another request: it won, its ticket is the answer.
        existing = (
            _find_by_key(sessions, request.idempotency_key) if request.idempotency_key else None
        )
        if existing is None:
            raise
        return existing


def _find_by_key(sessions: sessionmaker, key: str) -> Ticket | None:
    with sessions() as session:
        return session.scalar(select(Ticket).where(Ticket.idempotency_key == key))


def _issue(session: Session, request: IssueRequest, moment: datetime) -> Ticket:
    service = session.get(Service, request.service_id)
    if service is None:
        raise IssueRefused("unknown_service")
    if not is_open(service.opening_hours, moment):
        raise IssueRefused("closed")
    day = moment.date()
    number = next_number(session, service.id, day)
    if service.daily_quota is not None and number > service.daily_quota:
        raise IssueRefused("quota")  # the rollback gives the number back: no gap
    ticket = Ticket(
        service_id=service.id,
        day=day,
        number=number,
        code=CODE_FORMAT.format(prefix=service.prefix, number=number),
        priority=request.priority,
        procedure_code=request.procedure_code,
        token=secrets.token_urlsafe(16),
        idempotency_key=request.idempotency_key,
        device_id=request.device_id,
    )
    session.add(ticket)
    session.flush()
    session.add(TicketEvent(ticket_id=ticket.id, kind="issued"))
    session.add(PrintJob(ticket_id=ticket.id, device_id=request.device_id, kind="ticket"))
    return ticket


def next_number(session: Session, service_id: int, day) -> int:
    """Bump the (service, day) sequence row and return the new number.

    The UPDATE holds the row lock (PostgreSQL) or the write lock (SQLite, BEGIN IMMEDIATE)
    until the transaction ends, so concurrent issuers queue up instead of colliding."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(DailySequence)
        .values(service_id=service_id, day=day, last_number=0)
        .on_conflict_do_nothing()
    )
    return session.execute(
        update(DailySequence)
        .where(DailySequence.service_id == service_id, DailySequence.day == day)
        .values(last_number=DailySequence.last_number + 1)
        .returning(DailySequence.last_number)
    ).scalar_one()


def people_ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets of the same service and day issued before this one."""
    return session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.service_id == ticket.service_id,
            Ticket.day == ticket.day,
            Ticket.status == "waiting",
            Ticket.number < ticket.number,
        )
    )
