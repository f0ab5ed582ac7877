"""Opening hours and local days: times are stored in UTC, days and hours are local."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.refusals import Refused

from .calendar import Calendar

LOOK_AHEAD_DAYS = 32


def local_now(timezone: str, now: datetime | None = None) -> datetime:
    """The local wall-clock time (`now` is an aware or naive-UTC datetime, for tests)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(ZoneInfo(timezone))


def utc_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """A local day as the naive UTC moments the database stores: [start, end)."""
    zone = ZoneInfo(timezone)
    start, end = (datetime.combine(d, time.min, zone) for d in (day, day + timedelta(days=1)))
    return start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)


def is_open(opening_hours: dict, moment: datetime, calendar: Calendar | None = None) -> bool:
    """Whether a local moment falls in one of that day's periods ("07:30"-"11:30"): the
    weekday's, unless the calendar (when given) closes the day or makes it a make-up
    working day.

    A service with no opening hours configured is always open, holidays included."""
    if not opening_hours:
        return True
    clock = moment.strftime("%H:%M")
    periods = _periods(opening_hours, moment.date(), calendar)
    return any(start <= clock < end for start, end in periods)


def next_opening(
    opening_hours: dict, moment: datetime, calendar: Calendar | None = None
) -> datetime | None:
    """When a service next opens after the local `moment`, within a month (None: never):
    long enough to see past the Tết holidays."""
    for days in range(LOOK_AHEAD_DAYS):
        day = moment.date() + timedelta(days=days)
        for start, _end in sorted(_periods(opening_hours, day, calendar)):
            opening = datetime.combine(day, time.fromisoformat(start), moment.tzinfo)
            if opening > moment:
                return opening
    return None


def _periods(opening_hours: dict, day: date, calendar: Calendar | None) -> list:
    if calendar is None:
        return opening_hours.get(str(day.weekday()), [])
    return calendar.periods(opening_hours, day)


class HoursError(Refused, ValueError):
    """Opening hours that cannot be read: `reason` is format, time, order or overlap, and
    `part` the period at fault."""

    def __init__(self, reason: str, part: str, message: str):
        super().__init__(reason, f"{part!r}: {message}")
        self.part = part


_TIME = r"(\d{1,2})(?:[:h.](\d{2})?)?"  # 07:30, 7h30, 7.30, 17h, 17
_PERIOD = re.compile(rf"^\s*{_TIME}\s*[-–—]\s*{_TIME}\s*$")


def parse_periods(text: str) -> list[list[str]]:
    """One weekday's periods as typed: "07:30-11:30, 13:30-17:00" (also 7h30–11h30, 13h-17h); "" is
    closed that day. Sorted; each must end after it starts and not overlap the next."""
    periods = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", text or ""))):
        match = _PERIOD.match(part)
        if not match:
            raise HoursError("format", part, "write periods as 07:30-11:30, 13:30-17:00")
        h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
        if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60):
            raise HoursError("time", part, "not a time of day")
        start, end = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
        if end <= start:
            raise HoursError("order", part, "the end must come after the start")
        periods.append([start, end])
    periods.sort()
    for (_s1, end), (start, _e2) in zip(periods, periods[1:], strict=False):
        if start < end:
            raise HoursError("overlap", f"{start}-{_e2}", "periods overlap")
    return periods


def periods_text(periods: list) -> str:
    """A weekday's periods as the form shows them: "07:30-11:30, 13:30-17:00"."""
    return ", ".join(f"{start}-{end}" for start, end in periods)
