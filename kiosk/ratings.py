"""Satisfaction ratings: one per visit (a served ticket), from the counter's tablet, the
citizen's phone or the kiosk. The levels, the reasons for dissatisfaction as fixed keys (their
words are the web layer's, through gettext), the rules of `rate`, and what staff and managers
read back. No personal data: the visit, its service, counter and staff member, the submission
the visit handled, the level and the reasons. Pure: no Flask.

The submission a visit handled: submissions carry no ticket. The visit handled one when the
staff member who served the ticket recorded a status change on it (received, needs documents,
...) at that counter while the ticket was called, between its call and its served event."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Counter, Rating, Submission, SubmissionEvent, Ticket, TicketEvent
from kiosk.models.base import utcnow
from kiosk.models.queue import TicketStatus
from kiosk.refusals import Refused

LEVELS = ("very_satisfied", "satisfied", "neutral", "unsatisfied")
REASONS = (
    "documents_not_required",
    "came_back_several_times",
    "result_late",
    "unclear_guidance",
    "staff_attitude",
    "waited_too_long",
    "other",
)
CHANNELS = ("counter", "phone", "kiosk")
SCALES = (3, 4)
DEFAULT_SCALE = 3
PHONE_WINDOW = timedelta(hours=24)  # the phone and the kiosk: a day after the visit
COUNTER_WINDOW = timedelta(seconds=60)  # the counter's tablet: while the citizen is there


class RatingRefused(Refused):
    """`reason`: unknown_ticket, not_served, already_rated, too_late, bad_level, bad_reason."""


def levels(scale: int | None) -> tuple[str, ...]:
    """The levels offered, best first: "neutral" only on the four-level scale."""
    if scale == 4:
        return LEVELS
    return tuple(level for level in LEVELS if level != "neutral")


def check(level: object, reasons: Iterable[object], scale: int | None) -> list[str]:
    """The reasons to keep, in REASONS order, or RatingRefused (bad_level, bad_reason).
    Reasons go with "unsatisfied" only."""
    if level not in levels(scale):
        raise RatingRefused("bad_level")
    chosen = set(reasons)
    if not chosen <= set(REASONS) or (chosen and level != "unsatisfied"):
        raise RatingRefused("bad_reason")
    return [reason for reason in REASONS if reason in chosen]


@dataclass(frozen=True)
class Visit:
    """A served ticket and who served it: what a rating is tied to."""

    ticket_id: int
    code: str
    token: str
    service_id: int
    counter_id: int | None
    staff_id: int | None
    served_at: datetime


def visit(session: Session, ticket: Ticket) -> Visit | None:
    """The visit of a served ticket (None before it is served): its served event says where
    and by whom."""
    if ticket.status != TicketStatus.SERVED:
        return None
    event = session.scalar(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == TicketStatus.SERVED)
        .order_by(TicketEvent.id.desc())
        .limit(1)
    )
    served_at = event.at if event else (ticket.finished_at or utcnow())
    return Visit(
        ticket_id=ticket.id,
        code=ticket.code,
        token=ticket.token,
        service_id=ticket.queue_service_id,
        counter_id=event.counter_id if event else ticket.counter_id,
        staff_id=event.staff_id if event else None,
        served_at=served_at,
    )


def by_token(session: Session, token: str) -> Ticket | None:
    """The ticket whose QR (/t/TOKEN) the citizen holds."""
    return session.scalar(select(Ticket).where(Ticket.token == token))


def rated(session: Session, ticket_id: int) -> bool:
    return session.scalar(select(Rating.id).where(Rating.ticket_id == ticket_id)) is not None


def open_for(session: Session, ticket: Ticket, channel: str, now: datetime | None = None) -> Visit:
    """The visit if it may be rated now through `channel`, else RatingRefused (not_served,
    already_rated, too_late). The counter's tablet checks its own window (counter_visit)."""
    found = visit(session, ticket)
    if found is None:
        raise RatingRefused("not_served")
    if rated(session, ticket.id):
        raise RatingRefused("already_rated")
    window = COUNTER_WINDOW if channel == "counter" else PHONE_WINDOW
    if (now or utcnow()) - found.served_at > window:
        raise RatingRefused("too_late")
    return found


def rate(
    sessions: sessionmaker,
    ticket_id: int,
    level: object,
    reasons: Iterable[object],
    channel: str,
    scale: int | None,
    now: datetime | None = None,
) -> Rating:
    """Record the visit's one rating (RatingRefused otherwise). Two at once: the rating row's
    unique ticket_id lets one in, the other hears already_rated."""
    if channel not in CHANNELS:
        raise ValueError(channel)
    kept = check(level, reasons, scale)
    try:
        with sessions() as session, session.begin():
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise RatingRefused("unknown_ticket")
            found = open_for(session, ticket, channel, now)
            rating = Rating(
                ticket_id=ticket.id,
                submission_id=handled_submission(session, found),
                service_id=found.service_id,
                counter_id=found.counter_id,
                staff_id=found.staff_id,
                level=str(level),
                reasons=kept,
                channel=channel,
                rated_at=now or utcnow(),
            )
            session.add(rating)
            session.flush()
            session.expunge(rating)
            return rating
    except IntegrityError as error:
        raise RatingRefused("already_rated") from error


def handled_submission(session: Session, found: Visit) -> int | None:
    """The submission this visit handled: one whose status the serving staff member changed
    while the ticket was at the counter (between its call and its being served)."""
    if found.staff_id is None:
        return None
    called = session.scalar(
        select(func.max(TicketEvent.at)).where(
            TicketEvent.ticket_id == found.ticket_id,
            TicketEvent.kind == "called",
            TicketEvent.at <= found.served_at,
        )
    )
    if called is None:
        return None
    return session.scalar(
        select(SubmissionEvent.submission_id)
        .where(
            SubmissionEvent.staff_id == found.staff_id,
            SubmissionEvent.at >= called,
            SubmissionEvent.at <= found.served_at,
        )
        .order_by(SubmissionEvent.at.desc())
        .limit(1)
    )


def ticket_for_submission(session: Session, submission: Submission) -> Ticket | None:
    """The visit that handled this submission (see handled_submission), the latest first:
    the kiosk rates it when the citizen scans the receipt."""
    events = session.execute(
        select(SubmissionEvent.staff_id, SubmissionEvent.at)
        .where(
            SubmissionEvent.submission_id == submission.id,
            SubmissionEvent.staff_id.is_not(None),
        )
        .order_by(SubmissionEvent.at.desc())
    ).all()
    for staff_id, at in events:
        served = (
            select(TicketEvent.ticket_id)
            .where(
                TicketEvent.kind == TicketStatus.SERVED,
                TicketEvent.staff_id == staff_id,
                TicketEvent.at >= at,
            )
            .order_by(TicketEvent.at)
            .limit(1)
        )
        ticket_id = session.scalar(served)
        if ticket_id is None:
            continue
        ticket = session.get(Ticket, ticket_id)
        if ticket is not None and ticket.called_at is not None and ticket.called_at <= at:
            return ticket
    return None


def counter_visit(session: Session, number: int, now: datetime | None = None) -> Visit | None:
    """What the tablet at counter `number` offers: the counter's latest served ticket, while
    it is the latest, not yet rated and served less than a minute ago."""
    latest = session.scalar(
        select(TicketEvent)
        .join(Counter, Counter.id == TicketEvent.counter_id)
        .where(Counter.number == number, TicketEvent.kind == TicketStatus.SERVED)
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(1)
    )
    if latest is None or (now or utcnow()) - latest.at > COUNTER_WINDOW:
        return None
    ticket = session.get(Ticket, latest.ticket_id)
    if ticket is None or ticket.status != TicketStatus.SERVED or rated(session, ticket.id):
        return None
    return visit(session, ticket)


def served_today(session: Session, code: str, day: date) -> Ticket | None:
    """A ticket served today by its code as printed ("A-007"; "a007" and "A 7" too)."""
    wanted = _code_key(code)
    if not wanted:
        return None
    tickets = session.scalars(
        select(Ticket).where(Ticket.day == day, Ticket.status == TicketStatus.SERVED)
    )
    return next((ticket for ticket in tickets if _code_key(ticket.code) == wanted), None)


def _code_key(code: str) -> tuple[str, int] | None:
    letters = "".join(ch for ch in code.upper() if ch.isalpha())
    digits = "".join(ch for ch in code if ch.isdigit())
    return (letters, int(digits)) if letters and digits else None


# What staff and managers read back.


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]  # level -> ratings
    total: int
    recent: list[Rating]
    reasons: dict[str, int]  # reason -> times chosen


def summary(
    session: Session,
    since: datetime,
    *,
    staff_id: int | None = None,
    service_id: int | None = None,
    counter_id: int | None = None,
    recent: int = 20,
) -> Summary:
    """Ratings since `since` (UTC), optionally of one staff member, service or counter."""
    query = select(Rating).where(Rating.rated_at >= since)
    if staff_id is not None:
        query = query.where(Rating.staff_id == staff_id)
    if service_id is not None:
        query = query.where(Rating.service_id == service_id)
    if counter_id is not None:
        query = query.where(Rating.counter_id == counter_id)
    rows: Sequence[Rating] = session.scalars(query.order_by(Rating.rated_at.desc())).all()
    counts = Tally(row.level for row in rows)
    reasons = Tally(reason for row in rows for reason in row.reasons or [])
    return Summary(
        counts={level: counts.get(level, 0) for level in LEVELS},
        total=len(rows),
        recent=list(rows[:recent]),
        reasons={reason: reasons.get(reason, 0) for reason in REASONS},
    )
