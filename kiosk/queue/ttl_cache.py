"""A time-limited cache, per process, of slow-moving facts (service settings, open counters,
median service time), kept for a few seconds so the hot path of issuing does not ask each time.

Other processes see a change within REMEMBER_SECONDS; this process forgets at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")
REMEMBER_SECONDS = 5
_MEMORY: dict[tuple, tuple[float, object]] = {}


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _MEMORY.get(key)
    if hit is None or hit[0] < now:
        hit = _MEMORY[key] = (now + REMEMBER_SECONDS, compute())
    return cast(T, hit[1])  # stored by compute() under the same key


def forget() -> None:
    """Drop everything remembered (a counter opened, a ticket served, another database)."""
    _MEMORY.clear()
