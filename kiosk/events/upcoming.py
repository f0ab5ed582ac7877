"""Which event citizens are shown: the one running now, else the next one to come. Pure: no
Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.models import HelpEvent

from .schedule import next_day, running_event


@dataclass(frozen=True)
class ShownEvent:
    event: HelpEvent
    day: date  # the day it runs (today) or runs next
    running: bool


def shown_event(session: Session, moment: datetime) -> ShownEvent | None:
    """The event running at the local `moment`, else the one held next (today's when it has
    not started yet), else None."""
    running = running_event(session, moment)
    if running is not None:
        return ShownEvent(running, moment.date(), True)
    today, now = moment.date(), moment.time().replace(tzinfo=None)
    coming = []
    events = session.scalars(
        select(HelpEvent).where(or_(HelpEvent.first_day >= today, HelpEvent.until >= today))
    )
    for event in events:
        day = next_day(event, today)
        if day == today and event.ends <= now:  # today's is over: its next day, if any
            day = next_day(event, date.fromordinal(today.toordinal() + 1))
        if day is not None:
            coming.append((day, event.starts, event.id, event))
    if not coming:
        return None
    day, _starts, _id, event = min(coming, key=lambda row: row[:3])
    return ShownEvent(event, day, False)
