"""How every server process learns that the staff's everyday words changed, without a
restart: a version row bumped with each change (administration page or `kiosk catalog
aliases`). A process reads it at most every few seconds before a search, and at once after
its own change; when it moved, the search index swaps only its alias layer (the procedures'
words stay indexed). Pure: no Flask."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.models import Alias, VocabularyState

from .aliases import load_aliases

CHECK_SECONDS = 3.0  # how stale another server's change may be here, at most


def vocabulary_version(session: Session) -> int:
    return session.scalar(select(VocabularyState.version).where(VocabularyState.id == 1)) or 0


def bump_vocabulary_version(session: Session) -> None:
    """Tell every process that its alias layer is stale (in the caller's transaction)."""
    bumped = session.execute(
        update(VocabularyState)
        .where(VocabularyState.id == 1)
        .values(version=VocabularyState.version + 1)
    )
    if getattr(bumped, "rowcount", 0) == 0:  # a CursorResult: how many rows the UPDATE hit
        session.add(VocabularyState(id=1, version=1))


def staff_aliases(session: Session) -> list[tuple[str, list[str]]]:
    """The center's own everyday words (phrase, official phrases)."""
    return [(a.phrase, list(a.meanings)) for a in session.scalars(select(Alias))]


@dataclass(frozen=True)
class AliasLayer:
    """The everyday words a search applies: built-in and the center's, at one version."""

    version: int
    aliases: dict[str, list[str]]


class VocabularyWatch:
    """This process's alias layer, re-read when the version in the database moved."""

    def __init__(
        self, check_seconds: float = CHECK_SECONDS, clock: Callable[[], float] = time.monotonic
    ):
        self.check_seconds = check_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._layer: AliasLayer | None = None
        self._checked_at: float | None = None

    def current(self, session: Session) -> AliasLayer:
        """The layer; the version is read only when the last reading is CHECK_SECONDS old."""
        now = self._clock()
        layer = self._layer
        checked = self._checked_at
        if layer is not None and checked is not None and now < checked + self.check_seconds:
            return layer
        # The version first: the words read after it are at least that new.
        version = vocabulary_version(session)
        with self._lock:
            self._checked_at = now
            if self._layer is None or self._layer.version != version:
                self._layer = AliasLayer(version, load_aliases(staff_aliases(session)))
            return self._layer

    def invalidate(self) -> None:
        """Read the version before the next search (this process just changed the words)."""
        self._checked_at = None
