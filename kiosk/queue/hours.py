"""Opening hours and local days: times are stored in UTC, days and hours are local."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def local_now(timezone: str, now: datetime | None = None) -> datetime:
    """The local wall-clock time (`now` is an aware or naive-UTC datetime, for tests)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(ZoneInfo(timezone))


def is_open(opening_hours: dict, moment: datetime) -> bool:
    """Whether a local moment falls in one of the weekday's periods ("07:30"-"11:30").

    A service with no opening hours configured is always open."""
    if not opening_hours:
        return True
    clock = moment.strftime("%H:%M")
    periods = opening_hours.get(str(moment.weekday()), [])
    return any(start <= clock < end for start, end in periods)
