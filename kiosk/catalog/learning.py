"""Search learns from what citizens open: a procedure opened from the results of a search
rises for that search, a little, for everyone.

What is kept: per week, the folded text searched, the code opened and a count (SearchOpen).
Never who, nor which kiosk or center: every center sharing the database learns from all.
A text that may be personal data (misses.looks_personal), or holding a word no procedure,
field, everyday word or verb knows (a name typed into the box), is not kept at all.

How it counts: an open weighs 1 in its own week and half as much every HALF_LIFE_WEEKS
(older than HORIZON_WEEKS: nothing, and the rows are purged). For one text, a procedure's lift
is W_OPENED x its share of the opens, the share taken over the opens plus PRIOR_OPENS that
no procedure gets: a few opens move little, and the lift never exceeds W_OPENED, less than
one more matching word pair is worth. The floor of this prior is no lift at all, never a
penalty: a procedure nobody opened yet (a new one) keeps the place its name earns, and only
procedures the text already found are lifted (SearchIndex.search). Texts with fewer than
MIN_OPENS (weighted) opens lift nothing. Pure: no Flask."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import SearchOpen
from kiosk.models.base import add_to_count

from .folding import tokens
from .misses import BackgroundLog, looks_personal

W_OPENED = 1.5
PRIOR_OPENS = 5.0
MIN_OPENS = 3.0
HALF_LIFE_WEEKS = 4.0
HORIZON_WEEKS = 26
MAX_WORDS = 8
REFRESH_SECONDS = 300.0  # each process re-reads the counts this often

Lifts = Mapping[str, float]  # procedure code -> points added to its score


def opened_key(text: str, known: Callable[[str], bool]) -> str | None:
    """What a search is learned under: its folded words, when every word is one search knows
    (`known`) and the text cannot be personal data; else None (not kept)."""
    if not text or looks_personal(text):
        return None
    words = tokens(text)
    if not words or len(words) > MAX_WORDS or not all(known(w) for w in words):
        return None
    return " ".join(words)[:255]


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


class OpenLog(BackgroundLog[tuple[date, str, str]]):
    """Procedures opened after a search, counted per week, written by a background thread."""

    WHAT = "procedures opened after a search"

    def add(self, key: str, code: str, day: date) -> None:
        self._put((week_of(day), key, code))

    def _persist(self, session: Session, batch: list[tuple[date, str, str]]) -> None:
        for (week, key, code), n in Counter(batch).items():
            add_to_count(session, SearchOpen, n, week=week, query=key, code=code)


def learned_lifts(session: Session, today: date) -> dict[str, dict[str, float]]:
    """For every text opened from often enough: the lift of each procedure opened."""
    this_week = week_of(today)
    since = this_week - timedelta(weeks=HORIZON_WEEKS)
    rows = session.execute(
        select(SearchOpen.query, SearchOpen.code, SearchOpen.week, SearchOpen.count).where(
            SearchOpen.week > since
        )
    )
    opens: dict[str, dict[str, float]] = {}
    for key, code, week, count in rows:
        age = (this_week - week).days / 7
        weight = count * 0.5 ** (max(age, 0.0) / HALF_LIFE_WEEKS)
        per_code = opens.setdefault(key, {})
        per_code[code] = per_code.get(code, 0.0) + weight
    lifts = {}
    for key, per_code in opens.items():
        total = sum(per_code.values())
        if total >= MIN_OPENS:
            share = W_OPENED / (total + PRIOR_OPENS)
            lifts[key] = {code: round(w * share, 4) for code, w in per_code.items()}
    return lifts


class LearnedLifts:
    """This process's copy of the lifts, re-read from the database every REFRESH_SECONDS."""

    def __init__(
        self,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._lifts: dict[str, dict[str, float]] = {}
        self._read_at: float | None = None

    def for_text(self, session: Session, text: str, today: date) -> Lifts:
        """The lifts learned for this text (folded as opened_key folds it); {} if none."""
        now = self._clock()
        if self._read_at is None or now >= self._read_at + self.refresh_seconds:
            with self._lock:
                if self._read_at is None or now >= self._read_at + self.refresh_seconds:
                    self._lifts = learned_lifts(session, today)
                    self._read_at = now
        return self._lifts.get(" ".join(tokens(text or ""))[:255], {})

    def invalidate(self) -> None:
        """Read the counts again before the next search (tests, after a purge)."""
        self._read_at = None


def purge_opens(sessions: sessionmaker, today: date, dry_run: bool = False) -> int:
    """Delete the weeks that no longer count (older than HORIZON_WEEKS); returns how many rows."""
    old = SearchOpen.week <= week_of(today) - timedelta(weeks=HORIZON_WEEKS)
    with sessions() as session, session.begin():
        if dry_run:
            return session.scalar(select(func.count()).where(old)) or 0
        return session.execute(delete(SearchOpen).where(old)).rowcount or 0
