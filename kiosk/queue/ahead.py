"""Who is called before a ticket: its queue's waiting tickets in the order the service's
priority policy calls them (calling.next_candidate takes them in this order).

A policy is "strict" (priority tickets first) or "every:N" (one priority ticket after N
others). Both are one rule: a priority ticket is *due* once N tickets in a row have been
called without one (strict is N = 0); a due priority ticket goes first, otherwise the
earliest issued does, priority or not."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, bindparam, or_, select
from sqlalchemy.orm import Session

from kiosk.models import Ticket

from .waiting import waiting_per_service, waiting_tickets

_WAITING = waiting_per_service(bindparam("day"), bindparam("service"))


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket as the calling order sees it."""

    id: int
    priority: bool


@dataclass(frozen=True)
class Place:
    """Whose place to count: a ticket's id, or None for the one being issued (the newest)."""

    policy: str | None
    priority: bool
    ticket_id: int | None = None


def calls_between_priority(policy: str | None) -> int:
    """N of "every:N"; 0 for "strict" (and for an unknown policy, as calling always did)."""
    if policy and policy.startswith("every:"):
        return int(policy.split(":", 1)[1])
    return 0


def priority_due(policy: str | None, regular_streak: int) -> bool:
    """Whether a priority ticket goes next, after `regular_streak` calls without one."""
    return regular_streak >= calls_between_priority(policy)


def calling_order(waiting: Iterable[Waiting], policy: str | None, streak: int) -> Iterator[int]:
    """Ticket ids in the order counters will call them, if nobody new arrives.

    `streak`: tickets called in a row without priority just before now (regular_streak)."""
    queue = sorted(waiting, key=lambda ticket: ticket.id)
    regular = deque(ticket.id for ticket in queue if not ticket.priority)
    priority = deque(ticket.id for ticket in queue if ticket.priority)
    while regular or priority:
        if priority and (priority_due(policy, streak) or not regular or priority[0] < regular[0]):
            yield priority.popleft()
            streak = 0
        else:
            yield regular.popleft()
            streak += 1


def count_ahead(waiting: Iterable[Waiting], policy: str | None, streak: int, ticket_id: int) -> int:
    """How many of `waiting` are called before `ticket_id` (which is among them)."""
    for ahead, called in enumerate(calling_order(waiting, policy, streak)):
        if called == ticket_id:
            return ahead
    raise ValueError(f"ticket {ticket_id} is not waiting")


def people_ahead(db: Connection | Session, service_id: int, day: date, place: Place) -> int:
    """Tickets its queue will call before this one, by the service's priority policy."""
    if place.ticket_id is None and not place.priority:
        # The newest ticket, not priority: everyone waiting goes first. One prebuilt COUNT,
        # as this runs while issuing holds the number's lock.
        counted = db.execute(_WAITING, {"service": service_id, "day": day}).first()
        return counted.waiting if counted else 0
    queue = waiting_tickets(service_id, day)
    if place.ticket_id is not None:
        # Only earlier tickets, and priority ones, can ever be called before it.
        queue = queue.where(or_(Ticket.id < place.ticket_id, Ticket.priority.is_not(None)))
    rows = db.execute(queue.with_only_columns(Ticket.id, Ticket.priority.is_not(None))).all()
    waiting = [Waiting(id, priority) for id, priority in rows]
    me = place.ticket_id
    if me is None:
        me = max((ticket.id for ticket in waiting), default=0) + 1
        waiting.append(Waiting(me, place.priority))
    elif all(ticket.id != me for ticket in waiting):
        waiting.append(Waiting(me, place.priority))
    streak = regular_streak(db, service_id, day, place.policy)
    return count_ahead(waiting, place.policy, streak, me)


def regular_streak(db: Connection | Session, service_id: int, day: date, policy: str | None) -> int:
    """Tickets of the queue called today since its last priority one (as far as it matters:
    at most N of "every:N")."""
    every = calls_between_priority(policy)
    if every == 0:
        return 0
    recent = db.execute(
        select(Ticket.priority)
        .where(
            Ticket.queue_service_id == service_id,
            Ticket.day == day,
            Ticket.called_at.is_not(None),
        )
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(every)
    ).scalars()
    streak = 0
    for priority in recent:
        if priority is not None:
            break
        streak += 1
    return streak
