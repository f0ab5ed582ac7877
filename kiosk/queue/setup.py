"""Setting up the center's services from the administration area: what an administrator
edits of a service, and saving it with an audit entry. Pure: no Flask."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import Counter, DailySequence, Service, Ticket
from kiosk.models.base import utcnow
from kiosk.models.queue import TicketStatus, counter_service
from kiosk.refusals import Refused


@dataclass(frozen=True)
class ServiceSettings:
    """A service as the administrator sets it."""

    prefix: str
    names: dict[str, str]
    opening_hours: dict[str, list] = field(default_factory=dict)  # {}: open around the clock
    daily_quota: int | None = None
    wait_alert_minutes: int | None = None  # the live board alerts past this wait (None: never)
    priority_policy: str = "strict"  # or "every:N": one priority ticket every N calls
    fields: list[str] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, service: Service) -> ServiceSettings:
        return cls(
            prefix=service.prefix,
            names=dict(service.names or {}),
            opening_hours=dict(service.opening_hours or {}),
            daily_quota=service.daily_quota,
            wait_alert_minutes=service.wait_alert_minutes,
            priority_policy=service.priority_policy,
            fields=list(service.fields or []),
            procedures=list(service.procedures or []),
        )


def save_service(
    session: Session, service: Service | None, settings: ServiceSettings, actor: str
) -> Service:
    """Create a service (service None) or change one; the prefix stays unique. Raises
    Refused("prefix_taken")."""
    prefix = settings.prefix.strip().upper()
    taken = session.scalar(select(Service.id).where(Service.prefix == prefix))
    if taken is not None and (service is None or taken != service.id):
        raise Refused("prefix_taken", f"Another service numbers its tickets with {prefix}.")
    before = asdict(ServiceSettings.of(service)) if service is not None else None
    service = service or Service()
    service.prefix = prefix
    service.names = {k: v.strip() for k, v in settings.names.items() if v and v.strip()}
    service.opening_hours = settings.opening_hours
    service.daily_quota = settings.daily_quota
    service.wait_alert_minutes = settings.wait_alert_minutes
    service.priority_policy = settings.priority_policy
    service.fields = settings.fields
    service.procedures = settings.procedures
    session.add(service)
    after = asdict(ServiceSettings.of(service))
    action = "service.add" if before is None else "service.change"
    audit.record(session, actor, action, prefix, before, after)
    return service


def tickets_of(session: Session, service: Service) -> int:
    """How many tickets a service has issued or queued, ever."""
    uses = or_(Ticket.service_id == service.id, Ticket.queue_service_id == service.id)
    return session.scalar(select(func.count()).select_from(Ticket).where(uses)) or 0


def retire_service(session: Session, service: Service, today: date, actor: str) -> None:
    """No longer offer a service (kiosk, API, counters) while its tickets and statistics
    stay; the counters stop calling it. Raises Refused("tickets_waiting") while today's
    queue still holds tickets."""
    unfinished = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED)
    waiting = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.queue_service_id == service.id,
            Ticket.day == today,
            Ticket.status.in_(unfinished),
        )
    )
    if waiting:
        raise Refused("tickets_waiting", f"{waiting} tickets of {service.prefix} are not done.")
    counters = sorted(counter.number for counter in service.counters)
    session.execute(delete(counter_service).where(counter_service.c.service_id == service.id))
    session.expire(service, ["counters"])
    service.retired_at = utcnow()
    before = {"retired": False, "counters": counters}
    audit.record(session, actor, "service.retire", service.prefix, before, {"retired": True})


def bring_back_service(session: Session, service: Service, actor: str) -> None:
    """Offer a retired service again (its counters are given back on the counters' page)."""
    service.retired_at = None
    audit.record(
        session, actor, "service.bring_back", service.prefix, {"retired": True}, {"retired": False}
    )


def delete_service(session: Session, service: Service, actor: str) -> None:
    """Delete a service that never had a ticket. Raises Refused("has_tickets"): one that
    has is retired instead, so its tickets and statistics stay."""
    if tickets_of(session, service):
        raise Refused("has_tickets", f"{service.prefix} has tickets: retire it instead.")
    before = asdict(ServiceSettings.of(service))
    session.execute(delete(counter_service).where(counter_service.c.service_id == service.id))
    session.execute(delete(DailySequence).where(DailySequence.service_id == service.id))
    session.delete(service)
    audit.record(session, actor, "service.delete", service.prefix, before, None)


AGENCIES = ("commune", "police", "tax", "social_insurance", "land_registry", "other")
COUNTER_KINDS = ("counter", "guidance")  # a guidance desk (bàn hướng dẫn) is a counter too


@dataclass(frozen=True)
class CounterSettings:
    """A counter as the administrator sets it; `services` are service ids in calling order."""

    number: int
    name: str = ""
    agency: str = "commune"
    kind: str = "counter"
    in_service: bool = True
    services: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, counter: Counter) -> CounterSettings:
        return cls(
            number=counter.number,
            name=counter.name or "",
            agency=counter.agency or "commune",
            kind=counter.kind or "counter",
            in_service=bool(counter.in_service),
            services=[service.id for service in counter.services],
        )


def save_counter(
    session: Session, counter: Counter | None, settings: CounterSettings, actor: str
) -> Counter:
    """Create a counter (counter None) or change one; numbers stay unique and services keep
    the order given. Raises Refused("number_taken")."""
    taken = session.scalar(select(Counter.id).where(Counter.number == settings.number))
    if taken is not None and (counter is None or taken != counter.id):
        raise Refused("number_taken", f"Counter {settings.number} exists already.")
    before = asdict(CounterSettings.of(counter)) if counter is not None else None
    counter = counter or Counter()
    counter.number = settings.number
    counter.name = settings.name.strip()
    counter.agency = settings.agency
    counter.kind = settings.kind
    counter.in_service = settings.in_service
    session.add(counter)
    session.flush()
    wanted = list(dict.fromkeys(settings.services))
    session.execute(delete(counter_service).where(counter_service.c.counter_id == counter.id))
    if wanted:
        session.execute(
            insert(counter_service),
            [
                {"counter_id": counter.id, "service_id": sid, "position": n}
                for n, sid in enumerate(wanted)
            ],
        )
    session.expire(counter, ["services"])
    after = asdict(CounterSettings.of(counter))
    action = "counter.add" if before is None else "counter.change"
    audit.record(session, actor, action, str(settings.number), before, after)
    return counter
