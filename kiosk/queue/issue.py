"""Issuing a ticket: one transaction takes the next number under a lock, inserts the ticket,
its "issued" event and its print job. Printing happens after commit, so a printer fault never
loses or duplicates a number; a repeated idempotency key returns the same ticket.

This is the hot path of a busy morning, so it speaks SQL Core, not the ORM's unit of work."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Counter, DailySequence, PrintJob, Service, Ticket, TicketEvent
from kiosk.models.base import utcnow
from kiosk.models.queue import PrintJobStatus, TicketStatus
from kiosk.refusals import Refused

from .ahead import Place
from .calendar import center_calendar
from .estimate import queue_facts
from .hours import is_open, local_now
from .reception import ticket_counters
from .ttl_cache import facts


@dataclass(frozen=True)
class CodeStyle:
    """How a number is shown: A-007 by default (KIOSK_TICKET_SEPARATOR, KIOSK_TICKET_DIGITS)."""

    separator: str = "-"
    digits: int = 3  # at least; 1000 and on keep all their digits

    def code(self, prefix: str, number: int) -> str:
        return f"{prefix}{self.separator}{number:0{self.digits}d}"


class IssueRefused(Refused):
    """A ticket cannot be issued now; `reason` is "closed", "quota" or "unknown_service" (a
    retired service too); `closure` names the holiday or day off that closes the day."""

    def __init__(self, reason: str, closure: str | None = None):
        super().__init__(reason)
        self.closure = closure


@dataclass(frozen=True)
class IssueRequest:
    service_id: int
    idempotency_key: str | None = None
    priority: str | None = None
    procedure_code: str | None = None
    device_id: int | None = None
    locale: str = "vi"
    help_topic: str | None = None  # a help desk's ticket: the topic asked about


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
    status: str = TicketStatus.WAITING
    counter_number: int | None = None  # where to go, once called
    minutes_per_ticket: float | None = None  # today's measured median, when there is one
    day: date | None = None  # the local day it was issued for
    serving_counters: tuple[int, ...] = ()  # where to go: kiosk/queue/reception.py
    service_kind: str = "queue"  # "help": called to a help desk, not a counter (kiosk/events)
    help_topic: str | None = None  # the help topic chosen at the kiosk, for a help desk's


def issue_ticket(
    sessions: sessionmaker,
    request: IssueRequest,
    timezone: str,
    now: datetime | None = None,
    style: CodeStyle = CodeStyle(),
) -> Issued:
    """Issue (or, for a known idempotency key, find) a ticket; raise IssueRefused.

    A repeated key is caught by its unique index when the ticket row goes in: the rollback
    gives the number back, and the ticket issued the first time is the answer."""
    with sessions() as session:
        try:
            with session.begin():
                return _issue(session.connection(), request, local_now(timezone, now), style)
        except (IntegrityError, IssueRefused):
            existing = request.idempotency_key and _find_by_key(session, request.idempotency_key)
            if not existing:
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
    service = session.get_one(Service, ticket.queue_service_id)
    place = Place(service.priority_policy, ticket.priority is not None, ticket.id)
    ahead, counters, minutes = queue_facts(session, service.id, ticket.day, place)
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return Issued(
        ticket.id,
        ticket.code,
        ticket.number,
        ticket.token,
        service.id,
        service.prefix,
        dict(service.names or {}),
        ahead if ticket.status == TicketStatus.WAITING else 0,
        counters,
        ticket.status,
        counter.number if counter else None,
        minutes,
        ticket.day,
        ticket_counters(session, service.id, ticket.procedure_code),
        service.kind,
        ticket.help_topic,
    )


def _issue(
    connection: Connection, request: IssueRequest, moment: datetime, style: CodeStyle
) -> Issued:
    service = facts(connection).remembered(
        ("service", request.service_id),
        lambda: connection.execute(_SERVICE, {"id": request.service_id}).one_or_none(),
    )
    if service is None or service.retired_at is not None:
        raise IssueRefused("unknown_service")
    calendar = center_calendar(connection)
    if not is_open(service.opening_hours, moment, calendar):
        raise IssueRefused("closed", calendar.closure(moment.date()))
    day = moment.date()
    # Read what the estimate needs before taking the number: from the number on, other
    # issuers wait for this transaction, so it holds the lock for a few inserts only.
    place = Place(service.priority_policy, request.priority is not None)
    ahead, counters, minutes = queue_facts(connection, service.id, day, place)
    token, now = secrets.token_urlsafe(16), utcnow()
    row = {
        "service_id": service.id,
        "day": day,
        "priority": request.priority,
        "procedure_code": request.procedure_code,
        "token": token,
        "idempotency_key": request.idempotency_key,
        "device_id": request.device_id,
        "now": now,
        "locale": request.locale,
        "help_topic": request.help_topic,
        "separator": style.separator,
        "digits": style.digits,
    }
    if connection.dialect.name == "postgresql":
        ticket_id, number, code = _take_number_postgresql(connection, service, row)
    else:
        ticket_id, number, code = _take_number(connection, service, row)
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
        day=day,
        serving_counters=ticket_counters(connection, service.id, request.procedure_code),
    )


def _take_number(connection: Connection, service, row: dict) -> tuple[int, int, str]:
    """Bump the sequence, then insert the ticket, its event and its print job."""
    number = next_number(connection, service.id, row["day"])
    if service.daily_quota is not None and number > service.daily_quota:
        raise IssueRefused("quota")  # the rollback gives the number back: no gap
    code = CodeStyle(row["separator"], row["digits"]).code(service.prefix, number)
    ticket = {
        "service_id": service.id,
        "queue_service_id": service.id,
        "day": row["day"],
        "number": number,
        "code": code,
        "status": TicketStatus.WAITING,
        "priority": row["priority"],
        "procedure_code": row["procedure_code"],
        "token": row["token"],
        "idempotency_key": row["idempotency_key"],
        "device_id": row["device_id"],
        "issued_at": row["now"],
        "locale": row["locale"],
        "help_topic": row["help_topic"],
    }
    ticket_id = connection.execute(_INSERT_TICKET, ticket).scalar_one()
    event = {"ticket_id": ticket_id, "kind": "issued", "at": row["now"], "detail": {}}
    connection.execute(_INSERT_EVENT, event)
    job = {
        "ticket_id": ticket_id,
        "device_id": row["device_id"],
        "kind": "ticket",
        "status": PrintJobStatus.PENDING,
        "attempts": 0,
        "last_error": "",
        "created_at": row["now"],
    }
    connection.execute(_INSERT_JOB, job)
    return ticket_id, number, code


def _take_number_postgresql(connection: Connection, service, row: dict) -> tuple[int, int, str]:
    """The same in one statement: the sequence row stays locked for one round trip and the
    commit only, instead of four, which is what limits tickets per second on one service."""
    values = {**row, "prefix": service.prefix, "quota": service.daily_quota}
    number, ticket_id, code = connection.execute(_TAKE_NUMBER_POSTGRESQL, values).one()
    if ticket_id is None:
        raise IssueRefused("quota")  # the rollback gives the number back: no gap
    return ticket_id, number, code


# Built once: the hot path of a busy morning only binds values and runs them.
_SERVICE = select(
    Service.id,
    Service.prefix,
    Service.names,
    Service.opening_hours,
    Service.daily_quota,
    Service.priority_policy,
    Service.retired_at,
).where(Service.id == bindparam("id"))
_TICKET = cast(Table, Ticket.__table__)
_INSERT_TICKET = insert(_TICKET).returning(_TICKET.c.id)
_INSERT_EVENT = insert(cast(Table, TicketEvent.__table__))
_INSERT_JOB = insert(cast(Table, PrintJob.__table__))
_NEXT_NUMBER: dict[str, Any] = {}
# The code is formatted as CodeStyle.code does: prefix, separator, the number with at least
# `digits` digits (tests/integration/test_tickets.py checks that the two agree).
_TAKE_NUMBER_POSTGRESQL = text(
    """
    WITH seq AS (
        INSERT INTO daily_sequence (service_id, day, last_number)
        VALUES (:service_id, :day, 1)
        ON CONFLICT (service_id, day)
        DO UPDATE SET last_number = daily_sequence.last_number + 1
        RETURNING last_number
    ), new_ticket AS (
        INSERT INTO ticket (service_id, queue_service_id, day, number, code, status, priority,
                            procedure_code, token, idempotency_key, device_id, issued_at, locale,
                            help_topic)
        SELECT :service_id, :service_id, :day, last_number,
               :prefix || :separator || lpad(
                   last_number::text,
                   greatest(CAST(:digits AS integer), length(last_number::text)),
                   '0'
               ),
               'waiting', :priority, :procedure_code, :token, :idempotency_key, :device_id,
               :now, :locale, :help_topic
        FROM seq
        WHERE CAST(:quota AS integer) IS NULL OR last_number <= CAST(:quota AS integer)
        RETURNING id, code
    ), new_event AS (
        INSERT INTO ticket_event (ticket_id, kind, at, detail)
        SELECT id, 'issued', :now, '{}'::json FROM new_ticket
    ), new_job AS (
        INSERT INTO print_job (ticket_id, device_id, kind, status, attempts, last_error,
                               created_at)
        SELECT id, :device_id, 'ticket', 'pending', 0, '', :now FROM new_ticket
    )
    SELECT seq.last_number, new_ticket.id, new_ticket.code FROM seq LEFT JOIN new_ticket ON true
    """
)


def next_number(connection: Connection, service_id: int, day: date) -> int:
    """Bump the (service, day) sequence row, creating it at 1, and return the new number.

    One upsert statement: it holds the row lock (PostgreSQL) or the write lock (SQLite,
    BEGIN IMMEDIATE) until the transaction ends, so concurrent issuers queue up."""
    dialect = connection.dialect.name
    if dialect not in _NEXT_NUMBER:
        table = cast(Table, DailySequence.__table__)
        upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
        _NEXT_NUMBER[dialect] = (
            upsert.values(service_id=bindparam("service_id"), day=bindparam("day"), last_number=1)
            .on_conflict_do_update(
                index_elements=[table.c.service_id, table.c.day],
                set_={"last_number": table.c.last_number + 1},
            )
            .returning(table.c.last_number)
        )
    statement = _NEXT_NUMBER[dialect]
    return connection.execute(statement, {"service_id": service_id, "day": day}).scalar_one()
