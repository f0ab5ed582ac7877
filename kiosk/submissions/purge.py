"""Erasing personal data after the retention period (`kiosk purge`). Pure domain: no Flask.

A submission loses its personal data (the ID card's fields, the answers, the phone, the last
ID digits, the notes to the citizen) once it has been closed (done, rejected) for longer than
the retention period, or, never closed, once its last change (confirming, or a counter's
status) is older than that: the citizen never came back to the counter. The row stays, with
its procedure, status, dates and consent version, so anonymous counts still add up. Purging
twice changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Submission, SubmissionEvent
from kiosk.models.base import utcnow
from kiosk.models.submissions import CLOSED
from kiosk.refusals import Refused

BATCH = 500  # submissions per transaction: short locks, steady progress


@dataclass
class PurgeReport:
    """The submissions due for erasing: counts by kind, procedure and status, and their ids."""

    cutoff: datetime
    now: datetime
    ids: list[int] = field(default_factory=list, repr=False)
    closed: int = 0  # done or rejected before the cutoff
    abandoned: int = 0  # never closed, last changed before the cutoff
    by_procedure_status: Counter = field(default_factory=Counter)  # (code, status) -> count

    @property
    def total(self) -> int:
        return len(self.ids)


def expired(cutoff: datetime):
    """The condition a submission whose personal data is due for erasing meets."""
    closed = and_(
        Submission.status.in_(CLOSED),
        func.coalesce(Submission.closed_at, Submission.created_at) < cutoff,
    )
    abandoned = and_(Submission.status.not_in(CLOSED), Submission.updated_at < cutoff)
    return and_(Submission.purged_at.is_(None), or_(closed, abandoned))


def find_expired(
    sessions: sessionmaker, older_than: timedelta, now: datetime | None = None
) -> PurgeReport:
    """What a purge would erase now (a dry run shows this and stops)."""
    now = now or utcnow()
    report = PurgeReport(cutoff=now - older_than, now=now)
    query = select(Submission.id, Submission.procedure_code, Submission.status)
    with sessions() as session:
        due = session.execute(query.where(expired(report.cutoff)).order_by(Submission.id))
        for submission_id, code, status in due:
            report.ids.append(submission_id)
            report.by_procedure_status[code, status] += 1
            if status in CLOSED:
                report.closed += 1
            else:
                report.abandoned += 1
    return report


def erase(
    sessions: sessionmaker,
    report: PurgeReport,
    progress: Callable[[int], object] | None = None,
    batch: int = BATCH,
) -> int:
    """Erase the personal data of the report's submissions, one transaction per batch;
    `progress(n)` after each batch of n. Returns how many were erased."""
    erased = 0
    for start in range(0, len(report.ids), batch):
        chunk = report.ids[start : start + batch]
        with sessions() as session, session.begin():
            erased += _erase(session, chunk, report.cutoff, report.now)
        if progress:
            progress(len(chunk))
    return erased


def purge(sessions: sessionmaker, older_than: timedelta, now: datetime | None = None) -> int:
    """Find and erase in one go (at `kiosk serve` start); returns how many were erased."""
    return erase(sessions, find_expired(sessions, older_than, now))


def _erase(session: Session, ids: list[int], cutoff: datetime, now: datetime) -> int:
    # The condition is checked again: a submission closed since it was found is left alone.
    erased = session.scalars(
        update(Submission)
        .where(Submission.id.in_(ids), expired(cutoff))
        .values(**_erased_fields(now))
        .returning(Submission.id)
        .execution_options(synchronize_session=False)
    ).all()
    _clear_notes(session, list(erased))
    return len(erased)


def _erased_fields(now: datetime) -> dict:
    return {
        "applicant": {},
        "answers": {},
        "phone": None,
        "id_last4": None,  # None, not "": the citizen's lookup then finds nothing
        "status_note": "",
        "purged_at": now,
    }


def _clear_notes(session: Session, submission_ids: list[int]) -> None:
    if submission_ids:
        session.execute(
            update(SubmissionEvent)
            .where(SubmissionEvent.submission_id.in_(submission_ids), SubmissionEvent.note != "")
            .values(note="")
            .execution_options(synchronize_session=False)
        )


class ErasureError(Refused, ValueError):
    """An erasure that cannot be done: `reason` is "reason" (not one of ERASURE_REASONS) or
    "erased" (already erased)."""


# Why a citizen's data is erased before its time (Law 91/2025 on personal data protection):
# the event's status says which, and holds nothing of what was erased.
ERASURE_REASONS = {
    "request": "erased_request",  # the citizen asked for their data to be deleted
    "withdrawn": "erased_consent",  # the citizen withdrew their consent
}


def erase_on_request(
    sessions: sessionmaker,
    submission_id: int,
    reason: str,
    staff_id: int | None,
    now: datetime | None = None,
) -> Submission:
    """Erase one submission's personal data now, at the citizen's request or because they
    withdrew consent. The row, its tracking code and status history stay; an event records
    who erased it, when and why. Pending deliveries are then abandoned by the outbox."""
    if reason not in ERASURE_REASONS:
        raise ErasureError("reason")
    now = now or utcnow()
    with sessions() as session, session.begin():
        submission = session.get(Submission, submission_id, with_for_update=True)
        if submission is None:
            raise LookupError(submission_id)
        if submission.purged_at is not None:
            raise ErasureError("erased")
        for name, value in _erased_fields(now).items():
            setattr(submission, name, value)
        submission.updated_at = now
        session.flush()
        _clear_notes(session, [submission.id])
        session.add(
            SubmissionEvent(
                submission_id=submission.id,
                status=ERASURE_REASONS[reason],
                staff_id=staff_id,
                at=now,
            )
        )
    return submission


def kept_counts(session: Session) -> dict[tuple[str, str], tuple[int, int]]:
    """(procedure code, status) -> (submissions, of which erased): what anonymous counts read."""
    rows = session.execute(
        select(
            Submission.procedure_code,
            Submission.status,
            func.count(Submission.id),
            func.count(Submission.purged_at),
        )
        .group_by(Submission.procedure_code, Submission.status)
        .order_by(Submission.procedure_code, Submission.status)
    )
    return {(code, status): (count, erased) for code, status, count, erased in rows}
