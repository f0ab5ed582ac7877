"""What a volunteer's help desk console shows: the desk, the citizen being helped and the
topic they chose at the kiosk, how many wait, and the topics a visit can record (the running
event's, else every topic). Pure: no Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Ticket
from kiosk.models.events import HelpEvent
from kiosk.queue.calling import current_ticket
from kiosk.queue.waiting import waiting_counts

from .schedule import running_event
from .topics import HelpTopic, all_topics, topics_of


@dataclass(frozen=True)
class DeskState:
    number: int
    name: str
    current: Ticket | None
    waiting: int
    event: HelpEvent | None
    topics: list[HelpTopic]  # what the outcome form offers; the chosen topic first

    @property
    def version(self) -> str:
        """Moves whenever what the console shows can: a new citizen waiting or one fewer, the
        ticket at this desk (called, called again, finished), the event starting or ending.
        Calls at other desks leave it alone, so the volunteer's page is not reloaded for them."""
        current = self.current
        called = current.called_at.isoformat() if current and current.called_at else ""
        ticket = f"{current.id}@{called}" if current else "-"
        return f"{self.waiting}:{ticket}:{self.event.id if self.event else '-'}"


def help_desks(session: Session) -> list[Counter]:
    """The help desks in service, by number (the staff home lists them to volunteers)."""
    return list(
        session.scalars(
            select(Counter)
            .where(Counter.kind == "help", Counter.in_service.is_(True))
            .order_by(Counter.number)
        )
    )


def desk_state(session: Session, number: int, local: datetime) -> DeskState | None:
    """Desk `number` at the center's local moment `local`; None when it is no help desk."""
    desk = session.scalar(select(Counter).where(Counter.number == number, Counter.kind == "help"))
    if desk is None:
        return None
    current = current_ticket(session, desk)
    waiting = waiting_counts(session, local.date())
    event = running_event(session, local)
    topics = topics_of(event.topics) if event and event.topics else list(all_topics())
    chosen = current.help_topic if current else None
    topics.sort(key=lambda topic: topic.key != chosen)  # stable: the event's order otherwise
    if chosen and chosen not in {topic.key for topic in topics}:
        topics = topics_of([chosen]) + topics  # taken for a topic the event no longer offers
    return DeskState(
        number=desk.number,
        name=desk.name,
        current=current,
        waiting=sum(waiting.get(service.id, 0) for service in desk.services),
        event=event,
        topics=topics,
    )
