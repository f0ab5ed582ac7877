"""Daily counts kept for the statistics (kiosk/stats/): searches per folded text, how long
each kiosk and its printer were seen working, and the queue's daily roll-up. Counts only:
nothing about who."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class SearchCount(Base):
    """How many times a text (folded: no tones, lower case) was searched on one local day.
    A text that looked like personal data is counted under "" and never kept."""

    __tablename__ = "search_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    query: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class DeviceUptime(Base):
    """Minutes of one local day in which a kiosk reported in, and those in which its
    printer last said "ok": one row per device and day, added to at most once a minute."""

    __tablename__ = "device_uptime"

    device_id: Mapped[int] = mapped_column(
        ForeignKey("device.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    minutes_seen: Mapped[int] = mapped_column(Integer, default=0)
    printer_ok_minutes: Mapped[int] = mapped_column(Integer, default=0)


class StatsDay(Base):
    """The queue's counts of one local day, service and counter (0: none), computed from the
    tickets, their events and ratings (kiosk/stats/rollup.py) so a year reads fast."""

    __tablename__ = "stats_day"
    __table_args__ = {"sqlite_with_rowid": False}  # SQLite: rows kept in day order

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: no counter
    issued: Mapped[int] = mapped_column(Integer, default=0)
    served: Mapped[int] = mapped_column(Integer, default=0)
    no_show: Mapped[int] = mapped_column(Integer, default=0)
    very_satisfied: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    neutral: Mapped[int] = mapped_column(Integer, default=0)
    unsatisfied: Mapped[int] = mapped_column(Integer, default=0)


class StatsStep(Base):
    """A histogram bar of the same day, service and counter: how many tickets waited
    `value` whole minutes (kind "wait"), were served in `value` minutes ("service"), or
    were issued in local hour `value` ("hour"). Summed in SQL over any range of days."""

    __tablename__ = "stats_step"
    __table_args__ = {"sqlite_with_rowid": False}  # SQLite: rows kept in day order

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class StatsDayDone(Base):
    """A local day whose StatsDay rows are up to date (deleted when a late event comes)."""

    __tablename__ = "stats_day_done"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StatsMark(Base):
    """How far the roll-up has read a table of events ("ticket_event", "rating"): the
    highest id seen when it last looked for late events."""

    __tablename__ = "stats_mark"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
