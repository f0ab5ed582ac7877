"""The services a visitor can take a number for now, and which one handles a procedure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from kiosk.models import Counter, DailySequence, Service
from kiosk.models.queue import counter_service

from .calendar import center_calendar
from .hours import is_open, next_opening
from .ttl_cache import facts
from .waiting import waiting_counts


@dataclass(frozen=True)
class ServiceChoice:
    """One button on the kiosk's "choose a service" page."""

    id: int
    prefix: str
    names: dict
    waiting: int
    open_now: bool
    sold_out: bool  # the daily quota is used up
    opens_at: datetime | None  # when closed now: the next opening (local), if any
    closed_reason: str | None = None  # closed all day: the holiday or day off, by name

    @property
    def available(self) -> bool:
        return self.open_now and not self.sold_out


def service_choices(session: Session, moment: datetime) -> list[ServiceChoice]:
    """Every service not retired, with its waiting count and whether a number can be taken
    at `moment` (local time), the center's calendar counted."""
    day = moment.date()
    waiting = waiting_counts(session, day)
    given_out = dict(
        session.execute(
            select(DailySequence.service_id, DailySequence.last_number).where(
                DailySequence.day == day
            )
        ).all()
    )
    calendar = center_calendar(session)
    closure = calendar.closure(day)
    choices = []
    for service in session.scalars(offered_services()):
        open_now = is_open(service.opening_hours, moment, calendar)
        choices.append(
            ServiceChoice(
                id=service.id,
                prefix=service.prefix,
                names=dict(service.names or {}),
                waiting=waiting.get(service.id, 0),
                open_now=open_now,
                sold_out=service.daily_quota is not None
                and given_out.get(service.id, 0) >= service.daily_quota,
                opens_at=None
                if open_now
                else next_opening(service.opening_hours, moment, calendar),
                closed_reason=closure if not open_now and service.opening_hours else None,
            )
        )
    return choices


def offered_services(kind: str = "queue"):
    """The services not retired, by prefix: what the kiosk, the API and counters offer (the
    help desks' service, kind "help", is offered from the help topics' pages instead)."""
    return (
        select(Service)
        .where(Service.retired_at.is_(None), Service.kind == kind)
        .order_by(Service.prefix)
    )


def choose_service(services: list[Service], code: str, field: str) -> Service | None:
    """The service that takes a procedure: one listing its code, else one taking its field."""
    for service in services:
        if code in (service.procedures or []):
            return service
    for service in services:
        if field and field in (service.fields or []):
            return service
    return None


def service_for_procedure(session: Session, code: str, field: str) -> Service | None:
    services = session.scalars(offered_services()).all()
    return choose_service(list(services), code, field)


def counter_numbers(db: Connection | Session, service_id: int) -> list[int]:
    """The counters in service that serve a service, in number order."""
    return list(
        db.scalars(
            select(Counter.number)
            .join(counter_service, counter_service.c.counter_id == Counter.id)
            .where(counter_service.c.service_id == service_id, Counter.in_service.is_(True))
            .order_by(Counter.number)
        )
    )


def serving_counters(db: Connection | Session, service_id: int) -> tuple[int, ...]:
    """The counters that serve a queue; they change seldom, so each process remembers them."""
    return facts(db).remembered(
        ("counter_numbers", service_id), lambda: tuple(counter_numbers(db, service_id))
    )
