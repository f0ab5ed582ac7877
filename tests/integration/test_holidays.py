"""Holidays and day swaps (/admin/holidays), and what they do to the queue: no number on a
closed day, with the reason said; a make-up Saturday issues numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import AuditEntry, CalendarDay, Service
from kiosk.queue.calendar import public_holidays
from kiosk.queue.devices import register_device
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRefused, IssueRequest, issue_ticket
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import token

TZ = "Asia/Ho_Chi_Minh"
WEEKDAYS = {str(d): [["07:30", "11:30"], ["13:30", "17:00"]] for d in range(5)}
TET_MONDAY_9AM = datetime(2027, 2, 8, 2, 0, tzinfo=UTC)  # mùng ba Tết, 09:00 in Hà Nội
SATURDAY_9AM = datetime(2027, 2, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def admin(app, runner):
    add_account(runner, "minh", "admin")
    return signed_in(app, "minh")


@pytest.fixture
def office(app) -> int:
    """A service open Monday to Friday, office hours."""
    with app.app_context(), database().session() as session:
        service = Service(prefix="H", names={"vi": "Hộ tịch"}, opening_hours=WEEKDAYS)
        session.add(service)
        session.flush()
        return service.id


def issue(app, service_id: int, now: datetime):
    with app.app_context():
        return issue_ticket(database().locking_sessions, IssueRequest(service_id), TZ, now)


def add_day(admin, **fields):
    form = {"csrf_token": token(admin, "/admin/holidays"), **fields}
    return admin.post("/admin/holidays?lang=en", data=form)


def entries(app) -> list[tuple]:
    with app.app_context(), database().session() as session:
        rows = session.scalars(select(CalendarDay).order_by(CalendarDay.day))
        return [(r.day, r.kind, r.reason, r.hours) for r in rows]


def audited(app) -> list[tuple]:
    with app.app_context(), database().session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action.startswith("calendar")))
        return [(r.actor, r.action, r.subject) for r in rows]


def test_the_page_lists_this_and_next_years_holidays_tet_included(app, admin):
    year = local_now(app.config["TIMEZONE"]).year
    page = admin.get("/admin/holidays?lang=en").get_data(as_text=True)
    holidays = public_holidays(year, year + 1)
    for day, name in holidays.items():
        assert day.strftime("%d/%m/%Y") in page and name in page
    assert "Tết Nguyên Đán" in holidays.values()
    assert f"01/01/{year + 2}" not in page


def test_an_admin_adds_a_day_off_a_make_up_day_and_removes_one(app, admin):
    missing = add_day(admin, kind="day_off", day="2027-02-12", reason="")
    assert missing.status_code == 400
    text = missing.get_data(as_text=True)
    assert "There is a problem" in text and "Say why the center is closed" in text
    assert 'value="2027-02-12"' in text  # what was typed stays
    wrong = add_day(admin, kind="workday", day="2027-02-20", hours="sáng")
    assert wrong.status_code == 400 and "07:30-11:30" in wrong.get_data(as_text=True)

    assert add_day(admin, kind="day_off", day="2027-02-12", reason="Nghỉ bù Tết").status_code == 303
    assert add_day(admin, kind="workday", day="2027-02-20", hours="7h30-11h30").status_code == 303
    again = add_day(admin, kind="closed", day="2027-02-20", reason="Kiểm kê")
    assert again.status_code == 400 and "has an entry already" in again.get_data(as_text=True)
    assert entries(app) == [
        (date(2027, 2, 12), "day_off", "Nghỉ bù Tết", None),
        (date(2027, 2, 20), "workday", "", [["07:30", "11:30"]]),
    ]
    page = admin.get("/admin/holidays?lang=en").get_data(as_text=True)
    assert "Nghỉ bù Tết" in page and "07:30-11:30" in page

    with app.app_context(), database().session() as session:
        entry = session.scalar(select(CalendarDay.id).where(CalendarDay.day == date(2027, 2, 12)))
    csrf = token(admin, "/admin/holidays")
    assert (
        admin.post(f"/admin/holidays/{entry}/remove", data={"csrf_token": csrf}).status_code == 303
    )
    assert [e[0] for e in entries(app)] == [date(2027, 2, 20)]
    assert audited(app) == [
        ("minh", "calendar.add", "2027-02-12"),
        ("minh", "calendar.add", "2027-02-20"),
        ("minh", "calendar.remove", "2027-02-12"),
    ]


def test_a_holiday_worked_anyway_opens_with_its_weekday_hours(app, admin, office):
    victory = datetime(2027, 4, 30, 2, 0, tzinfo=UTC)  # Ngày Chiến thắng, a Friday, 09:00
    with pytest.raises(IssueRefused) as refused:
        issue(app, office, victory)
    assert refused.value.closure == "Ngày Chiến thắng"
    csrf = token(admin, "/admin/holidays")
    not_a_holiday = admin.post(
        "/admin/holidays/work", data={"csrf_token": csrf, "day": "2027-04-29"}
    )
    assert not_a_holiday.status_code == 303 and entries(app) == []
    worked = admin.post("/admin/holidays/work", data={"csrf_token": csrf, "day": "2027-04-30"})
    assert worked.status_code == 303
    assert entries(app) == [(date(2027, 4, 30), "worked", "", None)]
    assert issue(app, office, victory).number == 1


def test_no_number_on_tet_and_the_refusal_names_the_holiday(app, office):
    with pytest.raises(IssueRefused) as refused:
        issue(app, office, TET_MONDAY_9AM)
    assert (refused.value.reason, refused.value.closure) == ("closed", "Mùng ba Tết Nguyên Đán")


def test_a_make_up_saturday_issues_numbers(app, admin, office):
    with pytest.raises(IssueRefused):
        issue(app, office, SATURDAY_9AM)  # an ordinary Saturday: closed
    assert add_day(admin, kind="workday", day="2027-02-20", reason="Làm bù").status_code == 303
    ticket = issue(app, office, SATURDAY_9AM)  # the Monday's hours: open at 09:00
    assert (ticket.code, ticket.day) == ("H-001", date(2027, 2, 20))


def test_the_kiosk_and_the_api_refuse_a_number_on_a_closed_day_and_say_why(demo_app, runner):
    add_account(runner, "minh", "admin")
    admin = signed_in(demo_app, "minh")
    with demo_app.app_context(), database().session() as session:
        service = session.scalar(select(Service).where(Service.prefix == "A"))
        service.opening_hours = {str(d): [["00:00", "24:00"]] for d in range(7)}
        service_a = service.id
    kiosk = demo_app.test_client()
    question = kiosk.get(f"/kiosk/queue/{service_a}").get_data(as_text=True)
    assert "csrf_token" in question  # open now: the priority question
    today = local_now(demo_app.config["TIMEZONE"]).date()
    answer = add_day(admin, kind="closed", day=today.isoformat(), reason="Nghỉ Tết Nguyên Đán")
    assert answer.status_code == 303

    refused = kiosk.get(f"/kiosk/queue/{service_a}")
    assert refused.status_code == 303 and "refused=closed" in refused.headers["Location"]
    page = kiosk.get(refused.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "Closed today: Nghỉ Tết Nguyên Đán." in page
    assert f'href="/kiosk/queue/{service_a}"' not in page
    with demo_app.app_context(), database().session() as session:
        device = register_device(session, "test kiosk")
    api = kiosk.post(
        "/api/v1/tickets?lang=en",
        json={"service": service_a},
        headers={"Authorization": f"Bearer {device}"},
    )
    assert api.status_code == 409
    assert api.get_json()["error"] == "closed"
    assert api.get_json()["message"].startswith("Nghỉ Tết Nguyên Đán.")
