"""Waiting-time range: people ahead (kiosk/queue/ahead.py) times the minutes a ticket takes,
over open counters.

Minutes per ticket is the median of today's last service durations (called to served) in
the service's queue; before there are any, the configured default (MINUTES_PER_TICKET).
Counters count when staff have opened them; with none open, every counter serving the
service does (the morning before the first call). The range is ±30 % around the middle."""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

from sqlalchemy import Connection, bindparam, case, func, select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Ticket
from kiosk.models.base import utcnow
from kiosk.models.queue import TicketStatus, counter_service

from .ahead import Place, people_ahead
from .ttl_cache import facts

SPREAD = 0.3
OPEN_FOR = timedelta(hours=12)  # a counter opened longer ago than this was opened another day
MEDIAN_OF_LAST = 20  # served tickets: recent enough to follow the day, enough to be stable


def wait_range(people_ahead: int, minutes_per_ticket: float, counters: int) -> list[int]:
    """[low, high] minutes; [0, 0] when nobody is ahead."""
    if people_ahead <= 0:
        return [0, 0]
    middle = people_ahead * minutes_per_ticket / max(1, counters)
    return [math.floor(middle * (1 - SPREAD)), math.ceil(middle * (1 + SPREAD))]


def queue_facts(db: Connection | Session, service_id: int, day: date, place: Place | None = None):
    """(tickets called before it, counters for the estimate, median minutes or None).

    `place`: whose place (kiosk/queue/ahead.py); None is a new ticket without priority. The
    counters and the median change slowly, so each process reuses them for a few seconds."""
    ahead = people_ahead(db, service_id, day, place or Place(None, priority=False))
    remembered = facts(db).remembered
    counters = remembered(("counters", service_id), lambda: _counters(db, service_id))
    minutes = remembered(("median", service_id, day), lambda: median_minutes(db, service_id, day))
    return ahead, counters, minutes


def _counters(db: Connection | Session, service_id: int) -> int:
    since = utcnow() - OPEN_FOR
    serving, open_now = db.execute(_COUNTERS, {"service": service_id, "since": since}).one()
    return open_now or serving


def median_minutes(db: Connection | Session, service_id: int, day: date) -> float | None:
    """Median minutes from call to served of the service's last tickets today."""
    rows = db.execute(_SERVED, {"service": service_id, "day": day}).all()
    durations = [(end - start).total_seconds() / 60 for start, end in rows if end and start]
    return statistics.median(durations) if durations else None


_COUNTERS = (
    select(func.count(), func.count(case((Counter.open_since >= bindparam("since"), 1))))
    .select_from(counter_service)
    .join(Counter, Counter.id == counter_service.c.counter_id)
    .where(counter_service.c.service_id == bindparam("service"))
)
_SERVED = (
    select(Ticket.called_at, Ticket.finished_at)
    .where(
        Ticket.queue_service_id == bindparam("service"),
        Ticket.day == bindparam("day"),
        Ticket.status == TicketStatus.SERVED,
        Ticket.called_at.is_not(None),
    )
    .order_by(Ticket.finished_at.desc())
    .limit(MEDIAN_OF_LAST)
)
