"""Submissions started at the kiosk ("Công dân không viết"), their status history, the
daily sequence behind tracking codes, and the outbox that hands them to the back office.

Personal data (the `applicant` card fields, `answers`, `phone`, `id_last4`, notes) exists
only in submissions the citizen confirmed. `kiosk purge` erases it after the retention period:
counted from closing for a closed submission, from its last change for one never closed. The row
stays for anonymous counts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, LeasedWork, utcnow


class SubmissionStatus(StrEnum):
    """Where a submission stands; stored as its string value."""

    SUBMITTED = "submitted"  # confirmed at the kiosk, not yet seen at a counter
    RECEIVED = "received"
    NEEDS_DOCUMENTS = "needs_documents"
    REJECTED = "rejected"  # closes it
    DONE = "done"  # closes it


class DeliveryStatus(StrEnum):
    """An outbox message's state; stored as its string value."""

    PENDING = "pending"
    DELIVERED = "delivered"
    ABANDONED = "abandoned"  # the submission's personal data was erased before it was sent


STATUSES = tuple(SubmissionStatus)
CLOSED = (SubmissionStatus.REJECTED, SubmissionStatus.DONE)


class Submission(Base):
    __tablename__ = "submission"
    __table_args__ = (Index("ix_submission_status_closed", "status", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(32), unique=True)  # HCC-261123-0007
    token: Mapped[str] = mapped_column(String(48), unique=True)  # the /s/TOKEN status page
    # The kiosk's draft key: confirming twice (double tap, resend) gives the same submission.
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(16), index=True)
    procedure_name: Mapped[str] = mapped_column(Text, default="")  # as it was when submitted
    case: Mapped[str] = mapped_column(Text, default="")  # trường hợp, when the procedure has some
    form_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=SubmissionStatus.SUBMITTED)
    status_note: Mapped[str] = mapped_column(Text, default="")  # documents missing, why rejected
    # Personal data, erased by the purge:
    applicant: Mapped[dict] = mapped_column(JSON, default=dict)  # the ID card's fields, confirmed
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # the form's own questions
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    id_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)  # lookup and lists
    consent_version: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SubmissionEvent(Base):
    """A status change: who (staff id), when, and the note shown to the citizen."""

    __tablename__ = "submission_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SubmissionSequence(Base):
    """The last tracking number given out per center code and local day."""

    __tablename__ = "submission_sequence"

    center: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class OutboxMessage(LeasedWork, Base):
    """A submission to hand to the back-office webhook, written in the confirming
    transaction. It holds no copy of the data: the payload is built from the submission
    when it is sent, so the purge leaves nothing behind here."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(32), default="submission.confirmed")
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
