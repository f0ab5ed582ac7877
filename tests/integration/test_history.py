"""`kiosk demo --history`: the generated past has a ward center's shape (weekday and hour,
Saturday mornings, no Sundays or holidays), consistent ticket events, ratings only on
served visits, no personal data; it refuses to overwrite without --replace. SQLite and
PostgreSQL, 30 days each."""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kiosk.db import database
from kiosk.models import (
    DailySequence,
    Rating,
    SearchCount,
    SearchMiss,
    ShortLinkScan,
    StatsDayDone,
    Submission,
    SubmissionEvent,
    Ticket,
    TicketEvent,
)
from kiosk.queue.calendar import Calendar
from kiosk.queue.history import HistoryRefused, fill_history

END = date(2026, 9, 30)  # September 2026: National Day (2 September) closes the center
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 10, 20, 3, 0)  # three weeks on: the first submissions are purged


@pytest.fixture
def history(demo_app):
    app = demo_app  # the demo catalog and queue: procedures for submissions and posters
    with app.app_context():
        summary = fill_history(database().engine, 30, END, per_day=300, seed=7, now=NOW)
    return summary


def _local(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC).astimezone(ZONE)


def _rows(app, query):
    with app.app_context(), database().session() as session:
        return session.execute(query).all()


def test_the_days_have_a_ward_centers_shape(app, history):
    tickets = _rows(app, select(Ticket.day, Ticket.issued_at))
    assert len(tickets) == history.tickets > 5000
    days = {day for day, _at in tickets}
    assert all(d.weekday() != 6 for d in days)  # no Sundays
    assert all(Calendar().closure(d) is None for d in days)
    assert date(2026, 9, 2) not in days and Calendar().closure(date(2026, 9, 2))
    assert len(days) == history.days == 30 - 4 - 2  # 4 Sundays, 2 days of National Day
    per_day = Tally(day for day, _at in tickets)
    mondays = [n for d, n in per_day.items() if d.weekday() == 0]
    wednesdays = [n for d, n in per_day.items() if d.weekday() == 2]
    saturdays = [n for d, n in per_day.items() if d.weekday() == 5]
    assert min(mondays) > max(saturdays) and sum(mondays) / len(mondays) > max(wednesdays) * 0.95
    hours = Tally(_local(at).hour for _day, at in tickets)
    assert hours[9] > hours[14] > hours[16] and hours[12] == 0
    assert min(_local(at).time() for _d, at in tickets) >= datetime(1, 1, 1, 7, 30).time()
    assert max(_local(at).time() for _d, at in tickets) < datetime(1, 1, 1, 17, 0).time()
    saturday_hours = {_local(at).hour for day, at in tickets if day.weekday() == 5}
    assert saturday_hours and max(saturday_hours) <= 11  # Saturday mornings only
    assert all(_local(at).date() == day for day, at in tickets)


def test_every_ticket_has_its_events_in_order_and_numbers_stay_unique(app, history):
    events = defaultdict(list)
    for ticket_id, kind, at, counter, staff, event_id in _rows(
        app,
        select(
            TicketEvent.ticket_id,
            TicketEvent.kind,
            TicketEvent.at,
            TicketEvent.counter_id,
            TicketEvent.staff_id,
            TicketEvent.id,
        ).order_by(TicketEvent.id),
    ):
        events[ticket_id].append((kind, at, counter, staff, event_id))
    tickets = _rows(
        app,
        select(
            Ticket.id,
            Ticket.status,
            Ticket.service_id,
            Ticket.day,
            Ticket.number,
            Ticket.issued_at,
            Ticket.called_at,
            Ticket.finished_at,
            Ticket.counter_id,
        ),
    )
    statuses = Tally(status for _id, status, *_rest in tickets)
    assert set(statuses) == {"served", "no_show"}
    assert 0.05 <= statuses["no_show"] / len(tickets) <= 0.08
    transfers = 0
    for tid, status, _service, _day, _n, issued, called, finished, counter in tickets:
        kinds = [e[0] for e in events[tid]]
        assert kinds[0] == "issued" and kinds[-1] == status and kinds[1] == "called"
        transfers += kinds.count("transferred")
        assert kinds in (
            ["issued", "called", status],
            ["issued", "called", "transferred", "called", status],
        )
        moments = [e[1] for e in events[tid]]
        assert moments == sorted(moments) and moments[0] == issued
        assert called == [e[1] for e in events[tid] if e[0] == "called"][-1]
        assert finished == moments[-1] and called < finished
        assert all(e[2] is not None and e[3] is not None for e in events[tid][1:])
        assert events[tid][-1][2] == counter
    assert 0 < transfers < len(tickets) * 0.05
    numbers = defaultdict(list)
    for _id, _status, service, day, number, *_rest in tickets:
        numbers[(service, day)].append(number)
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
    sequences = dict(
        ((s, d), n)
        for s, d, n in _rows(
            app, select(DailySequence.service_id, DailySequence.day, DailySequence.last_number)
        )
    )
    assert sequences == {key: len(n) for key, n in numbers.items()}
    # Event ids follow time within the history, as live ones do (the hall display needs it).
    ordered = _rows(app, select(TicketEvent.at).order_by(TicketEvent.id))
    assert [a for (a,) in ordered] == sorted(a for (a,) in ordered)


def test_ratings_belong_to_served_visits_one_each(app, history):
    rows = _rows(
        app,
        select(
            Rating.ticket_id,
            Rating.level,
            Rating.reasons,
            Rating.channel,
            Rating.rated_at,
            Rating.counter_id,
            Rating.staff_id,
            Ticket.status,
            Ticket.finished_at,
            Ticket.counter_id,
        ).join(Ticket, Ticket.id == Rating.ticket_id),
    )
    assert len(rows) == history.ratings and len({r[0] for r in rows}) == len(rows)
    served = _rows(app, select(func.count()).where(Ticket.status == "served"))[0][0]
    assert 0.25 < len(rows) / served < 0.45
    levels = Tally(r[1] for r in rows)
    assert set(levels) == {"very_satisfied", "satisfied", "unsatisfied"}  # three-level scale
    assert levels["very_satisfied"] + levels["satisfied"] > 4 * levels["unsatisfied"]
    assert set(Tally(r[3] for r in rows)) == {"counter", "phone", "kiosk"}
    for _tid, level, reasons, _ch, rated, counter, staff, status, finished, t_counter in rows:
        assert status == "served" and rated > finished and counter == t_counter and staff
        assert not reasons or level == "unsatisfied"
    assert any(r[2] for r in rows)


def test_searches_scans_and_submissions_without_personal_data(app, history):
    assert _rows(app, select(func.count(SearchMiss.id)))[0][0] == history.search_misses > 0
    assert _rows(app, select(func.sum(ShortLinkScan.count)))[0][0] == history.scans > 0
    assert _rows(app, select(func.sum(SearchCount.count)))[0][0] >= history.searches > 0
    top = _rows(
        app,
        select(SearchCount.query)
        .group_by(SearchCount.query)
        .order_by(func.sum(SearchCount.count).desc()),
    )
    assert top[0][0] == "khai sinh" and ("",) in top  # the commonest; personal ones as ""
    submissions = _rows(
        app,
        select(
            Submission.applicant,
            Submission.answers,
            Submission.phone,
            Submission.id_last4,
            Submission.status,
            Submission.closed_at,
            Submission.purged_at,
            Submission.tracking_code,
        ),
    )
    assert len(submissions) == history.submissions > 0
    for applicant, answers, phone, last4, status, closed, _purged, code in submissions:
        assert applicant == {} and answers == {} and phone is None and last4 is None
        assert (closed is not None) == (status in ("done", "rejected"))
        assert code.startswith("HCC-26")
    assert any(purged for *_r, purged, _c in submissions)  # older than 30 days by NOW
    assert len({s[-1] for s in submissions}) == len(submissions)
    first = _rows(app, select(func.count()).where(SubmissionEvent.status == "submitted"))[0][0]
    assert first == len(submissions)


def test_it_refuses_to_write_over_tickets_and_replaces_them_when_asked(app, history):
    with app.app_context():
        engine = database().engine
        with pytest.raises(HistoryRefused) as refused:
            fill_history(engine, 5, END, per_day=300, seed=7, now=NOW)
        assert refused.value.reason == "has_tickets"
        with pytest.raises(HistoryRefused) as refused:  # before tickets that exist
            fill_history(engine, 5, END - timedelta(days=40), per_day=300, seed=7, now=NOW)
        assert refused.value.reason == "later_tickets"
        again = fill_history(engine, 30, END, per_day=300, seed=7, now=NOW, replace=True)
    assert again == history  # the same seed, the same past
    assert _rows(app, select(func.count(Ticket.id)))[0][0] == history.tickets


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_command_fills_days_ending_yesterday(app, runner):
    result = runner.invoke(args=["demo", "--history", "8", "--per-day", "50", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "open days" in result.output
    days = {d for (d,) in _rows(app, select(Ticket.day).distinct())}
    today = datetime.now(ZONE).date()
    assert days and max(days) < today and min(days) >= today - timedelta(days=8)
    built = _rows(app, select(func.count()).select_from(StatsDayDone))[0][0]
    assert built >= len(days)  # the statistics' roll-up is ready for /admin/stats
    again = runner.invoke(args=["demo", "--history", "8"])
    assert again.exit_code != 0 and "--replace" in again.output
