"""Opening hours as an administrator types them, one weekday at a time."""

from __future__ import annotations

import pytest

from kiosk.queue.hours import HoursError, parse_periods, periods_text


@pytest.mark.parametrize(
    ("typed", "periods"),
    [
        ("07:30-11:30, 13:30-17:00", [["07:30", "11:30"], ["13:30", "17:00"]]),
        ("13h30–17h00; 7h30 - 11h30", [["07:30", "11:30"], ["13:30", "17:00"]]),
        ("7.30-11.30", [["07:30", "11:30"]]),
        ("13h-17h", [["13:00", "17:00"]]),
        ("", []),
        ("  ", []),
        ("00:00-24:00", [["00:00", "24:00"]]),
    ],
)
def test_typed_hours_are_read_in_order(typed, periods):
    assert parse_periods(typed) == periods
    assert parse_periods(periods_text(periods)) == periods


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("sáng", "format"),
        ("7:30", "format"),
        ("7:3-8", "format"),
        ("25:00-26:00", "time"),
        ("07:70-08:00", "time"),
        ("11:30-07:30", "order"),
        ("07:30-12:00, 11:00-17:00", "overlap"),
    ],
)
def test_hours_that_cannot_be_read_say_why(typed, reason):
    with pytest.raises(HoursError) as refused:
        parse_periods(typed)
    assert refused.value.reason == reason
