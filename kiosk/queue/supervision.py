"""The live supervision board (/admin/live): per service, how many wait and for how long the
longest has; each counter closed, idle or busy (with the ticket it serves and since when);
an alert for every service whose longest wait passes its `wait_alert_minutes`.

Built on the queries the hall display and the consoles use (waiting.py, calling.py), so the
board and the consoles never disagree. Pure: no Flask."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Service

from .board import board_version
from .calling import current_ticket
from .estimate import OPEN_FOR
from .waiting import oldest_waiting_per_service

REFRESH_SECONDS = 15  # the page reloads itself this often (a wall screen nobody touches)


@dataclass(frozen=True)
class ServiceLine:
    id: int
    prefix: str
    names: dict[str, str]
    waiting: int
    longest_wait_minutes: int  # 0 when nobody waits
    alert_minutes: int | None  # the threshold the center set; None: never alerts
    alert: bool  # the longest wait has passed the threshold


@dataclass(frozen=True)
class CounterLine:
    number: int
    name: str
    kind: str  # "counter" or "guidance"
    state: str  # "closed", "idle" or "busy"
    ticket: str | None  # the code being served, when busy
    busy_minutes: int | None  # since it was called, when busy


@dataclass(frozen=True)
class Supervision:
    day: date
    version: int  # the newest ticket event: moves whenever a figure can (besides the clock)
    services: list[ServiceLine]
    counters: list[CounterLine]

    @property
    def alerts(self) -> list[ServiceLine]:
        return [line for line in self.services if line.alert]

    def as_json(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "version": self.version,
            "services": [asdict(line) for line in self.services],
            "counters": [asdict(line) for line in self.counters],
            "alerts": [line.prefix for line in self.alerts],
        }


def supervision(session: Session, day: date, now: datetime) -> Supervision:
    """The board for the center's local `day` at `now` (naive UTC, as the database keeps)."""
    return Supervision(
        day=day,
        version=board_version(session),
        services=service_lines(session, day, now),
        counters=counter_lines(session, now),
    )


def service_lines(session: Session, day: date, now: datetime) -> list[ServiceLine]:
    """Every service offered, by prefix, with its queue now."""
    queues = {
        service: (waiting, since)
        for service, waiting, since in session.execute(oldest_waiting_per_service(day))
    }
    lines = []
    for service in session.scalars(
        select(Service).where(Service.retired_at.is_(None)).order_by(Service.prefix)
    ):
        waiting, since = queues.get(service.id, (0, None))
        longest = _minutes(now - since) if since else 0
        threshold = service.wait_alert_minutes
        lines.append(
            ServiceLine(
                id=service.id,
                prefix=service.prefix,
                names=dict(service.names or {}),
                waiting=waiting,
                longest_wait_minutes=longest,
                alert_minutes=threshold,
                alert=bool(threshold and waiting and longest > threshold),
            )
        )
    return lines


def counter_lines(session: Session, now: datetime) -> list[CounterLine]:
    """Every counter in service, by number: closed (staff have not opened it today), idle
    (open, nobody called) or busy (serving a ticket, for so many minutes)."""
    lines = []
    for counter in session.scalars(
        select(Counter).where(Counter.in_service.is_(True)).order_by(Counter.number)
    ):
        ticket = current_ticket(session, counter)
        is_open = counter.open_since is not None and counter.open_since >= now - OPEN_FOR
        state = "busy" if ticket else "idle" if is_open else "closed"
        called = ticket.called_at if ticket else None
        lines.append(
            CounterLine(
                number=counter.number,
                name=counter.name or "",
                kind=counter.kind or "counter",
                state=state,
                ticket=ticket.code if ticket else None,
                busy_minutes=_minutes(now - called) if called else None,
            )
        )
    return lines


def _minutes(elapsed) -> int:
    return max(0, int(elapsed.total_seconds() // 60))
