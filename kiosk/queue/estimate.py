"""Waiting-time range: people ahead times the minutes a ticket takes, over open counters.

Until today's real service durations are measured (with the counter console), the
configured default minutes per ticket is used; the range is ±30 % around it."""

from __future__ import annotations

import math

SPREAD = 0.3


def wait_range(people_ahead: int, minutes_per_ticket: float, counters: int) -> list[int]:
    """[low, high] minutes; [0, 0] when nobody is ahead."""
    if people_ahead <= 0:
        return [0, 0]
    middle = people_ahead * minutes_per_ticket / max(1, counters)
    return [math.floor(middle * (1 - SPREAD)), math.ceil(middle * (1 + SPREAD))]
