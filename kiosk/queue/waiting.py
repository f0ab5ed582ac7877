"""Who is waiting: which tickets wait in a queue on a day, and how many in each queue.

A ticket waits from its issue until a counter calls it, in the queue of `queue_service_id`
(a transfer moves it to another service's queue); yesterday's leftovers wait no more."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from kiosk.models import Ticket
from kiosk.models.queue import TicketStatus


def waiting_per_service(
    day: date | ColumnElement[Any],
    service: int | ColumnElement[Any] | None = None,
) -> Select[int, int]:
    """(queue_service_id, waiting) rows, one per queue with anyone waiting on `day`.

    `service` keeps one queue; each may be a value or a bindparam."""
    query = select(Ticket.queue_service_id, func.count(Ticket.id).label("waiting")).where(
        *_waiting_on(day)
    )
    if service is not None:
        query = query.where(Ticket.queue_service_id == service)
    return query.group_by(Ticket.queue_service_id)


def oldest_waiting_per_service(day: date) -> Select[int, int, datetime]:
    """(queue_service_id, waiting, earliest issued_at) rows: how many wait in each queue on
    `day` and since when the one who has waited longest has (for the live board)."""
    return (
        select(
            Ticket.queue_service_id,
            func.count(Ticket.id).label("waiting"),
            func.min(Ticket.issued_at).label("since"),
        )
        .where(*_waiting_on(day))
        .group_by(Ticket.queue_service_id)
    )


def waiting_tickets(service: int, day: date) -> Select[Ticket]:
    """The tickets waiting in one queue on `day`, in no order: to list them or call one."""
    return select(Ticket).where(Ticket.queue_service_id == service, *_waiting_on(day))


def waiting_counts(session: Session, day: date) -> dict[int, int]:
    """{service id: tickets waiting on `day`}; a queue with nobody waiting is left out."""
    return {service: count for service, count in session.execute(waiting_per_service(day))}


def _waiting_on(day: date | ColumnElement[Any]) -> tuple[ColumnElement[bool], ...]:
    return Ticket.day == day, Ticket.status == TicketStatus.WAITING
