"""Which days a service opens: Vietnam's public holidays (Tết by the lunar calendar), the
government's day swaps and the center's own closed days."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.queue.calendar import Calendar, DayEntry, DayKind, public_holidays
from kiosk.queue.hours import is_open, next_opening

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE = {str(d): [["07:30", "11:30"], ["13:30", "17:00"]] for d in range(5)}  # Mon–Fri
TET_2027 = date(2027, 2, 6)  # mùng 1 Tết Đinh Mùi, a Saturday


def at(day: date, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI)


def calendar(*entries: DayEntry) -> Calendar:
    return Calendar({entry.day: entry for entry in entries})


def test_the_library_knows_the_lunar_tet_with_its_vietnamese_names():
    days = public_holidays(2027)
    assert days[TET_2027] == "Tết Nguyên Đán"
    assert days[date(2027, 2, 8)] == "Mùng ba Tết Nguyên Đán"
    assert days[date(2027, 9, 2)] == "Quốc khánh"
    assert date(2027, 2, 11) not in days  # back to work on Thursday 11 February
    assert public_holidays(2026, 2027).keys() >= {date(2026, 2, 17), TET_2027}


def test_a_tet_weekday_is_closed_with_its_name_and_opens_after_the_holiday():
    monday = date(2027, 2, 8)
    assert not is_open(OFFICE, at(monday, "09:00"), Calendar())
    assert Calendar().closure(monday) == "Mùng ba Tết Nguyên Đán"
    # From the last working day before Tết, a week ahead: the weekday alone would not do.
    assert next_opening(OFFICE, at(date(2027, 2, 3), "17:30"), Calendar()) == at(
        date(2027, 2, 11), "07:30"
    )


def test_without_a_calendar_only_the_weekly_hours_count():
    assert is_open(OFFICE, at(date(2027, 2, 8), "09:00"))


def test_a_day_off_closes_a_working_day_with_its_reason():
    friday = date(2027, 2, 12)
    off = calendar(DayEntry(friday, DayKind.DAY_OFF, "Nghỉ bù Tết Nguyên Đán"))
    assert is_open(OFFICE, at(friday, "09:00"), Calendar())
    assert not is_open(OFFICE, at(friday, "09:00"), off)
    assert off.closure(friday) == "Nghỉ bù Tết Nguyên Đán"
    assert next_opening(OFFICE, at(friday, "09:00"), off) == at(date(2027, 2, 15), "07:30")


def test_a_closed_day_of_the_centers_own_closes_it_too():
    tuesday = date(2027, 3, 16)
    closed = calendar(DayEntry(tuesday, DayKind.CLOSED, "Kiểm kê hồ sơ"))
    assert not is_open(OFFICE, at(tuesday, "14:00"), closed)
    assert closed.closure(tuesday) == "Kiểm kê hồ sơ"


@pytest.mark.parametrize(
    ("hours", "clock", "opened"),
    [
        (None, "09:00", True),  # no hours given: the Monday's
        (None, "14:00", True),
        (None, "12:00", False),
        ([["07:30", "11:30"]], "09:00", True),
        ([["07:30", "11:30"]], "14:00", False),  # the hours given, not the Monday's
    ],
)
def test_a_make_up_saturday_opens_with_the_hours_given(hours, clock, opened):
    saturday = date(2027, 2, 20)
    worked = calendar(DayEntry(saturday, DayKind.WORKDAY, "Làm bù", hours))
    assert not is_open(OFFICE, at(saturday, clock), Calendar())
    assert is_open(OFFICE, at(saturday, clock), worked) is opened
    assert worked.closure(saturday) is None


def test_a_make_up_day_follows_a_service_closed_on_mondays():
    saturday = date(2027, 2, 20)
    worked = calendar(DayEntry(saturday, DayKind.WORKDAY))
    assert not is_open({"1": [["07:30", "11:30"]]}, at(saturday, "09:00"), worked)


def test_a_holiday_the_center_works_opens_with_its_weekday_hours():
    victory = date(2027, 4, 30)  # Friday
    worked = calendar(DayEntry(victory, DayKind.HOLIDAY_WORKED))
    assert not is_open(OFFICE, at(victory, "09:00"), Calendar())
    assert is_open(OFFICE, at(victory, "09:00"), worked)
    assert worked.closure(victory) is None and worked.holiday(victory) == "Ngày Chiến thắng"


def test_a_service_open_around_the_clock_ignores_the_calendar():
    assert is_open({}, at(TET_2027, "03:00"), Calendar())
