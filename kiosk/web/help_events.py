"""What the kiosk and the phone pages say about "Digital Citizen Saturday": the event running
now (or the next one) in words, and its help topics."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.db import get_session
from kiosk.events.schedule import event_days, running_event
from kiosk.events.topics import HelpTopic, all_topics, find_topic, topics_of
from kiosk.events.upcoming import ShownEvent, shown_event
from kiosk.models import HelpEvent
from kiosk.queue.hours import local_now
from kiosk.web import center
from kiosk.web.tickets import weekday_name

DAY = "%d/%m/%Y"


@dataclass(frozen=True)
class EventBanner:
    """An event as citizens read it, in the page's language."""

    title: str
    days: str  # "Saturday 12/12/2026" or "Every Saturday from … to …"
    next_day: str | None  # "Saturday 12/12/2026" when it is not running and repeats
    hours: str  # "07:30–11:30"
    place: str
    running: bool


def topic_name(key: str | None) -> str:
    """A help topic's name in the page's language ("" for none or a topic no longer known)."""
    topic = find_topic(key) if key else None
    return topic.text("name", str(get_locale())) if topic else ""


def running_now() -> HelpEvent | None:
    """The event running now at the center (its local time)."""
    return running_event(get_session(), local_now(center().timezone))


def shown_now() -> ShownEvent | None:
    """The event running now, else the next one."""
    return shown_event(get_session(), local_now(center().timezone))


def banner(shown: ShownEvent) -> EventBanner:
    event = shown.event
    days = event_days(event)
    if event.until is None or len(days) == 1:
        when, coming = _day(days[0] if days else event.first_day), None
    else:
        when = _(
            "Every Saturday from %(first)s to %(last)s", first=_date(days[0]), last=_date(days[-1])
        )
        coming = None if shown.running else _day(shown.day)
    return EventBanner(
        title=event.title,
        days=when,
        next_day=coming,
        hours=f"{event.starts:%H:%M}–{event.ends:%H:%M}",
        place=event.place or "",
        running=shown.running,
    )


def event_topics(event: HelpEvent | None) -> list[HelpTopic]:
    """The topics an event offers (every topic when there is no event)."""
    if event is None:
        return list(all_topics())
    return topics_of(list(event.topics or [])) or list(all_topics())


def _day(day) -> str:
    return f"{weekday_name(day.weekday())} {_date(day)}"


def _date(day) -> str:
    return day.strftime(DAY)
