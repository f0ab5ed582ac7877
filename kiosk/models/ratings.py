"""Satisfaction ratings: one per visit (a ticket that was served), given at the counter's
tablet, on the phone or at the kiosk. No personal data: the visit, its service, counter and
staff member, the level and the reasons chosen from a fixed list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Rating(Base):
    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_rated_at", "rated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), unique=True)  # one a visit
    # The submission the visit handled, when it handled one (by its tracking code).
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    level: Mapped[str] = mapped_column(
        String(16)
    )  # very_satisfied, satisfied, neutral, unsatisfied
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # keys of kiosk/ratings.py REASONS
    channel: Mapped[str] = mapped_column(String(16))  # counter, phone, kiosk
    rated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
