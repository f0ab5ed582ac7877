"""The queue's daily roll-up: the figures of each local day, service and counter
(figures.raw_days) kept as counts (stats_day) and histograms of whole minutes and hours
(stats_step), summed in SQL over any range, so a year is not read ticket by ticket.

Kept correct when late events arrive: a day is rebuilt when it has no roll-up yet, when it
is today or yesterday (still moving), or when a ticket event or a rating was written for one
of its tickets since the roll-up last looked (their ids above the mark kept in stats_mark,
less a margin for transactions that committed out of id order). Pure: no Flask."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from kiosk.models import (
    Base,
    Rating,
    StatsDay,
    StatsDayDone,
    StatsMark,
    StatsStep,
    Ticket,
    TicketEvent,
)
from kiosk.models.base import utcnow
from kiosk.queue.hours import local_now

from .figures import QueueFigures, merged, raw_days

MARGIN = 1000  # ids below the mark looked at again: writers that committed late
CHUNK_DAYS = 31
# The tables of late rows: their id and their ticket.
MARKED = {
    "ticket_event": (TicketEvent.id, TicketEvent.ticket_id),
    "rating": (Rating.id, Rating.ticket_id),
}


def _stale_days(session: Session) -> set[date]:
    """The days of tickets with events or ratings written since the last look; moves the marks."""
    days: set[date] = set()
    for name, (row_id, ticket_id) in MARKED.items():
        newest = session.scalar(select(func.max(row_id))) or 0
        mark = session.get(StatsMark, name)
        if mark is None:  # the first look: no day has a roll-up to make stale yet
            session.add(StatsMark(name=name, last_id=newest))
            continue
        since = max(mark.last_id - MARGIN, 0)
        days.update(
            session.scalars(
                select(Ticket.day)
                .join_from(Ticket, ticket_id.table, ticket_id == Ticket.id)
                .where(row_id > since)
                .distinct()
            )
        )
        mark.last_id = newest
    return days


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Sorted days as runs of consecutive days, none longer than CHUNK_DAYS."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if (
            runs
            and day == runs[-1][1] + timedelta(days=1)
            and (day - runs[-1][0]).days < CHUNK_DAYS
        ):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def refresh(session: Session, start: date, end: date, timezone: str) -> int:
    """Bring the roll-up of [start, end] up to date (in the caller's transaction); returns
    how many days were rebuilt."""
    stale = _stale_days(session)
    if stale:
        session.execute(delete(StatsDayDone).where(StatsDayDone.day.in_(sorted(stale))))
    today = local_now(timezone).date()
    live = today - timedelta(days=1)
    done = set(
        session.scalars(
            select(StatsDayDone.day).where(
                StatsDayDone.day.between(start, end), StatsDayDone.day < live
            )
        )
    )
    wanted = [
        start + timedelta(days=i)
        for i in range((min(end, today) - start).days + 1)
        if start + timedelta(days=i) not in done
    ]
    for first, last in _runs(wanted):
        rows = raw_days(session, first, last, timezone)
        for table in (StatsDay, StatsStep, StatsDayDone):
            session.execute(delete(table).where(table.day.between(first, last)))
        _write(session, rows)
        now = utcnow()
        span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        session.execute(insert(StatsDayDone), [{"day": d, "computed_at": now} for d in span])
    return len(wanted)


LEVEL_COLUMNS = ("very_satisfied", "satisfied", "neutral", "unsatisfied")
HISTOGRAMS = {"wait": "waits", "service": "service_times", "hour": "hours"}


def _stored(key: tuple, row: QueueFigures) -> tuple[dict, list[dict]]:
    """A StatsDay row and its StatsStep rows."""
    day, service_id, counter_id = key
    where = {"day": day, "service_id": service_id, "counter_id": counter_id}
    counts = {"issued": row.issued, "served": row.served, "no_show": row.no_show}
    levels = {level: row.ratings[level] for level in LEVEL_COLUMNS}
    steps = [
        {**where, "kind": kind, "value": value, "count": n}
        for kind, attribute in HISTOGRAMS.items()
        for value, n in getattr(row, attribute).items()
    ]
    return {**where, **counts, **levels}, steps


def _write(session: Session, rows: dict[tuple, QueueFigures]) -> None:
    days, steps = [], []
    for key, row in rows.items():
        day_row, step_rows = _stored(key, row)
        days.append(day_row)
        steps.extend(step_rows)
    if days:
        session.execute(insert(Base.metadata.tables["stats_day"]), days)
    if steps:
        session.execute(insert(Base.metadata.tables["stats_step"]), steps)


GROUPS = {
    "service": (StatsDay.service_id,),
    "counter": (StatsDay.counter_id,),
    "service_counter": (StatsDay.service_id, StatsDay.counter_id),
    "day_service": (StatsDay.day, StatsDay.service_id),
}


def summed(session: Session, start: date, end: date, by: str) -> dict[tuple, QueueFigures]:
    """The roll-up of [start, end] (call refresh first) added up in SQL per service, per
    counter (0: none) or per day and service (`by`), keyed by tuples of those ids."""
    keys = GROUPS[by]
    step_keys = tuple(getattr(StatsStep, k.key) for k in keys)
    sums = [func.sum(getattr(StatsDay, c)) for c in ("issued", "served", "no_show", *LEVEL_COLUMNS)]
    rows: dict[tuple, QueueFigures] = {}
    query = select(*keys, *sums).where(StatsDay.day.between(start, end)).group_by(*keys)
    for values in session.execute(query):
        found: tuple[Any, ...] = tuple(values)
        key, (issued, served, no_show, *levels) = found[: len(keys)], found[len(keys) :]
        row = QueueFigures("", int(issued), int(served), int(no_show))
        row.ratings.update({lv: int(n) for lv, n in zip(LEVEL_COLUMNS, levels, strict=True) if n})
        rows[key] = row
    steps = (
        select(*step_keys, StatsStep.kind, StatsStep.value, func.sum(StatsStep.count))
        .where(StatsStep.day.between(start, end), StatsStep.kind != "hour")
        .group_by(*step_keys, StatsStep.kind, StatsStep.value)
    )
    for values in session.execute(steps):
        step: tuple[Any, ...] = tuple(values)
        key, (kind, value, n) = step[: len(keys)], step[len(keys) :]
        getattr(rows[key], HISTOGRAMS[kind])[value] += int(n)
    return rows


def arrivals(session: Session, start: date, end: date) -> list[list[int]]:
    """Tickets issued per local weekday (0 = Monday) and local hour: 7 rows of 24."""
    grid = [[0] * 24 for _ in range(7)]
    query = (
        select(StatsStep.day, StatsStep.value, func.sum(StatsStep.count))
        .where(StatsStep.day.between(start, end), StatsStep.kind == "hour")
        .group_by(StatsStep.day, StatsStep.value)
    )
    for day, hour, n in session.execute(query):
        grid[day.weekday()][hour] += int(n)
    return grid


def regrouped(rows: dict[tuple, QueueFigures], position: int) -> dict[int, QueueFigures]:
    """Rows keyed (service, counter) added up by one of the two (0: service, 1: counter)."""
    return {
        key[0]: row
        for key, row in merged(
            {(None, *k): v for k, v in rows.items()}, lambda _d, s, c: ((s, c)[position],)
        ).items()
    }
