"""When a closed service opens next: later today, tomorrow, after a weekend, or never."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.queue.hours import next_opening

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE = {str(d): [["07:30", "11:30"], ["13:30", "17:00"]] for d in range(5)}
OFFICE["5"] = [["07:30", "11:30"]]


def at(day: int, clock: str) -> datetime:
    """23 November 2026 is a Monday: day 0."""
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=HANOI)


@pytest.mark.parametrize(
    ("now", "opens"),
    [
        (at(0, "12:00"), at(0, "13:30")),  # lunch break: this afternoon
        (at(0, "06:00"), at(0, "07:30")),
        (at(0, "19:45"), at(1, "07:30")),  # evening: tomorrow morning
        (at(5, "12:00"), at(7, "07:30")),  # Saturday noon: Monday
        (at(6, "10:00"), at(7, "07:30")),  # Sunday
    ],
)
def test_the_next_opening_is_the_first_period_still_ahead(now, opens):
    assert next_opening(OFFICE, now) == opens


def test_a_service_closed_every_day_never_opens():
    assert next_opening({str(d): [] for d in range(7)}, at(0, "09:00")) is None
