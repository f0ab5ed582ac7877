"""Short links printed on posters (/q/SLUG) and their scans counted per day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ShortLink(Base):
    """A stable slug that leads phones to a procedure's page.

    `procedure_code` is deliberately not a foreign key: a printed poster outlives the
    procedure it was made for, and staff repoint its link to the one that replaced it."""

    __tablename__ = "short_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(16), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ShortLinkScan(Base):
    """How many times a link was opened on one local day: a count, nothing about who."""

    __tablename__ = "short_link_scan"

    link_id: Mapped[int] = mapped_column(
        ForeignKey("short_link.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
