"""Daily counts kept for the statistics (kiosk/stats/): searches per folded text and how
long each kiosk and its printer were seen working. Counts only: nothing about who."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


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
