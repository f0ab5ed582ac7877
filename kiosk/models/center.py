"""The center's own settings as the administration area keeps them: one `center` row today
(a later step hosts several centers on one server, each with its row), the home screen's
tiles and where each field's or procedure's applications are received. An empty column means
"the default of kiosk.toml / KIOSK_* variables" (kiosk/config.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Center(Base):
    __tablename__ = "center"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    guest_wifi: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rating_scale: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 3 or 4 levels
    # Where a citizen sends a formal complaint (phản ánh, kiến nghị): an address, a phone, a link.
    complaint_contact: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class HomeTile(Base):
    """One tile of the kiosk home: a field (lĩnh vực) or a featured procedure, in order."""

    __tablename__ = "home_tile"
    __table_args__ = (UniqueConstraint("center_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # "field" or "procedure"
    value: Mapped[str] = mapped_column(String(255))  # the field's name or the procedure's code


class Reception(Base):
    """The counters that receive a field's applications, or one procedure's (overriding its
    field's)."""

    __tablename__ = "reception"
    __table_args__ = (UniqueConstraint("center_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # "field" or "procedure"
    value: Mapped[str] = mapped_column(String(255))
    counters: Mapped[list] = mapped_column(JSON, default=list)  # counter numbers, in order
