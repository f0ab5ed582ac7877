"""A time-limited cache of slow-moving facts (service settings, open counters, median
service time), kept for a few seconds so the hot path of issuing does not ask each time.

One cache per database engine: kiosk.db gives each app's engine its own (an execution option,
so every connection and session on it finds it), never a module-wide one that a second app
in the same process would share. Other processes see a change within REMEMBER_SECONDS; this
process forgets at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

T = TypeVar("T")
REMEMBER_SECONDS = 5
OPTION = "kiosk_facts"  # the execution option that carries an engine's cache


class FactCache:
    def __init__(self, seconds: float = REMEMBER_SECONDS):
        self.seconds = seconds
        self._memory: dict[tuple, tuple[float, object]] = {}

    def remembered(self, key: tuple, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        hit = self._memory.get(key)
        if hit is None or hit[0] < now:
            hit = self._memory[key] = (now + self.seconds, compute())
        return cast(T, hit[1])  # stored by compute() under the same key

    def forget(self) -> None:
        """Drop everything remembered (a counter opened, a ticket served)."""
        self._memory.clear()


def facts(db: Engine | Connection | Session) -> FactCache:
    """The cache of the engine `db` works on; an engine made elsewhere remembers nothing."""
    bind: Engine | Connection
    if isinstance(db, Engine):
        bind = db
    else:
        bind = db.engine if isinstance(db, Connection) else db.get_bind()
    cache = bind.get_execution_options().get(OPTION)
    return cache if isinstance(cache, FactCache) else FactCache(seconds=0)
