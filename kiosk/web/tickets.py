"""What the kiosk screen, the phone page and the JSON API all say about a ticket."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from kiosk.i18n import localized
from kiosk.models.queue import TicketStatus
from kiosk.queue.estimate import wait_range
from kiosk.queue.issue import Issued
from kiosk.web import public_url, today


def issue_refusal(reason: str) -> str:
    """Why no ticket was issued, in words for the citizen (IssueRefused.reason)."""
    return {
        "closed": _("This service is closed now. Please come back during opening hours."),
        "quota": _("All numbers for this service have been given out today."),
        "unknown_service": _("This service does not exist."),
    }[reason]


def closed_words(opens_at: datetime | None, now: datetime, closure: str | None = None) -> str:
    """What a closed service's button says: why it is closed all day (a holiday, a day off),
    if it is, and when it opens next, in local time."""
    closed = _("Closed today: %(reason)s.", reason=closure) if closure else _("Closed now.")
    if opens_at is None:
        return closed if closure else _("Closed today.")
    time = opens_at.strftime("%H:%M")
    days = (opens_at.date() - now.date()).days
    if days == 0:
        when = _("Opens again at %(time)s today.", time=time)
    elif days == 1:
        when = _("Opens again at %(time)s tomorrow.", time=time)
    elif days < 7:
        weekday = weekday_name(opens_at.weekday())
        when = _("Opens again at %(time)s on %(weekday)s.", time=time, weekday=weekday)
    else:  # past the Tết holidays: the weekday alone would be ambiguous
        weekday = weekday_name(opens_at.weekday())
        when = _(
            "Opens again at %(time)s on %(weekday)s %(date)s.",
            time=time,
            weekday=weekday,
            date=opens_at.strftime("%d/%m"),
        )
    return f"{closed} {when}"


def weekday_name(number: int) -> str:
    """A weekday's name, 0 = Monday (as datetime.weekday and opening hours count)."""
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[number]


def ticket_json(ticket: Issued) -> dict:
    minutes = ticket.minutes_per_ticket or current_app.config["MINUTES_PER_TICKET"]
    status = ticket.status
    if (
        status in (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED)
        and ticket.day
        and ticket.day < today()
    ):
        status = "expired"  # yesterday's queue is gone: nobody will call it
    return {
        "id": ticket.id,
        "code": ticket.code,
        "number": ticket.number,
        "service": {
            "id": ticket.service_id,
            "prefix": ticket.service_prefix,
            "name": localized(ticket.service_names, ticket.service_prefix),
        },
        "people_ahead": ticket.people_ahead,
        "wait_minutes": wait_range(ticket.people_ahead, minutes, ticket.counters),
        "status": status,
        "counter": ticket.counter_number,
        "counters": list(ticket.serving_counters),
        "status_url": public_url("public.ticket_status", token=ticket.token),
    }
