""" "Digital Citizen Saturday" (Thứ Bảy – Ngày Công dân số): events with volunteer help
desks, and what each help-desk visit achieved. No personal data: a visit's ticket, the help
topic, the outcome and its reason, an optional age group, the volunteer's account."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class HelpEvent(Base):
    """One event: a day, or every Saturday from `first_day` until `until` (included)."""

    __tablename__ = "help_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    first_day: Mapped[date] = mapped_column(Date, index=True)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)  # every Saturday until
    starts: Mapped[time] = mapped_column(Time)  # local time of the center
    ends: Mapped[time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list] = mapped_column(JSON, default=list)  # help topic keys, in order
    desks: Mapped[list] = mapped_column(JSON, default=list)  # help-desk counter numbers
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HelpOutcome(Base):
    """What one help-desk visit achieved for one topic (a visit can cover several)."""

    __tablename__ = "help_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("help_event.id"), nullable=True, index=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)  # the center's local day
    topic: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(16))  # done, not_done
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)  # when not done
    age_group: Mapped[str | None] = mapped_column(String(16), nullable=True)  # under_60, 60_plus
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the volunteer
    help_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)  # call to outcome
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
