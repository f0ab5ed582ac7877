"""What the hall display shows: each counter's current call, the last calls, the queues.

Every change to a ticket adds a TicketEvent, so the newest event id is a version of the
whole board: displays poll that one cheap number and fetch the board only when it moves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Dialect, func, select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Service, Ticket, TicketEvent
from kiosk.models.queue import TicketStatus

from .waiting import waiting_per_service

RECENT_CALLS = 6
CALL_KINDS = ("called", "recalled")
HELP = "help"  # the kind of the help desks and of their service (kiosk/events)

VERSION = select(func.max(TicketEvent.id))


def board_version(session: Session | Connection) -> int:
    """The newest ticket event id (0 before the first): it moves whenever the board can."""
    return session.execute(VERSION).scalar() or 0


def board_version_sql(dialect: Dialect) -> str:
    """The same query as plain SQL, for a caller that runs it on a bare driver connection."""
    return str(VERSION.compile(dialect=dialect))


def board(session: Session, day: date) -> dict:
    """The day's board as plain data: {"counters": [...], "calls": [...], "services": [...]}."""
    return {
        "day": day,
        "counters": current_calls(session, day),
        "calls": recent_calls(session, day),
        "services": waiting_counts(session, day),
    }


def current_calls(session: Session, day: date) -> list[dict]:
    """Every counter by number, with the ticket it has called and not finished (or None);
    `help_desk` marks the help desks, which the hall names as such."""
    rows = session.execute(
        select(Counter.number, Counter.name, Counter.kind, Ticket.code, Service.prefix)
        .outerjoin(
            Ticket,
            (Ticket.counter_id == Counter.id)
            & (Ticket.status == TicketStatus.CALLED)
            & (Ticket.day == day),
        )
        .outerjoin(Service, Service.id == Ticket.queue_service_id)
        .order_by(Counter.number, Ticket.called_at)
    )
    counters: dict[int, dict] = {}
    for number, name, kind, code, prefix in rows:
        # Ordered by call time, so a counter's latest call is the one that stays.
        current = {"code": code, "prefix": prefix} if code else None
        if current or number not in counters:
            counters[number] = {
                "number": number,
                "name": name,
                "help_desk": kind == HELP,
                "current": current,
            }
    return list(counters.values())


def recent_calls(session: Session, day: date, limit: int = RECENT_CALLS) -> list[dict]:
    """The day's last calls and recalls, newest first; a recall is a call of its own.
    `help_desk`: a ticket of the help desks' service, which the hall calls to a help desk."""
    rows = session.execute(
        select(
            TicketEvent.id,
            TicketEvent.kind,
            TicketEvent.at,
            Ticket.code,
            Counter.number,
            Service.kind,
        )
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .join(Counter, Counter.id == TicketEvent.counter_id)
        .join(Service, Service.id == Ticket.queue_service_id)
        .where(
            TicketEvent.id >= _first_event_of(day),
            TicketEvent.kind.in_(CALL_KINDS),
            Ticket.day == day,
        )
        .order_by(TicketEvent.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": id_,
            "recall": kind == "recalled",
            "at": at,
            "code": code,
            "counter": number,
            "help_desk": service_kind == HELP,
        }
        for id_, kind, at, code, number, service_kind in rows
    ]


def _first_event_of(day: date):
    """The id of the day's first event (NULL before its first ticket), as a subquery.

    Without this floor, a morning with no call yet would scan every event ever kept, back
    to the first day. Tickets and events are numbered in time order, so: walk back from the
    newest ticket to one of an earlier day (a day's rows), step to the next ticket, take
    its "issued" event; every call of the day comes after it."""
    earlier = (
        select(Ticket.id).where(Ticket.day < day).order_by(Ticket.id.desc()).limit(1)
    ).scalar_subquery()
    first_ticket = (
        select(func.min(Ticket.id)).where(Ticket.id > func.coalesce(earlier, 0)).scalar_subquery()
    )
    return (
        select(func.min(TicketEvent.id))
        .where(TicketEvent.ticket_id == first_ticket)
        .scalar_subquery()
    )


def waiting_counts(session: Session, day: date) -> list[dict]:
    """Every service by prefix with the number of its tickets waiting today."""
    waiting = waiting_per_service(day).subquery()
    rows = session.execute(
        select(Service.prefix, Service.names, func.coalesce(waiting.c.waiting, 0))
        .outerjoin(waiting, waiting.c.queue_service_id == Service.id)
        .where(Service.retired_at.is_(None))
        .order_by(Service.prefix)
    )
    return [
        {"prefix": prefix, "names": dict(names or {}), "waiting": count}
        for prefix, names, count in rows
    ]
