"""Catalog imports as recorded events, for the command line and the administration area
alike: one import at a time on every server, its progress, its result and rejects, and the
file each procedure came from. Pure: no Flask.

An import is begun (a `catalog_import` row with running = 1, refused while another runs),
then run: the file is read and checked, and the procedures are saved, the row marked done
and the change audited in ONE transaction. A process that dies meanwhile commits nothing;
the row it leaves "running" is found abandoned later (clear_abandoned) and marked
interrupted, and the catalog is as it was before.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import CatalogImport
from kiosk.models.base import utcnow
from kiosk.refusals import Refused

from . import store
from .sources import Reject, UnreadableFile

Transaction = Callable[[], AbstractContextManager[Session]]

# An import on another host counts as alive this long at most (a full portal export of
# 2,642 procedures takes well under a minute); on this host, its process is asked.
STALE_AFTER = timedelta(minutes=30)
_PROCESS = uuid.uuid4().hex[:12]  # this process's run, whatever its pid
_running: set[int] = set()  # imports this process runs now
_running_lock = threading.Lock()


@dataclass
class Progress:
    """How far an import is: checking the file's records, then saving them."""

    phase: str = "reading"  # reading, saving
    done: int = 0
    total: int = 0


@dataclass
class Outcome:
    """How an import ended: done (counts) or failed (an unreadable file, or rejects in an
    all-or-nothing import: nothing saved)."""

    import_id: int
    status: str
    summary: store.ImportSummary = field(default_factory=store.ImportSummary)
    rejects: list[Reject] = field(default_factory=list)
    error: str = ""
    error_location: str = ""


def owner() -> str:
    return f"{socket.gethostname()[:200]}:{os.getpid()}:{_PROCESS}"


def begin(transaction: Transaction, file_name: str, actor: str, skip_invalid: bool = False) -> int:
    """Record a new running import and return its id; Refused("import-running") while
    another import runs (here or on another server sharing the database)."""
    clear_abandoned(transaction)
    try:
        with transaction() as session:
            row = CatalogImport(
                file_name=Path(file_name).name[:255] or "catalog",
                actor=actor[:80],
                status="running",
                running=1,
                owner=owner(),
                skip_invalid=skip_invalid,
                started_at=utcnow(),
                rejects=[],
            )
            session.add(row)
            session.flush()
            import_id = row.id
            with _running_lock:
                _running.add(import_id)
    except IntegrityError as exc:
        raise Refused("import-running", "Another catalog import is running.") from exc
    return import_id


def run(
    transaction: Transaction,
    import_id: int,
    path: Path,
    progress: Callable[[Progress], object] = lambda p: None,
) -> Outcome:
    """Read, check and save the file of a begun import; all or nothing (unless the import
    skips invalid records, which are then only reported). Always ends the import."""
    try:
        with transaction() as session:
            row = session.get(CatalogImport, import_id)
            skip_invalid = bool(row and row.skip_invalid)
        state = Progress()
        try:
            records, rejects = store.read_file(
                path, lambda done, total: _report(state, done, total, progress)
            )
        except UnreadableFile as exc:
            outcome = Outcome(import_id, "failed", error=exc.message, error_location=exc.location)
            _end(transaction, outcome)
            return outcome
        if rejects and not skip_invalid:
            outcome = Outcome(import_id, "failed", store.ImportSummary(read=0), rejects)
            _end(transaction, outcome)
            return outcome
        state = Progress("saving", 0, len(records))
        progress(state)

        def saved(count: int) -> None:
            state.done += count
            progress(state)

        with transaction() as session:
            summary = store.import_records(session, records, saved, source=import_id)
            summary.rejects = rejects
            outcome = Outcome(import_id, "done", summary, rejects)
            _finish(session, outcome)
        return outcome
    except BaseException:
        _end(transaction, Outcome(import_id, "failed", error="unexpected error"))
        raise
    finally:
        with _running_lock:
            _running.discard(import_id)


def _report(state: Progress, done: int, total: int, progress: Callable[[Progress], object]):
    state.done, state.total = done, total
    progress(state)


def _end(transaction: Transaction, outcome: Outcome) -> None:
    with transaction() as session:
        _finish(session, outcome)


def _finish(session: Session, outcome: Outcome) -> None:
    """Mark the import ended and audit it, in the caller's transaction."""
    row = session.get(CatalogImport, outcome.import_id)
    if row is None or row.status != "running":
        return
    summary = outcome.summary
    row.status, row.running, row.finished_at = outcome.status, None, utcnow()
    row.read, row.inserted = summary.read, summary.inserted
    row.updated, row.unchanged = summary.updated, summary.unchanged
    row.rejects = [reject_row(r) for r in outcome.rejects]
    row.error = " – ".join(p for p in (outcome.error_location, outcome.error) if p)[:2000]
    after = {
        "status": row.status,
        "inserted": row.inserted,
        "updated": row.updated,
        "unchanged": row.unchanged,
        "rejected": len(row.rejects),
    }
    audit.record(session, row.actor, "catalog.import", row.file_name, after=after)


def reject_row(reject: Reject) -> dict:
    """What the rejects report keeps of a reject: where and why (not the raw record)."""
    return {"location": reject.location, "field": reject.field, "message": reject.message}


def running_here(import_id: int) -> bool:
    with _running_lock:
        return import_id in _running


def _alive(row: CatalogImport, now: datetime) -> bool:
    host, _sep, rest = row.owner.partition(":")
    pid_text, _sep, process = rest.partition(":")
    if process == _PROCESS:
        return running_here(row.id)
    if host == socket.gethostname()[:200] and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():
            return False  # this pid, another run: the process that began it has ended
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True  # it exists (another user's process)
        return True
    return now - row.started_at < STALE_AFTER


def clear_abandoned(transaction: Transaction) -> None:
    """Mark interrupted a running import whose process has ended (a restart, a crash):
    its transaction never committed, so the catalog is as it was before it."""
    now = utcnow()
    with transaction() as session:
        for row in session.scalars(select(CatalogImport).where(CatalogImport.running == 1)):
            if not _alive(row, now):
                row.status, row.running, row.finished_at = "interrupted", None, now
                audit.record(
                    session,
                    row.actor,
                    "catalog.import",
                    row.file_name,
                    after={"status": "interrupted"},
                )


def current(session: Session) -> CatalogImport | None:
    """The import running now, if any."""
    return session.scalar(select(CatalogImport).where(CatalogImport.running == 1))


def recent(session: Session, limit: int = 10) -> list[CatalogImport]:
    query = select(CatalogImport).order_by(CatalogImport.id.desc()).limit(limit)
    return list(session.scalars(query))
