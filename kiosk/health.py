"""Whether this server can do its work (/readyz): the database answers with the newest schema,
no ticket waits too long for a printer that is there, no confirmed submission waits too long
for the back office. Plain functions over a session: no Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import false, func, or_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Device, OutboxMessage, PrintJob
from kiosk.models.base import utcnow
from kiosk.models.queue import PrintJobStatus
from kiosk.models.submissions import DeliveryStatus
from kiosk.queue.spool import MAX_AGE

UNPRINTED = (PrintJobStatus.PENDING, PrintJobStatus.FAILED, "printing")


@dataclass(frozen=True)
class Thresholds:
    """From the settings READY_PRINT_MINUTES, READY_OUTBOX_MINUTES and PRINTER_FOR."""

    print_minutes: int = 5
    outbox_minutes: int = 30
    # One-PC mode (KIOSK_PRINTER): this device's jobs and those of no device have a printer.
    printer_for: str | None = None

    @classmethod
    def from_config(cls, config) -> Thresholds:
        printer_for = config.get("PRINTER_FOR") if config.get("PRINTER") else None
        return cls(config["READY_PRINT_MINUTES"], config["READY_OUTBOX_MINUTES"], printer_for)


def readiness(sessions: sessionmaker, thresholds: Thresholds, now: datetime | None = None) -> dict:
    """{"status": "ready" | "not_ready", "checks": {name: {"ok": bool, ...}}}, and the names
    of the failing checks under "failing" when not ready."""
    now = now or utcnow()
    try:
        with sessions() as session:
            checks = {"database": database_check(session)}
            checks["print_spool"] = spool_check(session, thresholds, now)
            checks["outbox"] = outbox_check(session, thresholds, now)
    except SQLAlchemyError as error:
        # What failed, never the driver's message (it may quote a connection string).
        failed = {"ok": False, "error": type(error).__name__}
        unknown = {"ok": False, "error": "database unreachable"}
        checks = {"database": failed, "print_spool": unknown, "outbox": unknown}
    failing = [name for name, check in checks.items() if not check["ok"]]
    if not failing:
        return {"status": "ready", "checks": checks}
    return {"status": "not_ready", "checks": checks, "failing": failing}


def database_check(session: Session) -> dict:
    """The database answers, and its schema is the newest this code knows."""
    session.execute(text("SELECT 1"))
    current = session.connection().execute(text("SELECT version_num FROM alembic_version"))
    revisions = {row[0] for row in current}
    head = newest_revision()
    return {"ok": head in revisions, "schema": "current" if head in revisions else "outdated"}


@cache
def newest_revision() -> str:
    from alembic.script import ScriptDirectory

    from kiosk.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def spool_check(session: Session, thresholds: Thresholds, now: datetime) -> dict:
    """Tickets of the last few minutes still unprinted after print_minutes on a device whose
    printer is there (it reported, or tried a job): a printer out of paper, unplugged, or
    an agent that stopped. Older jobs expire (the citizen left with the number on screen)."""
    count, oldest = session.execute(
        select(func.count(PrintJob.id), func.min(PrintJob.created_at))
        .outerjoin(Device, Device.id == PrintJob.device_id)
        .where(*stalled_jobs(thresholds, now))
    ).one()
    return {
        "ok": count == 0,
        "stalled_jobs": count,
        "oldest_seconds": _age(oldest, now),
        "threshold_minutes": thresholds.print_minutes,
    }


def stalled_jobs(thresholds: Thresholds, now: datetime) -> tuple:
    """The conditions of a stalled print job (PrintJob outer-joined to Device)."""
    has_printer = or_(
        PrintJob.attempts > 0,
        Device.printer_checked_at.is_not(None),
        Device.name == thresholds.printer_for if thresholds.printer_for else false(),
        PrintJob.device_id.is_(None) if thresholds.printer_for else false(),
    )
    return (
        PrintJob.status.in_(UNPRINTED),
        PrintJob.created_at < now - timedelta(minutes=thresholds.print_minutes),
        PrintJob.created_at >= now - MAX_AGE,
        Device.revoked_at.is_(None),
        has_printer,
    )


def outbox_check(session: Session, thresholds: Thresholds, now: datetime) -> dict:
    """Confirmed submissions the back office has not taken after outbox_minutes."""
    count, oldest = session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status == DeliveryStatus.PENDING,
            OutboxMessage.created_at < now - timedelta(minutes=thresholds.outbox_minutes),
        )
    ).one()
    return {
        "ok": count == 0,
        "waiting_messages": count,
        "oldest_seconds": _age(oldest, now),
        "threshold_minutes": thresholds.outbox_minutes,
    }


def _age(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))
