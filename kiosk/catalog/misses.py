"""Searches that found nothing, kept for staff to add aliases: the text and the time only,
never who asked, never anything that looks like personal data, and only for a while.

A scanner burst or a typed ID number can reach search instead of the scan handler. Such a
text (a card payload with '|', a run of 9 or more digits: ID, old ID, tax or social-insurance
number, phone; a number starting with +84) is counted as "personal data, not kept": a row
with no text. Rows are written by a background thread, so a busy database (SQLite's single
writer) never costs a citizen the answer. Pure: no Flask."""

from __future__ import annotations

import queue
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.logs import get_logger
from kiosk.models import SearchMiss
from kiosk.models.base import utcnow
from kiosk.text import without_control

log = get_logger(__name__)

MAX_TEXT = 255
# Digits split by spaces, dots or dashes ("0912 345 678", "0912.345.678") read as one run.
_SPLIT_DIGITS = re.compile(r"(?<=[0-9])[\s.\-]+(?=[0-9])")
_LONG_NUMBER = re.compile(r"[0-9]{9,}")
# Procedure codes (1.001193, the portal's 1.001193.000.00.00.H12) are the catalog's, not anyone's.
_PROCEDURE_CODE = re.compile(r"(?<![0-9])[0-9]\.[0-9]{6}(?:\.[0-9A-Za-z]+)*")
_INTERNATIONAL_PHONE = re.compile(r"\+\s*84")


def looks_personal(text: str) -> bool:
    """Whether a search text may be an ID card's payload, an ID, tax, insurance or phone
    number. Procedure codes (1.001193: seven digits) are not."""
    if "|" in text or _INTERNATIONAL_PHONE.search(text):
        return True
    digits = _SPLIT_DIGITS.sub("", _PROCEDURE_CODE.sub(" ", text))
    return bool(_LONG_NUMBER.search(digits))


def cleaned(text: str) -> str:
    """The text as kept: no control characters (PostgreSQL refuses NUL), whitespace folded,
    cut to the column's size."""
    return " ".join(without_control(text or "").split())[:MAX_TEXT]


@dataclass(frozen=True)
class MissCount:
    """What `kiosk catalog misses` shows: a text (None: personal data, not kept), how many
    times it was searched and when last."""

    query: str | None
    count: int
    last: datetime


T = TypeVar("T")


class BackgroundLog(Generic[T]):
    """A queue of rows written by one background thread that starts when there is work and
    ends when idle. A write that fails (database locked) is tried again a few times; after
    that the rows are dropped: a lost log line is better than a lost answer. Subclasses say
    how a batch is written (`_persist`) and what it is called in the log (`WHAT`)."""

    IDLE_SECONDS = 5.0
    RETRY_DELAYS = (0.2, 1.0, 3.0)
    MAX_PENDING = 1000  # beyond this, new rows are dropped, never the caller blocked
    WHAT = "rows"

    def __init__(self, sessions: sessionmaker):
        self._sessions = sessions
        self._queue: queue.Queue[T] = queue.Queue(self.MAX_PENDING)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def _put(self, row: T) -> None:
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            return
        self._ensure_writer()

    def flush(self) -> None:
        """Wait until every row added so far is written or dropped (tests, shutdown)."""
        self._queue.join()

    def _persist(self, session: Session, batch: list[T]) -> None:
        raise NotImplementedError

    def _ensure_writer(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                name = f"log-{self.WHAT.replace(' ', '-')}"
                self._thread = threading.Thread(target=self._run, name=name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self.IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            batch = [first]
            while len(batch) < 100:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._write(batch)
            for _ in batch:
                self._queue.task_done()

    def _write(self, batch: list[T]) -> None:
        for delay in (*self.RETRY_DELAYS, None):
            try:
                with self._sessions() as session, session.begin():
                    self._persist(session, batch)
                return
            except OperationalError:
                if delay is None:
                    log.warning("dropped %d %s: database busy", len(batch), self.WHAT)
                    return
                time.sleep(delay)
            except Exception:  # never let the log's thread die with rows still queued
                log.exception("dropped %d %s", len(batch), self.WHAT)
                return


class MissLog(BackgroundLog[SearchMiss]):
    """Searches that found nothing, written off the request's path."""

    WHAT = "searches with no result"

    def add(self, text: str) -> None:
        """Keep a search that found nothing (or only count it, if it looks personal)."""
        text = cleaned(text)
        if not text:
            return
        personal = looks_personal(text)
        self._put(
            SearchMiss(query="" if personal else text, personal=personal, created_at=utcnow())
        )

    def _persist(self, session: Session, batch: list[SearchMiss]) -> None:
        session.add_all(batch)


def recent_misses(sessions: sessionmaker, limit: int) -> list[MissCount]:
    """The texts searched without result, the most recent first, each with its count."""
    last = func.max(SearchMiss.created_at)
    query = (
        select(SearchMiss.query, SearchMiss.personal, func.count(), last)
        .group_by(SearchMiss.query, SearchMiss.personal)
        .order_by(last.desc())
        .limit(limit)
    )
    with sessions() as session:
        rows = session.execute(query).all()
    return [MissCount(None if personal else text, n, at) for text, personal, n, at in rows]


def purge_misses(
    sessions: sessionmaker,
    older_than: timedelta,
    dry_run: bool = False,
    now: datetime | None = None,
) -> int:
    """Delete misses older than the retention period (or only count them); returns how many."""
    old = SearchMiss.created_at < (now or utcnow()) - older_than
    with sessions() as session, session.begin():
        if dry_run:
            return session.scalar(select(func.count()).where(old)) or 0
        return session.execute(delete(SearchMiss).where(old)).rowcount or 0
