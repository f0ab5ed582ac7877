"""What a help-desk visit achieved: one HelpOutcome row per topic the volunteer helped with,
recorded with the ticket marked served in one transaction, through the counters' own
finishing path (kiosk/queue/calling.py). Keys only: no names, no ID numbers, no free text.
Pure: no Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from kiosk.models import Counter, HelpOutcome, Ticket
from kiosk.models.base import utcnow
from kiosk.models.queue import TicketStatus
from kiosk.queue import calling
from kiosk.queue.hours import local_now
from kiosk.refusals import Refused

from .schedule import running_event
from .topics import topic_keys

OUTCOMES = ("done", "not_done")
# Why a topic could not be done: what the day's report counts, so the next event can plan
# (bring SIM cards' paperwork, ask the commune police to come, ...).
REASONS = (
    "no_smartphone",
    "no_chip_id",  # no chip-based citizen ID card (CCCD gắn chip)
    "forgot_password",
    "no_own_sim",  # the phone number is not registered in the citizen's own name
    "needs_police",  # VNeID level 2 is registered at the commune police
    "other",
)
AGE_GROUPS = ("under_60", "60_plus")


class OutcomeRefused(Refused):
    """`reason`: no_topic, unknown_topic, repeated_topic, unknown_outcome, reason_needed,
    unknown_reason, unknown_age_group, not_help_desk, not_current."""

    def __init__(self, reason: str, topic: str | None = None):
        super().__init__(reason, f"{reason}: {topic}" if topic else reason)
        self.topic = topic


@dataclass(frozen=True)
class TopicOutcome:
    """One topic of a visit: done or not done, and why not (a key of REASONS)."""

    topic: str
    outcome: str
    reason: str | None = None


def check(outcomes: list[TopicOutcome], age_group: str | None) -> None:
    """Raise OutcomeRefused unless every key is known and each "not done" says why."""
    if not outcomes:
        raise OutcomeRefused("no_topic")
    known, seen = set(topic_keys()), set()
    for item in outcomes:
        if item.topic not in known:
            raise OutcomeRefused("unknown_topic", item.topic)
        if item.topic in seen:
            raise OutcomeRefused("repeated_topic", item.topic)
        seen.add(item.topic)
        if item.outcome not in OUTCOMES:
            raise OutcomeRefused("unknown_outcome", item.topic)
        if item.outcome == "not_done" and not item.reason:
            raise OutcomeRefused("reason_needed", item.topic)
        if item.reason is not None and (item.outcome == "done" or item.reason not in REASONS):
            raise OutcomeRefused("unknown_reason", item.topic)
    if age_group is not None and age_group not in AGE_GROUPS:
        raise OutcomeRefused("unknown_age_group")


def record_visit(
    sessions: sessionmaker,
    desk_number: int,
    ticket_id: int,
    outcomes: list[TopicOutcome],
    age_group: str | None,
    staff_id: int | None,
    timezone: str,
    now: datetime | None = None,
) -> calling.Called:
    """Record the visit of the ticket being helped at desk `desk_number` and mark it served.
    Raises OutcomeRefused (bad keys, another ticket) or ActionRefused (nobody called)."""
    check(outcomes, age_group)
    now = now or utcnow()  # naive UTC, as the database keeps moments
    with sessions() as session, session.begin():
        desk = session.scalar(select(Counter).where(Counter.number == desk_number))
        if desk is None or desk.kind != "help":
            raise OutcomeRefused("not_help_desk")
        called = calling.finish_current(session, desk_number, TicketStatus.SERVED, staff_id)
        if called.ticket_id != ticket_id:
            raise OutcomeRefused("not_current")  # a stale page: nothing is kept
        ticket = session.get_one(Ticket, ticket_id)
        local = local_now(timezone, now)
        event = running_event(session, local)
        seconds = help_seconds(ticket, now)
        for item in outcomes:
            session.add(
                HelpOutcome(
                    ticket_id=ticket_id,
                    event_id=event.id if event else None,
                    day=local.date(),
                    topic=item.topic,
                    outcome=item.outcome,
                    reason=item.reason if item.outcome == "not_done" else None,
                    age_group=age_group,
                    counter_id=desk.id,
                    staff_id=staff_id,
                    help_seconds=seconds,
                    recorded_at=now,
                )
            )
        return called


def help_seconds(ticket: Ticket, now: datetime) -> int | None:
    """From the call (its latest: a ticket called back is timed from then) to `now`."""
    if ticket.called_at is None:
        return None
    return max(0, round((now - ticket.called_at).total_seconds()))
