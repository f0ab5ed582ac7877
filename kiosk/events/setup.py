"""Setting up events: what an organiser enters (EventDraft), checked and saved with an audit
entry, and the help desks' service and desks made ready for it. Used by /admin/events and
`kiosk events add`. Pure: no Flask."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import Counter, HelpEvent, Service
from kiosk.queue.setup import CounterSettings, save_counter
from kiosk.refusals import Refused

from .topics import topic_keys

HELP_PREFIX = "H"  # the help desks' tickets: H-001 … (another free letter when H is taken)
HELP_NAMES = {
    "vi": "Hỗ trợ dịch vụ công trực tuyến",
    "en": "Help with online public services",
    "id": "Bantuan layanan publik daring",
}
MAX_DESKS = 20


@dataclass(frozen=True)
class EventDraft:
    """An event as the organiser enters it. `until`: every Saturday until that day; topics
    empty: every topic; `desks`: how many help desks."""

    title: str
    first_day: date
    starts: time
    ends: time
    until: date | None = None
    place: str = ""
    topics: list[str] = field(default_factory=list)
    desks: int = 2

    @classmethod
    def of(cls, event: HelpEvent) -> EventDraft:
        return cls(
            title=event.title,
            first_day=event.first_day,
            starts=event.starts,
            ends=event.ends,
            until=event.until,
            place=event.place or "",
            topics=list(event.topics or []),
            desks=len(event.desks or []),
        )


def check(draft: EventDraft) -> None:
    """Raises Refused with a machine reason for what cannot be saved."""
    title = draft.title.strip()
    if not title or len(title) > 200 or not title.isprintable():
        raise Refused("bad_title", "A title of 1 to 200 printable characters.")
    if not draft.place.isprintable() and draft.place.strip():
        raise Refused("bad_place", "The place holds characters that cannot be printed.")
    if draft.ends <= draft.starts:
        raise Refused("ends_before_start", "The event must end after it starts.")
    if draft.until is not None and draft.until < draft.first_day:
        raise Refused("until_before_first", "The last Saturday comes before the first day.")
    if draft.until is not None and (draft.until - draft.first_day).days > 366:
        raise Refused("too_long", "Repeat for one year at most.")
    unknown = sorted(set(draft.topics) - set(topic_keys()))
    if unknown:
        raise Refused("unknown_topic", f"Unknown help topics: {', '.join(unknown)}.")
    if not 1 <= draft.desks <= MAX_DESKS:
        raise Refused("bad_desks", f"Between 1 and {MAX_DESKS} help desks.")


def save_event(session: Session, event: HelpEvent | None, draft: EventDraft, actor: str):
    """Create an event (event None) or change one, with the help desks' service and as many
    help desks as it asks for. Raises Refused."""
    check(draft)
    before = _described(event) if event is not None else None
    service = help_service(session)
    desks = help_desks(session, service, draft.desks, actor)
    event = event or HelpEvent()
    event.title = draft.title.strip()
    event.first_day, event.until = draft.first_day, draft.until
    event.starts, event.ends = draft.starts, draft.ends
    event.place = draft.place.strip()
    event.topics = list(dict.fromkeys(draft.topics)) or list(topic_keys())
    event.desks = [desk.number for desk in desks]
    session.add(event)
    session.flush()
    action = "event.add" if before is None else "event.change"
    audit.record(session, actor, action, str(event.id), before, _described(event))
    return event


def delete_event(session: Session, event: HelpEvent, actor: str) -> None:
    """Delete an event that has no recorded help yet; refuses one that has (its report)."""
    from kiosk.models import HelpOutcome

    if session.scalar(select(func.count()).where(HelpOutcome.event_id == event.id)):
        raise Refused("has_outcomes", "This event has recorded help: it stays for its report.")
    audit.record(session, actor, "event.delete", str(event.id), _described(event), None)
    session.delete(event)


def _described(event: HelpEvent) -> dict:
    described = asdict(EventDraft.of(event))
    described["desks"] = list(event.desks or [])
    return described


def help_service(session: Session) -> Service:
    """The help desks' service (kind "help"), made on first use with the first free prefix
    from H, open whenever an event runs (the kiosk offers it only then)."""
    service = session.scalar(select(Service).where(Service.kind == "help"))
    if service is not None:
        if service.retired_at is not None:
            service.retired_at = None
        return service
    taken = set(session.scalars(select(Service.prefix)))
    prefix = next(p for p in HELP_PREFIX + "GHIJKLMNOPQRSTUVWXYZ" if p not in taken)
    service = Service(prefix=prefix, kind="help", names=dict(HELP_NAMES), opening_hours={})
    session.add(service)
    session.flush()
    return service


def help_desks(session: Session, service: Service, count: int, actor: str) -> list[Counter]:
    """The first `count` help desks (counters of kind "help", by number), adding the missing
    ones after the highest counter number; every one serves the help service."""
    desks = list(
        session.scalars(select(Counter).where(Counter.kind == "help").order_by(Counter.number))
    )
    highest = session.scalar(select(func.max(Counter.number))) or 0
    while len(desks) < count:
        highest += 1
        settings = CounterSettings(
            number=highest,
            name=f"Bàn hỗ trợ {highest}",  # by its number, as the hall display calls it
            kind="help",
            services=[service.id],
        )
        desks.append(save_counter(session, None, settings, actor))
    for desk in desks[:count]:
        if service not in desk.services or not desk.in_service:
            settings = CounterSettings.of(desk)
            save_counter(
                session,
                desk,
                CounterSettings(
                    number=settings.number,
                    name=settings.name,
                    agency=settings.agency,
                    kind="help",
                    in_service=True,
                    services=[service.id],
                ),
                actor,
            )
    return desks[:count]
