"""Work rows that several processes take turns on (print jobs, outbox messages): a row is
leased with one conditional UPDATE, so two takers never both win it, and a taker that died
gives it back when its lease runs out. Failed tries wait longer each time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session


class Backoff:
    """How long to wait after the n-th failed try: `steps` seconds, then `then` seconds."""

    def __init__(self, steps: tuple[int, ...], then: int):
        self.steps, self.then = steps, then

    def __call__(self, attempts: int) -> timedelta:
        index = max(0, attempts - 1)
        return timedelta(seconds=self.steps[index] if index < len(self.steps) else self.then)


def take(session: Session, model, row_id: int, claimed_at, now: datetime, *where, **values):
    """Lease the row only if it is still as it was read: its lease (`claimed_at`) and the
    `where` conditions; another taker may be reclaiming the same expired lease right now.
    Counts the try (`attempts`) and sets `values` too. True if this taker won."""
    same_lease = (
        model.claimed_at.is_(None) if claimed_at is None else model.claimed_at == claimed_at
    )
    result = session.execute(
        update(model)
        .where(model.id == row_id, same_lease, *where)
        .values(claimed_at=now, attempts=model.attempts + 1, **values)
        .execution_options(synchronize_session=False)
    )
    changed = cast(CursorResult, result).rowcount  # an UPDATE's result counts its rows
    return bool(changed)
