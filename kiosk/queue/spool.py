"""The print spool: jobs are written with their ticket and printed after commit.

A printer (the worker inside `kiosk serve`, or `kiosk-printer agent` on a kiosk PC) claims a
job with a conditional UPDATE, prints it and acknowledges it. A claim is a lease: a printer
that dies before acknowledging gives the job back after LEASE. A failure is retried with
backoff; a printed job is never handed out again; a job nobody printed in time expires, since
the citizen has left with the number on screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import sessionmaker

from kiosk.background.leases import Backoff, take
from kiosk.metrics import print_failures
from kiosk.models import Device, PrintJob
from kiosk.models.base import utcnow
from kiosk.models.queue import PrintJobStatus

LEASE = timedelta(seconds=60)
MAX_AGE = timedelta(minutes=10)
backoff = Backoff((2, 5, 15, 30), then=60)  # after the n-th failed try
PRINTER_STATUSES = ("ok", "offline", "paper_out", "error", "unknown")


@dataclass(frozen=True)
class Job:
    id: int
    kind: str  # "ticket" or "receipt"
    ticket_id: int | None
    device_id: int | None
    attempts: int
    submission_id: int | None = None  # a receipt's


def claim(
    sessions: sessionmaker, device_ids: list[int | None], now: datetime | None = None
) -> Job | None:
    """Lease the oldest due job of these devices (None: jobs without a device)."""
    now = now or utcnow()
    due = or_(
        and_(
            PrintJob.status.in_(("pending", "failed")),
            or_(PrintJob.next_attempt_at.is_(None), PrintJob.next_attempt_at <= now),
        ),
        and_(PrintJob.status == "printing", PrintJob.claimed_at < now - LEASE),
    )
    known = [i for i in device_ids if i is not None]
    mine = or_(
        PrintJob.device_id.in_(known),
        *([PrintJob.device_id.is_(None)] if None in device_ids else []),
    )
    with sessions() as session, session.begin():
        # Nobody printed these in time: the citizen has left with the number on screen.
        session.execute(
            update(PrintJob)
            .where(due, mine, PrintJob.created_at < now - MAX_AGE)
            .values(status=PrintJobStatus.EXPIRED)
            .execution_options(synchronize_session=False)
        )
        rows = session.execute(
            select(PrintJob.id, PrintJob.status, PrintJob.claimed_at)
            .where(due, mine)
            .order_by(PrintJob.id)
            .limit(10)
        ).all()
        for job_id, status, claimed_at in rows:
            if _take(session, job_id, status, claimed_at, now):
                job = session.get(PrintJob, job_id)
                return Job(
                    job.id,
                    job.kind,
                    job.ticket_id,
                    job.device_id,
                    job.attempts,
                    job.submission_id,
                )
    return None


def mark_printed(sessions: sessionmaker, job_id: int, device_ids: list[int | None]) -> bool:
    """Acknowledge a print; repeating it is harmless. False if the job is not theirs."""
    with sessions() as session, session.begin():
        job = session.get(PrintJob, job_id)
        if job is None or job.device_id not in device_ids:
            return False
        if job.status != PrintJobStatus.PRINTED:
            job.status, job.printed_at, job.last_error = PrintJobStatus.PRINTED, utcnow(), ""
        return True


def mark_failed(
    sessions: sessionmaker, job_id: int, device_ids: list[int | None], error: str
) -> bool:
    """Record a failed try; the job is offered again after its backoff."""
    with sessions() as session, session.begin():
        job = session.get(PrintJob, job_id)
        if job is None or job.device_id not in device_ids:
            return False
        if job.status == "printing":
            job.status, job.last_error = PrintJobStatus.FAILED, error[:500]
            job.next_attempt_at = utcnow() + backoff(job.attempts)
            print_failures.labels(kind=job.kind).inc()
        return True


def set_printer_status(
    sessions: sessionmaker, device_id: int, status: str, detail: str = ""
) -> None:
    """What a printer last said about itself, shown to staff and on the kiosk."""
    if status not in PRINTER_STATUSES:
        raise ValueError(f"status must be one of {', '.join(PRINTER_STATUSES)}")
    with sessions() as session, session.begin():
        device = session.get(Device, device_id)
        device.printer_status, device.printer_detail = status, detail[:500]
        device.printer_checked_at = utcnow()


def _take(session, job_id: int, status: str, claimed_at, now: datetime) -> bool:
    """Lease a job only if it is still as we read it: status and lease both."""
    where = PrintJob.status == status
    return take(session, PrintJob, job_id, claimed_at, now, where, status="printing")
