"""The center's calendar: Vietnam's public holidays, computed by the `holidays` package (it
knows the lunar Tết), and the center's own entries, kept in the database: a day off (nghỉ
bù), a make-up working day (làm bù), a closed day of its own, a public holiday it works
anyway. Which days a service opens and with which hours is decided here and nowhere else;
hours.py asks. Pure but for the last functions, which read and change the entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

import holidays
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import CalendarDay
from kiosk.refusals import Refused

from .ttl_cache import facts

COUNTRY = "VN"
MONDAY = "0"  # a make-up working day without hours of its own keeps each service's Monday


class DayKind(StrEnum):
    """What a center's entry makes of its day; stored as its string value."""

    DAY_OFF = "day_off"  # nghỉ bù: a working day given as a holiday
    WORKDAY = "workday"  # làm bù: a make-up working day, a Saturday for instance
    CLOSED = "closed"  # a closed day of the center's own
    HOLIDAY_WORKED = "worked"  # a public holiday the center works anyway

    @property
    def closes(self) -> bool:
        return self in (DayKind.DAY_OFF, DayKind.CLOSED)


@dataclass(frozen=True)
class DayEntry:
    """One of the center's entries."""

    day: date
    kind: DayKind
    reason: str = ""
    hours: list | None = None  # a make-up working day's periods; None: the Monday hours
    id: int | None = None


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> tuple[tuple[date, str], ...]:
    found = holidays.country_holidays(COUNTRY, years=year, language="vi")
    return tuple(sorted(found.items()))


def public_holidays(first_year: int, last_year: int | None = None) -> dict[date, str]:
    """Vietnam's public holidays of these years (included), by day, with their Vietnamese
    names ("Tết Nguyên Đán")."""
    days: dict[date, str] = {}
    for year in range(first_year, (last_year or first_year) + 1):
        days.update(_holidays_of(year))
    return days


@dataclass(frozen=True)
class Calendar:
    """The public holidays together with the center's entries (by day)."""

    entries: Mapping[date, DayEntry] = field(default_factory=dict)

    def holiday(self, day: date) -> str | None:
        """The public holiday's name that day, if there is one."""
        return public_holidays(day.year).get(day)

    def closure(self, day: date) -> str | None:
        """Why the center is closed all that day (a holiday's name, a day off's reason), or
        None on an ordinary day, a make-up working day or a holiday it works."""
        entry = self.entries.get(day)
        if entry is not None:
            return entry.reason if entry.kind.closes else None
        return self.holiday(day)

    def periods(self, opening_hours: Mapping, day: date) -> list:
        """A service's opening periods on a day: its weekday's, none when the center is
        closed, a make-up working day's own (else the Monday's)."""
        entry = self.entries.get(day)
        if entry is not None and entry.kind == DayKind.WORKDAY:
            return list(entry.hours or opening_hours.get(MONDAY, []))
        if self.closure(day) is not None:
            return []
        return list(opening_hours.get(str(day.weekday()), []))


def load_calendar(db: Connection | Session) -> Calendar:
    """The calendar with the center's entries as the database holds them."""
    rows = db.execute(
        select(
            CalendarDay.id, CalendarDay.day, CalendarDay.kind, CalendarDay.reason, CalendarDay.hours
        )
    )
    return Calendar(
        {
            row.day: DayEntry(row.day, DayKind(row.kind), row.reason or "", row.hours, row.id)
            for row in rows
        }
    )


def center_calendar(db: Connection | Session) -> Calendar:
    """The calendar as issuing and the kiosk see it: remembered a few seconds (ttl_cache)."""
    return facts(db).remembered(("calendar",), lambda: load_calendar(db))


def add_entry(session: Session, entry: DayEntry, actor: str) -> CalendarDay:
    """Write one of the center's entries (the caller commits, then forgets the remembered
    calendar: ttl_cache). Raises Refused("day_taken") when the day has one
    already, Refused("no_holiday") when a holiday to work falls on no public holiday."""
    if session.scalar(select(CalendarDay.id).where(CalendarDay.day == entry.day)) is not None:
        raise Refused("day_taken", f"{entry.day} has an entry already.")
    if entry.kind == DayKind.HOLIDAY_WORKED and Calendar().holiday(entry.day) is None:
        raise Refused("no_holiday", f"{entry.day} is no public holiday.")
    row = CalendarDay(day=entry.day, kind=entry.kind.value, reason=entry.reason, hours=entry.hours)
    session.add(row)
    audit.record(session, actor, "calendar.add", entry.day.isoformat(), None, _audited(row))
    return row


def remove_entry(session: Session, row: CalendarDay, actor: str) -> None:
    """Remove one of the center's entries: the day follows the holidays and weekly hours."""
    audit.record(session, actor, "calendar.remove", row.day.isoformat(), _audited(row), None)
    session.delete(row)


def _audited(row: CalendarDay) -> dict:
    return {"kind": row.kind, "reason": row.reason, "hours": row.hours}
