"""Opening hours and local days: times are stored in UTC, days and hours are local."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


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


def is_open(opening_hours: dict, moment: datetime) -> bool:
    """Whether a local moment falls in one of the weekday's periods ("07:30"-"11:30").

    A service with no opening hours configured is always open."""
    if not opening_hours:
        return True
    clock = moment.strftime("%H:%M")
    periods = opening_hours.get(str(moment.weekday()), [])
    return any(start <= clock < end for start, end in periods)


def next_opening(opening_hours: dict, moment: datetime) -> datetime | None:
    """When a service next opens after the local `moment`, within a week (None: never)."""
    for days in range(8):
        day = moment.date() + timedelta(days=days)
        for start, _end in sorted(opening_hours.get(str(day.weekday()), [])):
            opening = datetime.combine(day, time.fromisoformat(start), moment.tzinfo)
            if opening > moment:
                return opening
    return None
