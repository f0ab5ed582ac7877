"""The audit log: every change to the center's set-up, from the web or the command line."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class AuditEntry(Base):
    """Who changed what, when, with the values before and after (never a password, a token or
    a citizen's personal data: kiosk/audit.py strips them). Kept: nothing purges it."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))  # "lan" (signed in) or "cli:root"
    action: Mapped[str] = mapped_column(String(64), index=True)  # "account.add"
    subject: Mapped[str] = mapped_column(String(200), default="")  # "lan", "1001193", "A"
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
