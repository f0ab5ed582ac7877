"""What the three rating screens share (the counter's tablet, the phone, the kiosk): the
levels' and reasons' words, the face beside each level, and rating a visit with the center's
scale (kiosk/ratings.py holds the rules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import ratings
from kiosk.db import database, get_session
from kiosk.i18n import localized
from kiosk.models import Counter, Rating, Service
from kiosk.models.base import utcnow
from kiosk.rating_words import level_names
from kiosk.web import center
from kiosk.web.forms import RatingForm

# A face per level, drawn as a simple SVG (static/img/rating-LEVEL.svg): no emoji font needed.
SUMMARY_DAYS = 30  # what /staff/ratings and /admin/ratings count
FACES = {level: f"img/rating-{level}.svg" for level in ratings.LEVELS}


def refusal_message(reason: str) -> str:
    return {
        "unknown_ticket": _("This ticket does not exist."),
        "not_served": _("This visit can be rated once you have been served."),
        "already_rated": _("This visit has already been rated. Thank you."),
        "too_late": _("This visit can no longer be rated."),
        "bad_level": _("Choose one of the answers."),
        "bad_reason": _("Choose reasons from the list, and only when you were not satisfied."),
    }[reason]


def offered_levels() -> list[tuple[str, str, str]]:
    """(level, words, face image) on the center's scale, best first."""
    names = level_names()
    return [(level, names[level], FACES[level]) for level in ratings.levels(scale())]


def scale() -> int:
    return center().rating_scale


def rate_visit(ticket_id: int, level: object, reasons: Iterable[object], channel: str) -> Rating:
    """Record the rating (raises ratings.RatingRefused)."""
    return ratings.rate(database().locking_sessions, ticket_id, level, reasons, channel, scale())


@dataclass(frozen=True)
class Step:
    """Where a posted rating form leads: "reasons" (not satisfied: ask why), "done" (rated,
    `rating` set) or "refused" (`reason` says why)."""

    name: str
    rating: Rating | None = None
    reason: str | None = None


def posted_step(form: RatingForm, ticket_id: int, channel: str) -> Step:
    """Rate from the posted form, or ask for the reasons first."""
    level = form.level.data
    if level == "unsatisfied" and form.send.data != "1":
        return Step("reasons")
    try:
        return Step("done", rating=rate_visit(ticket_id, level, form.reasons.data or [], channel))
    except ratings.RatingRefused as refused:
        return Step("refused", reason=refused.reason)


def summary_since(days: int = SUMMARY_DAYS, **where) -> ratings.Summary:
    """Ratings of the last `days` days (staff_id, service_id, counter_id narrow them)."""
    return ratings.summary(get_session(), utcnow() - timedelta(days=days), **where)


def service_names() -> dict[int, str]:
    rows = get_session().scalars(select(Service).order_by(Service.prefix))
    return {row.id: f"{row.prefix} – {localized(row.names, row.prefix)}" for row in rows}


def counter_numbers() -> dict[int, int]:
    rows = get_session().execute(select(Counter.id, Counter.number).order_by(Counter.number))
    return {counter_id: number for counter_id, number in rows}
