"""Waiting-time range: people ahead times the minutes a ticket takes, over open counters.

Minutes per ticket is the median of today's last service durations (called to served) in
the service's queue; before there are any, the configured default (MINUTES_PER_TICKET).
Counters count when staff have opened them; with none open, every counter serving the
service does (the morning before the first call). The range is ±30 % around the middle."""

from __future__ import annotations

import math
import statistics
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Ticket
from kiosk.models.queue import counter_service

SPREAD = 0.3
MEDIAN_OF_LAST = 20  # served tickets: recent enough to follow the day, enough to be stable


def wait_range(people_ahead: int, minutes_per_ticket: float, counters: int) -> list[int]:
    """[low, high] minutes; [0, 0] when nobody is ahead."""
    if people_ahead <= 0:
        return [0, 0]
    middle = people_ahead * minutes_per_ticket / max(1, counters)
    return [math.floor(middle * (1 - SPREAD)), math.ceil(middle * (1 + SPREAD))]


def queue_facts(session: Session, service_id: int, day: date, before: int | None = None):
    """(waiting tickets ahead, counters for the estimate, median minutes or None).

    `before`: a ticket's id, for its own place; tickets are called in issue order."""
    waiting = select(func.count(Ticket.id)).where(
        Ticket.queue_service_id == service_id, Ticket.day == day, Ticket.status == "waiting"
    )
    if before is not None:
        waiting = waiting.where(Ticket.id < before)
    counters = session.execute(
        select(func.count(), func.count(Counter.open_since))
        .select_from(counter_service)
        .join(Counter, Counter.id == counter_service.c.counter_id)
        .where(counter_service.c.service_id == service_id)
    ).one()
    serving, open_now = counters
    return session.scalar(waiting), open_now or serving, median_minutes(session, service_id, day)


def median_minutes(session: Session, service_id: int, day: date) -> float | None:
    """Median minutes from call to served of the service's last tickets today."""
    rows = session.execute(
        select(Ticket.called_at, Ticket.finished_at)
        .where(
            Ticket.queue_service_id == service_id,
            Ticket.day == day,
            Ticket.status == "served",
            Ticket.called_at.is_not(None),
        )
        .order_by(Ticket.finished_at.desc())
        .limit(MEDIAN_OF_LAST)
    ).all()
    durations = [(end - start).total_seconds() / 60 for start, end in rows if end and start]
    return statistics.median(durations) if durations else None
