"""Events' days and hours (one day, or every Saturday until a date), saving them with the
help desks' service and desks, and what cannot be saved: kiosk/events/schedule.py and
setup.py on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.events.schedule import event_days, events_on, past_days, running_event
from kiosk.events.setup import EventDraft, delete_event, save_event
from kiosk.events.topics import topic_keys
from kiosk.models import AuditEntry, Counter, HelpEvent, HelpOutcome, Service
from kiosk.queue.services import offered_services
from kiosk.refusals import Refused
from tests.queue_support import demo_queue, issue

SATURDAY = date(2026, 12, 5)
MORNING = (time(7, 30), time(11, 30))


def draft(**changes) -> EventDraft:
    values = {"title": "Thứ Bảy – Ngày Công dân số", "first_day": SATURDAY}
    values.update(starts=MORNING[0], ends=MORNING[1])
    values.update(changes)
    return EventDraft(**values)


def test_a_weekly_event_is_held_each_saturday_until_its_last_day(app):
    with app.app_context(), database().session() as session:
        weekly = save_event(session, None, draft(until=date(2026, 12, 26)), "test")
        once = save_event(session, None, draft(first_day=date(2026, 12, 9)), "test")
        assert event_days(weekly) == [date(2026, 12, d) for d in (5, 12, 19, 26)]
        assert event_days(once) == [date(2026, 12, 9)]
        assert events_on(session, date(2026, 12, 19)) == [weekly]
        assert events_on(session, date(2026, 12, 18)) == []  # a Friday
        assert events_on(session, date(2027, 1, 2)) == []  # after its last Saturday
        assert running_event(session, datetime(2026, 12, 12, 7, 30)) == weekly
        assert running_event(session, datetime(2026, 12, 12, 11, 30)) is None  # it has ended
        assert running_event(session, datetime(2026, 12, 9, 9, 0)) == once
        assert [day for _, day in past_days(session, date(2026, 12, 19))] == [
            date(2026, 12, 12),
            date(2026, 12, 9),
            date(2026, 12, 5),
        ]


def test_saving_an_event_makes_the_help_service_and_its_desks_once(app):
    demo_queue(app)
    with app.app_context(), database().session() as session:
        highest = session.scalar(select(Counter.number).order_by(Counter.number.desc()))
        event = save_event(session, None, draft(desks=2), "test")
        again = save_event(session, None, draft(first_day=date(2026, 12, 12), desks=3), "test")
        help_service = session.scalar(select(Service).where(Service.kind == "help"))
        assert help_service.prefix == "H" and help_service.names["vi"]
        assert event.desks == [highest + 1, highest + 2]
        assert again.desks == [highest + 1, highest + 2, highest + 3]  # the same two, one more
        desks = session.scalars(select(Counter).where(Counter.kind == "help")).all()
        assert all(desk.services == [help_service] for desk in desks)
        assert event.topics == list(topic_keys())  # none chosen: every topic
        # The help service is offered from the topics' pages, not in the kiosk's list.
        assert help_service not in session.scalars(offered_services()).all()
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions.count("event.add") == 2 and actions.count("counter.add") == 3


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": "  "}, "bad_title"),
        ({"title": "x\x00y"}, "bad_title"),
        ({"starts": time(11, 0), "ends": time(8, 0)}, "ends_before_start"),
        ({"until": date(2026, 11, 28)}, "until_before_first"),
        ({"until": date(2028, 1, 1)}, "too_long"),
        ({"topics": ["vneid", "nothing"]}, "unknown_topic"),
        ({"desks": 0}, "bad_desks"),
    ],
)
def test_what_cannot_be_saved_is_refused_and_nothing_is_written(app, changes, reason):
    with app.app_context(), database().session() as session:
        with pytest.raises(Refused) as refused:
            save_event(session, None, draft(**changes), "test")
        assert refused.value.reason == reason
        assert session.scalar(select(HelpEvent.id)) is None


def test_an_event_with_recorded_help_is_kept_for_its_report(app):
    services = demo_queue(app)
    ticket = issue(app, services["A"])
    with app.app_context(), database().session() as session:
        kept = save_event(session, None, draft(), "test")
        gone = save_event(session, None, draft(first_day=date(2026, 12, 12)), "test")
        session.add(
            HelpOutcome(
                ticket_id=ticket.id, event_id=kept.id, day=SATURDAY, topic="vneid", outcome="done"
            )
        )
        session.flush()
        with pytest.raises(Refused) as refused:
            delete_event(session, kept, "test")
        assert refused.value.reason == "has_outcomes"
        delete_event(session, gone, "test")
        assert session.scalars(select(HelpEvent.id)).all() == [kept.id]
