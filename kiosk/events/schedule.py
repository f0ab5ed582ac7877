"""When events happen: one day, or every Saturday from the first day until a date; which
event runs at a local moment. Pure: no Flask."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.models import HelpEvent

SATURDAY = 5


def event_days(event: HelpEvent) -> list[date]:
    """The days the event is held: its day, or each Saturday from its first day until
    `until` (included)."""
    if event.until is None:
        return [event.first_day]
    first = event.first_day + timedelta(days=(SATURDAY - event.first_day.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range((event.until - first).days // 7 + 1)]


def held_on(event: HelpEvent, day: date) -> bool:
    if event.until is None:
        return day == event.first_day
    return event.first_day <= day <= event.until and day.weekday() == SATURDAY


def events_on(session: Session, day: date) -> list[HelpEvent]:
    """The events held on a local day, by starting time."""
    maybe = session.scalars(
        select(HelpEvent).where(
            HelpEvent.first_day <= day,
            or_(HelpEvent.first_day == day, HelpEvent.until >= day),
        )
    )
    return sorted((e for e in maybe if held_on(e, day)), key=lambda e: (e.starts, e.id))


def running_event(session: Session, moment: datetime) -> HelpEvent | None:
    """The event running at a local wall-clock moment (its day, between its hours)."""
    now = moment.time().replace(tzinfo=None)
    for event in events_on(session, moment.date()):
        if event.starts <= now < event.ends:
            return event
    return None


def next_day(event: HelpEvent, after: date) -> date | None:
    """The event's first day on or after `after`, None when it is over."""
    return next((d for d in event_days(event) if d >= after), None)


def past_days(session: Session, before: date, limit: int = 5) -> list[tuple[HelpEvent, date]]:
    """The latest event days before `before`, newest first (the report's comparison)."""
    found = [
        (event, day)
        for event in session.scalars(select(HelpEvent).where(HelpEvent.first_day < before))
        for day in event_days(event)
        if day < before
    ]
    return sorted(found, key=lambda pair: (pair[1], pair[0].starts), reverse=True)[:limit]
