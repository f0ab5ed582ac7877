"""Confirming a submission and changing its status. Pure domain: no Flask.

Confirming is one transaction: the next tracking number, the submission, its first event,
the outbox message for the back office and the receipt's print job. So a crash, a printer
fault or a dead network loses nothing, and confirming the same draft twice (a double tap,
a resend after a timeout) returns the submission made the first time."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import OutboxMessage, PrintJob, Submission, SubmissionEvent, SubmissionSequence
from kiosk.models.base import utcnow
from kiosk.models.submissions import CLOSED, SubmissionStatus
from kiosk.queue.hours import local_now
from kiosk.refusals import Refused
from kiosk.scan import classify

# The statuses staff set at the counter, and the ones that need a note for the citizen.
STAFF_STATUSES = (
    SubmissionStatus.RECEIVED,
    SubmissionStatus.NEEDS_DOCUMENTS,
    SubmissionStatus.REJECTED,
    SubmissionStatus.DONE,
)
NOTE_REQUIRED = (SubmissionStatus.NEEDS_DOCUMENTS, SubmissionStatus.REJECTED)


@dataclass(frozen=True)
class Draft:
    """What the citizen confirmed at the kiosk (the web layer keeps it until then)."""

    key: str  # made when the flow started; the idempotency key of the confirmation
    procedure_code: str
    procedure_name: str
    form_id: str
    applicant: dict  # the ID card's fields (ISO dates), the address as confirmed
    answers: dict
    consent_version: str
    case: str = ""
    phone: str | None = None
    locale: str = "vi"
    device_id: int | None = None


@dataclass(frozen=True)
class Confirmed:
    id: int
    tracking_code: str
    token: str
    created: bool = field(default=True, compare=False)  # False: an earlier confirmation


class StatusError(Refused, ValueError):
    """A status change that is not allowed; `reason` is "status", "note", "closed" or
    "purged" (its personal data is erased: a note added now would outlive the purge)."""


def tracking_code(center: str, day: date, number: int) -> str:
    """CENTER-YYMMDD-NNNN: HCC-261123-0007 (a 10,000th submission of a day gets 5 digits)."""
    return f"{center}-{day:%y%m%d}-{number:04d}"


def confirm(
    sessions: sessionmaker,
    draft: Draft,
    *,
    center: str,
    timezone: str,
    webhook: bool,
    now: datetime | None = None,
) -> Confirmed:
    """Store a confirmed draft with its tracking code, outbox message (when a back office is
    configured) and receipt print job (when it came from a kiosk device)."""
    now = now or utcnow()
    day = local_now(timezone, now).date()
    try:
        with sessions() as session, session.begin():
            number = _next_number(session, center, day)
            submission = Submission(
                tracking_code=tracking_code(center, day, number),
                token=secrets.token_urlsafe(24),
                idempotency_key=draft.key,
                procedure_code=draft.procedure_code,
                procedure_name=draft.procedure_name,
                case=draft.case,
                form_id=draft.form_id,
                status=SubmissionStatus.SUBMITTED,
                applicant=draft.applicant,
                answers=draft.answers,
                phone=draft.phone or None,
                id_last4=(draft.applicant.get("id_number") or "")[-4:] or None,
                consent_version=draft.consent_version,
                locale=draft.locale,
                device_id=draft.device_id,
                created_at=now,
                updated_at=now,
            )
            session.add(submission)
            session.flush()
            session.add(
                SubmissionEvent(
                    submission_id=submission.id, status=SubmissionStatus.SUBMITTED, at=now
                )
            )
            if webhook:
                session.add(
                    OutboxMessage(
                        submission_id=submission.id,
                        idempotency_key=f"submission-{submission.token}",
                        created_at=now,
                    )
                )
            if draft.device_id is not None:
                session.add(
                    PrintJob(
                        device_id=draft.device_id,
                        submission_id=submission.id,
                        kind="receipt",
                        created_at=now,
                    )
                )
            return Confirmed(submission.id, submission.tracking_code, submission.token)
    except IntegrityError:
        # The same draft confirmed a moment ago (another tap, another process).
        with sessions() as session:
            earlier = session.scalar(
                select(Submission).where(Submission.idempotency_key == draft.key)
            )
            if earlier is None:
                raise
            return Confirmed(earlier.id, earlier.tracking_code, earlier.token, created=False)


def by_token(session: Session, token: str) -> Submission | None:
    if not token or len(token) > 48:
        return None
    return session.scalar(select(Submission).where(Submission.token == token))


def by_code(session: Session, code: str) -> Submission | None:
    """A submission by its tracking code, however it was typed (case, spaces)."""
    code = "".join(code.split()).upper()
    if not code or len(code) > 32:
        return None
    return session.scalar(select(Submission).where(Submission.tracking_code == code))


def by_receipt(session: Session, text: str, public_base_url: str) -> Submission | None:
    """The submission a receipt names: its scanned QR (/s/TOKEN), token or tracking code."""
    text = text.strip()
    if not text.isprintable():  # no receipt holds a control code; PostgreSQL refuses NUL
        return None
    scan = classify(text, public_base_url)
    if scan.kind == "submission" and scan.token:
        return by_token(session, scan.token)
    return by_code(session, text) or by_token(session, text)


def lookup(session: Session, code: str, id_last4: str) -> Submission | None:
    """The citizen's own lookup: the tracking code and the last 4 digits of the ID number
    must both match (a purged submission has no digits left, so it is not found)."""
    submission = by_code(session, code)
    digits = "".join(id_last4.split())
    if submission is None or submission.id_last4 is None:
        return None
    if not secrets.compare_digest(submission.id_last4, digits):
        return None
    return submission


def set_status(
    sessions: sessionmaker,
    submission_id: int,
    status: str,
    *,
    note: str = "",
    staff_id: int | None = None,
    now: datetime | None = None,
) -> Submission:
    """A counter's decision. needs_documents and rejected need a note (which documents,
    why); a closed submission (done, rejected) stays closed."""
    if status not in STAFF_STATUSES:
        raise StatusError("status")
    note = note.strip()
    if status in NOTE_REQUIRED and not note:
        raise StatusError("note")
    now = now or utcnow()
    with sessions() as session, session.begin():
        submission = session.get(Submission, submission_id, with_for_update=True)
        if submission is None:
            raise LookupError(submission_id)
        if submission.status in CLOSED:
            raise StatusError("closed")
        if submission.purged_at is not None:
            raise StatusError("purged")
        submission.status, submission.status_note, submission.updated_at = status, note, now
        if status in CLOSED:
            submission.closed_at = now
        session.add(
            SubmissionEvent(
                submission_id=submission.id, status=status, note=note, staff_id=staff_id, at=now
            )
        )
    return submission


def _next_number(session: Session, center: str, day: date) -> int:
    """Take the next number of the day in one statement, safe with many processes."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(SubmissionSequence)
        .values(center=center, day=day, last_number=1)
        .on_conflict_do_update(
            index_elements=["center", "day"],
            set_={"last_number": SubmissionSequence.last_number + 1},
        )
        .returning(SubmissionSequence.last_number)
    )
    return session.execute(statement).scalar_one()
