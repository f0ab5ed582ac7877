"""The day's report of a "Digital Citizen Saturday" event (kiosk/events/report.py) against
hand-made help-desk visits: tickets of the help service, their outcomes per topic, ratings."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook

from kiosk.db import database
from kiosk.events.report import (
    CSV_COLUMNS,
    event_report,
    latest_started_day,
    month_topic_rows,
    sheets,
)
from kiosk.events.setup import EventDraft, help_service, save_event
from kiosk.models import HelpEvent, HelpOutcome, Rating, Ticket
from kiosk.stats.report import write_workbook
from tests.queue_support import demo_queue

FIRST = date(2027, 3, 6)  # a Saturday
SECOND = date(2027, 3, 13)
THIRD = date(2027, 3, 20)
OTHER = "retired_topic"  # a topic no file ships (any more): the report still counts it


def add_event(session, title="Thứ Bảy – Ngày Công dân số", until=date(2027, 3, 27), **fields):
    draft = EventDraft(
        title=title,
        first_day=fields.pop("first_day", FIRST),
        starts=time(7, 30),
        ends=time(11, 30),
        until=until,
        place="Sảnh tầng 1",
        **fields,
    )
    return save_event(session, None, draft, "test")


def visit(session, event, day, number, outcomes, level=None, service_id=None):
    """A help-desk ticket of `day` with one HelpOutcome per (topic, outcome, reason, age,
    staff, seconds), rated `level` if given; returns the ticket."""
    service_id = service_id or help_service(session).id
    ticket = Ticket(
        service_id=service_id,
        queue_service_id=service_id,
        day=day,
        number=number,
        code=f"H-{number:03d}",
        token=f"h{day:%m%d}{service_id}n{number}",
        status="served",
        issued_at=datetime.combine(day, time(1, number % 60)),
    )
    session.add(ticket)
    session.flush()
    for topic, outcome, reason, age, staff, seconds in outcomes:
        session.add(
            HelpOutcome(
                ticket_id=ticket.id,
                event_id=event.id if event else None,
                day=day,
                topic=topic,
                outcome=outcome,
                reason=reason,
                age_group=age,
                staff_id=staff,
                help_seconds=seconds,
            )
        )
    if level:
        session.add(
            Rating(
                ticket_id=ticket.id,
                service_id=service_id,
                level=level,
                reasons=[],
                channel="phone",
            )
        )
    return ticket


@pytest.fixture
def held(app):
    """Two Saturdays of one event. The first: one visit. The second: four visits over vneid
    and another topic (one of them with no event: the desk went on after the hours), three
    ratings; a rating of an ordinary service and an outcome of another day left out."""
    services = demo_queue(app)
    with app.app_context(), database().session() as session:
        event = add_event(session, topics=["vneid"])
        visit(session, event, FIRST, 1, [("vneid", "done", None, "60_plus", 7, 600)], "satisfied")
        visit(
            session,
            event,
            SECOND,
            1,
            [
                ("vneid", "done", None, "60_plus", 7, 300),
                (OTHER, "not_done", "forgot_password", "60_plus", 7, 900),
            ],
            "very_satisfied",
        )
        visit(
            session,
            event,
            SECOND,
            2,
            [("vneid", "not_done", "no_smartphone", "under_60", 8, 420)],
            "unsatisfied",
        )
        visit(session, event, SECOND, 3, [("vneid", "not_done", "no_chip_id", None, 8, 1200)])
        visit(session, None, SECOND, 4, [(OTHER, "done", None, "under_60", 9, None)], "satisfied")
        visit(session, None, SECOND, 5, [], "unsatisfied", services["A"])
        visit(session, event, THIRD, 1, [("vneid", "done", None, "60_plus", 7, 60)])
        return event.id


def test_the_days_figures_count_visits_topics_reasons_ages_times_volunteers_and_ratings(app, held):
    with app.app_context(), database().session() as session:
        report = event_report(session, session.get(HelpEvent, held), SECOND)
    f = report.figures
    assert (f.helped, f.done, f.not_done) == (4, 2, 3)
    assert f.reasons == {"forgot_password": 1, "no_smartphone": 1, "no_chip_id": 1}
    assert (f.aged_60_plus, f.with_age) == (1, 3) and f.share_60_plus == pytest.approx(1 / 3)
    # Per visit, the longest time recorded: 900, 420, 1200 (the fourth recorded none).
    assert f.median_seconds == 900 and f.median_minutes == 15.0
    assert f.volunteers == 3
    assert f.ratings == {"very_satisfied": 1, "unsatisfied": 1, "satisfied": 1}  # not A's
    vneid, other = f.topics
    assert (vneid.topic, vneid.helped, vneid.done, vneid.not_done) == ("vneid", 3, 1, 2)
    assert vneid.reasons == {"no_smartphone": 1, "no_chip_id": 1}
    assert (vneid.aged_60_plus, vneid.with_age, vneid.median_seconds) == (1, 2, 420)
    assert (other.topic, other.helped, other.done, other.not_done) == (OTHER, 2, 1, 1)


def test_the_previous_event_days_stand_beside_the_day(app, held):
    with app.app_context(), database().session() as session:
        event = session.get(HelpEvent, held)
        later = event_report(session, event, THIRD)
        first = event_report(session, event, FIRST)
    assert [p.day for p in later.previous] == [SECOND, FIRST]
    assert [p.helped for p in later.previous] == [4, 1]
    assert later.previous[1].ratings == {"satisfied": 1}
    assert first.previous == [] and first.figures.median_seconds == 600


def test_an_event_day_without_help_has_empty_figures(app, held):
    with app.app_context(), database().session() as session:
        report = event_report(session, session.get(HelpEvent, held), date(2027, 3, 27))
    f = report.figures
    assert (f.helped, f.done, f.volunteers, f.median_seconds, f.share_60_plus) == (
        0,
        0,
        0,
        None,
        None,
    )
    assert [t.helped for t in f.topics] == [0] * len(f.topics)


def test_the_latest_day_that_has_started_is_the_default_day():
    event = HelpEvent(first_day=FIRST, until=date(2027, 3, 27), starts=time(7, 30), ends=time(11))
    assert latest_started_day(event, datetime(2027, 3, 13, 7, 0)) == FIRST
    assert latest_started_day(event, datetime(2027, 3, 13, 7, 30)) == SECOND
    assert latest_started_day(event, datetime(2027, 3, 16, 12, 0)) == SECOND
    assert latest_started_day(event, datetime(2027, 1, 1)) == FIRST  # none yet: the first
    assert latest_started_day(event, datetime(2028, 1, 1)) == date(2027, 3, 27)


def test_the_sheets_and_the_months_help_desk_rows(app, held, tmp_path):
    with app.app_context(), database().session() as session:
        report = event_report(session, session.get(HelpEvent, held), SECOND)
        month = month_topic_rows(session, date(2027, 3, 1), date(2027, 3, 31), {"vneid": "V"})
    book_path = tmp_path / "day.xlsx"
    write_workbook(sheets(report, {"vneid": "VNeID"}, ["very_satisfied", "satisfied"]), book_path)
    book = load_workbook(book_path)
    assert book.sheetnames == ["Days", "Topics"]
    days = list(book["Days"].iter_rows(values_only=True))
    assert days[0][:4] == ("day", "event", "helped", "done")
    assert [row[2] for row in days[1:]] == [4, 1]
    topics = list(book["Topics"].iter_rows(values_only=True))
    assert topics[0] == CSV_COLUMNS and topics[1][2] == "VNeID"
    # March: 6 visits; vneid 5 rows (3 done), the other topic 2 (1 done).
    assert month == [("V", 5, 3, 2, 3, 7.0), (OTHER, 2, 1, 1, 1, 15.0)]
