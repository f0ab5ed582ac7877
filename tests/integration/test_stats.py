"""The statistics (/admin/stats, /admin/stats.csv, kiosk stats) against hand-made data:
a few tickets with known times, ratings, searches, scans, submissions and heartbeats."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kiosk.db import database
from kiosk.models import (
    Counter,
    DeviceUptime,
    OutboxMessage,
    Rating,
    SearchCount,
    ShortLink,
    ShortLinkScan,
    Submission,
    Ticket,
    TicketEvent,
)
from kiosk.queue.devices import register_device, seen
from kiosk.stats.export import COLUMNS
from kiosk.stats.figures import percentile
from kiosk.stats.searches import SearchCountLog
from tests.integration.test_access import add_account, signed_in
from tests.queue_support import demo_queue

MONDAY = date(2026, 3, 2)
TUESDAY = MONDAY + timedelta(days=1)
RANGE = "from=2026-03-02&to=2026-03-03"


def utc(day: date, hhmm: str) -> datetime:
    """A local time in Hà Nội (UTC+7) as the naive UTC the database stores."""
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m) - timedelta(hours=7)


def ticket(
    session,
    service_id,
    day,
    number,
    issued,
    calls=(),
    finished=None,
    status="waiting",
    counter=None,
    level=None,
):
    """A ticket issued at `issued` (local), called at each of `calls`, finished at `finished`."""
    row = Ticket(
        service_id=service_id,
        queue_service_id=service_id,
        day=day,
        number=number,
        code=f"X-{number:03d}",
        token=f"t{day:%m%d}{service_id}{number}",
        status=status,
        issued_at=utc(day, issued),
        counter_id=counter,
        called_at=utc(day, calls[-1]) if calls else None,
        finished_at=utc(day, finished) if finished else None,
    )
    session.add(row)
    session.flush()
    session.add(TicketEvent(ticket_id=row.id, kind="issued", at=row.issued_at))
    for at in calls:
        session.add(
            TicketEvent(ticket_id=row.id, kind="called", at=utc(day, at), counter_id=counter)
        )
    if level:
        session.add(
            Rating(
                ticket_id=row.id,
                service_id=service_id,
                counter_id=counter,
                level=level,
                channel="counter",
                reasons=["waited_too_long"] if level == "unsatisfied" else [],
            )
        )
    return row


@pytest.fixture
def figures(app, runner):
    """Service A on Monday: waits 5, 10, 30, 2 minutes (the last recalled after parking),
    service times 10, 6, 10; one no-show. Service B on Tuesday: one waiting. One ticket the
    day before, outside the range."""
    services = demo_queue(app)
    a, b = services["A"], services["B"]
    with app.app_context(), database().session() as session:
        c1, c2 = (session.scalar(select(Counter.id).where(Counter.number == n)) for n in (1, 2))
        ticket(session, a, MONDAY - timedelta(days=1), 1, "08:00")
        ticket(session, a, MONDAY, 1, "08:00", ["08:05"], "08:15", "served", c1, "very_satisfied")
        ticket(session, a, MONDAY, 2, "08:10", ["08:20"], "08:26", "served", c1, "unsatisfied")
        ticket(session, a, MONDAY, 3, "09:00", ["09:30"], "09:35", "no_show", c2)
        ticket(
            session, a, MONDAY, 4, "09:05", ["09:07", "09:40"], "09:50", "served", c2, "satisfied"
        )
        ticket(session, b, TUESDAY, 1, "14:00")
    add_account(runner, "minh", "admin")
    add_account(runner, "hoa", "manager")
    return {"A": a, "B": b, "c1": c1, "c2": c2}


def test_percentiles_interpolate_between_ranks_like_percentile_cont():
    from collections import Counter as Histogram

    waits = Histogram({2: 1, 5: 1, 10: 1, 30: 1})
    assert percentile(waits, 0.5) == 7.5
    assert percentile(waits, 0.9) == pytest.approx(24.0)
    assert percentile(Histogram({4: 3}), 0.9) == 4 and percentile(Histogram(), 0.5) is None


def test_every_queue_figure_matches_the_hand_made_tickets(app, figures):
    from kiosk.stats import figures as raw
    from kiosk.stats import rollup

    tz = "Asia/Ho_Chi_Minh"
    with app.app_context(), database().session() as session:
        rows = raw.raw_days(session, MONDAY, TUESDAY, tz)
        rollup.refresh(session, MONDAY, TUESDAY, tz)
        by_service = {
            k[0]: v for k, v in rollup.summed(session, MONDAY, TUESDAY, "service").items()
        }
        by_counter = {
            k[0]: v for k, v in rollup.summed(session, MONDAY, TUESDAY, "counter").items() if k[0]
        }
        heat = rollup.arrivals(session, MONDAY, TUESDAY)
    # The roll-up keeps exactly what the rows say (the hours go to the heatmap).
    assert heat == raw.arrivals(rows)
    for row in rows.values():
        row.hours.clear()
    assert by_service == raw.per_service(rows) and by_counter == raw.per_counter(rows)
    a = by_service[figures["A"]]
    assert (a.issued, a.served, a.no_show) == (4, 3, 1)
    assert (a.wait_median, a.wait_p90, a.service_median) == (7.5, 24.0, 10.0)
    assert dict(a.ratings) == {"very_satisfied": 1, "satisfied": 1, "unsatisfied": 1}
    b = by_service[figures["B"]]
    assert (b.issued, b.served, b.wait_median) == (1, 0, None)
    assert set(by_counter) == {figures["c1"], figures["c2"]}  # B's waiting ticket: no counter
    one, two = by_counter[figures["c1"]], by_counter[figures["c2"]]
    assert (one.issued, one.served, one.wait_median, one.service_median) == (2, 2, 7.5, 8.0)
    assert (two.served, two.no_show, two.wait_median) == (1, 1, 16.0)
    assert dict(two.ratings) == {"satisfied": 1}
    assert heat[0][8] == 2 and heat[0][9] == 2 and heat[1][14] == 1 and sum(map(sum, heat)) == 5


def test_the_page_shows_the_figures_to_admins_and_managers(app, figures):
    for name in ("minh", "hoa"):
        page = signed_in(app, name).get(f"/admin/stats?{RANGE}&lang=en")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "<svg" in text and "Arrivals by weekday and hour" in text
        assert "<td>7.5</td><td>24.0</td>" in text  # service A's median and 90th percentile


def test_the_range_defaults_to_the_last_30_days_and_bad_days_are_explained(app, figures):
    admin = signed_in(app, "minh")
    page = admin.get("/admin/stats?lang=en")
    assert page.status_code == 200
    for query, says in [
        ("from=2026-03-05&to=2026-03-01", "The first day must be on or before the last day."),
        ("from=yesterday&to=2026-03-01", "Enter the first day as a date"),
        ("from=2026-03-01&to=2026-02-30", "Enter the last day as a date"),
        ("from=2024-01-01&to=2026-03-01", "Choose at most 366 days."),
    ]:
        answer = admin.get(f"/admin/stats?{query}&lang=en")
        assert answer.status_code == 400, query
        text = answer.get_data(as_text=True)
        assert "There is a problem" in text and says in text, query
        assert query.split("&")[0].split("=")[1] in text  # what was typed stays
        assert admin.get(f"/admin/stats.csv?{query}").status_code == 400


def test_the_csv_has_its_columns_and_its_issued_adds_up_to_the_tickets(app, figures):
    answer = signed_in(app, "hoa").get("/admin/stats.csv?from=2026-03-01&to=2026-03-03")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert tuple(rows[0]) == COLUMNS
    with app.app_context(), database().session() as session:
        in_db = session.scalar(
            select(func.count()).where(Ticket.day.between(date(2026, 3, 1), TUESDAY))
        )
    assert sum(int(r["issued"]) for r in rows) == in_db == 6
    monday = [r for r in rows if r["date"] == "2026-03-02"]
    assert len(monday) == 1 and monday[0]["service"].startswith("A")
    assert (monday[0]["wait_median_min"], monday[0]["wait_p90_min"]) == ("7.5", "24.0")
    assert (monday[0]["very_satisfied"], monday[0]["satisfied"], monday[0]["unsatisfied"]) == (
        "1",
        "1",
        "1",
    )


def test_the_cli_writes_csv_and_xlsx(app, figures, runner, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "stats.csv"
    result = runner.invoke(
        args=[
            "stats",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-03",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[0] == ",".join(COLUMNS)
    book = tmp_path / "stats.xlsx"
    result = runner.invoke(
        args=[
            "stats",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-03",
            "--format",
            "xlsx",
            "--out",
            str(book),
        ]
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0] == COLUMNS and sum(r[2] for r in rows[1:]) == 6
    bad = runner.invoke(
        args=["stats", "--from", "2026-03-04", "--to", "2026-03-01", "--out", str(out)]
    )
    assert bad.exit_code != 0


def test_searches_are_counted_folded_and_personal_text_never_kept(app, figures):
    with app.app_context():
        log = SearchCountLog(database().sessions)
        for text in ("Khai sinh", "khai  sinh", "KHAI SINH", "đất đai", "079 123 456 789"):
            log.add(text, MONDAY)
        log.flush()
        with database().session() as session:
            kept = dict(session.execute(select(SearchCount.query, SearchCount.count)).all())
    assert kept == {"khai sinh": 3, "dat dai": 1, "": 1}
    text = signed_in(app, "minh").get(f"/admin/stats?{RANGE}&lang=en").get_data(as_text=True)
    assert "khai sinh" in text and "079" not in text


def test_a_sent_search_is_counted_for_the_day(app, figures):
    client = app.test_client()
    client.get("/?q=giay khai sinh")
    client.get("/?q=Giấy khai sinh")
    app.extensions["search_counts"].flush()
    with app.app_context(), database().session() as session:
        assert (
            session.scalar(select(SearchCount.count).where(SearchCount.query == "giay khai sinh"))
            == 2
        )


def test_the_heartbeat_adds_at_most_a_minute_a_minute(app):
    at = datetime(2026, 3, 2, 1, 0, 5)  # 08:00:05 in Hà Nội
    with app.app_context(), database().session() as session:
        register_device(session, "kiosk-1")
    with app.app_context(), database().session() as session:
        from kiosk.models import Device

        device = session.scalar(select(Device))
        device.printer_status = "ok"
        for seconds in (0, 30, 60, 90, 150):  # minutes 0, 0, 1, 1, 2; the agent reports too
            device.printer_checked_at = at + timedelta(seconds=seconds)
            seen(session, device.id, "Asia/Ho_Chi_Minh", at + timedelta(seconds=seconds))
        device.printer_status = "paper_out"
        device.printer_checked_at = at + timedelta(seconds=200)
        seen(session, device.id, "Asia/Ho_Chi_Minh", at + timedelta(seconds=200))  # minute 3
        device.printer_status = "ok"  # said once, then the agent fell silent for 2.5 minutes
        seen(session, device.id, "Asia/Ho_Chi_Minh", at + timedelta(seconds=350))  # minute 5
    with app.app_context(), database().session() as session:
        row = session.scalar(select(DeviceUptime))
    assert (row.day, row.minutes_seen, row.printer_ok_minutes) == (MONDAY, 5, 3)


def test_scans_submissions_and_deliveries_are_counted_in_the_range(app, figures):
    with app.app_context(), database().session() as session:
        link = ShortLink(slug="ks1", procedure_code="1.001193")
        session.add(link)
        session.flush()
        session.add_all(
            [
                ShortLinkScan(link_id=link.id, day=MONDAY, count=7),
                ShortLinkScan(link_id=link.id, day=MONDAY - timedelta(days=5), count=100),
            ]
        )
        for i, status in enumerate(("submitted", "done", "done")):
            sub = Submission(
                tracking_code=f"HCC-{i}",
                token=f"s{i}",
                idempotency_key=f"k{i}",
                procedure_code="1.001193",
                form_id="f",
                status=status,
                consent_version="1",
                created_at=utc(MONDAY, "10:00"),
            )
            session.add(sub)
            session.flush()
            session.add(
                OutboxMessage(
                    submission_id=sub.id,
                    idempotency_key=f"o{i}",
                    status="delivered" if i else "pending",
                    attempts=3 if i == 0 else 1,
                    last_error="timeout" if i == 0 else "",
                    created_at=utc(MONDAY, "10:00"),
                )
            )
    with app.app_context(), database().session() as session:
        from kiosk.stats import activity

        assert activity.scans(session, MONDAY, TUESDAY) == [("ks1", "1.001193", 7)]
        since, until = utc(MONDAY, "00:00"), utc(TUESDAY + timedelta(days=1), "00:00")
        assert activity.submissions(session, since, until) == {
            "1.001193": {"submitted": 1, "done": 2}
        }
        d = activity.deliveries(session, since, until)
        assert (d.delivered, d.pending, d.failing, d.abandoned, d.retries) == (2, 0, 1, 0, 2)
    text = signed_in(app, "hoa").get(f"/admin/stats?{RANGE}&lang=en").get_data(as_text=True)
    assert "/q/ks1" in text


def test_a_late_event_or_rating_rebuilds_its_day_in_the_roll_up(app, figures, monkeypatch):
    from kiosk.stats import rollup

    monkeypatch.setattr(rollup, "MARGIN", 0)  # only the marks find the late rows
    tz = "Asia/Ho_Chi_Minh"

    def service_b(session):
        rollup.refresh(session, MONDAY, TUESDAY, tz)
        return rollup.summed(session, MONDAY, TUESDAY, "service")[(figures["B"],)]

    with app.app_context(), database().session() as session:
        assert service_b(session).served == 0
    with app.app_context(), database().session() as session:
        late = session.scalar(select(Ticket).where(Ticket.day == TUESDAY))
        late.status, late.counter_id = "served", figures["c1"]
        late.called_at, late.finished_at = utc(TUESDAY, "14:20"), utc(TUESDAY, "14:30")
        session.add(TicketEvent(ticket_id=late.id, kind="called", at=late.called_at))
        session.add(TicketEvent(ticket_id=late.id, kind="served", at=late.finished_at))
        session.add(
            Rating(
                ticket_id=late.id,
                service_id=figures["B"],
                counter_id=figures["c1"],
                level="satisfied",
                reasons=[],
                channel="phone",
            )
        )
    with app.app_context(), database().session() as session:
        b = service_b(session)
        assert (b.served, b.wait_median, b.service_median) == (1, 20.0, 10.0)
        assert dict(b.ratings) == {"satisfied": 1}
        assert rollup.refresh(session, MONDAY, TUESDAY, tz) == 0  # nothing new: nothing rebuilt


def test_the_monthly_report_has_its_sheets_and_its_totals_agree(app, figures, runner, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    result = runner.invoke(args=["report", "--month", "2026-03", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == [
        "Totals",
        "Waits",
        "No-shows",
        "Satisfaction",
        "Reasons",
        "Submissions",
        "Help desks",
    ]
    totals = list(book["Totals"].iter_rows(values_only=True))
    with app.app_context(), database().session() as session:
        march = Ticket.day.between(date(2026, 3, 1), date(2026, 3, 31))
        issued = session.scalar(select(func.count()).where(march))
        no_show = session.scalar(select(func.count()).where(march, Ticket.status == "no_show"))
    assert totals[0] == ("field", "service", "issued", "served", "no_show")
    assert sum(r[2] for r in totals[1:]) == issued == 6  # March 1 included, not February
    assert sum(r[3] for r in book["No-shows"].iter_rows(min_row=2, values_only=True)) == no_show
    waits = {r[0][:1]: r for r in book["Waits"].iter_rows(min_row=2, values_only=True)}
    assert waits["A"][1:] == (7.5, 24.0, 10.0)
    satisfaction = list(book["Satisfaction"].iter_rows(min_row=2, values_only=True))
    assert sum(sum(r[1:]) for r in satisfaction) == 3
    reasons = list(book["Reasons"].iter_rows(min_row=2, values_only=True))
    assert [r[1:] for r in reasons] == [("Phải chờ đợi quá lâu", 1)]  # in words
    assert runner.invoke(args=["report", "--month", "2026-13", "--out", str(out)]).exit_code != 0
    answer = signed_in(app, "hoa").get("/admin/stats/report.xlsx?month=2026-03")
    assert answer.status_code == 200 and answer.data[:2] == b"PK"
    assert signed_in(app, "hoa").get("/admin/stats/report.xlsx?month=March").status_code == 400
    page = signed_in(app, "hoa").get(f"/admin/stats?{RANGE}").get_data(as_text=True)
    assert "/admin/stats/report.xlsx?month=2026-03" in page
