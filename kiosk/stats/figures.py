"""The queue's figures over local days: read from the raw rows (tickets by their local
`day`, their first call from ticket_event, ratings by their ticket) per day, service and
counter (raw_days, which the daily roll-up of rollup.py stores), then added up per
service, per counter, per day and service, or per weekday and hour.

Waits and service times are counted in SQL in whole minutes (the seconds rounded, then
divided by 60 and rounded down); the medians and 90th percentiles are interpolated between
the ranks like PostgreSQL's percentile_cont over those minutes, so histograms of days can be
added up over any range."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, cast, func, literal_column, select
from sqlalchemy.orm import Session

from kiosk.models import Counter as CounterRow
from kiosk.models import Rating, Service, Ticket, TicketEvent
from kiosk.models.queue import TicketStatus

STEP_SECONDS = 60  # waits and service times are counted in whole minutes
MAX_DAYS = 366


def seconds_between(session: Session, later, earlier):
    """later − earlier in seconds, as the database computes it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400


def _steps(session: Session, later, earlier):
    """The duration in whole steps (integer division of the rounded seconds)."""
    seconds = cast(func.round(seconds_between(session, later, earlier)), Integer)
    return cast(seconds / STEP_SECONDS, Integer)


def percentile(histogram: Counter, q: float) -> float | None:
    """The q-th percentile (0..1) of the values counted in `histogram` (value -> count),
    interpolated between ranks like percentile_cont; None when it is empty."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = q * (n - 1)
    below, frac = int(rank), rank - int(rank)
    seen = 0
    values = sorted(histogram)
    for i, value in enumerate(values):
        seen += histogram[value]
        if seen > below:
            if frac == 0 or seen > below + 1:
                return float(value)
            return value + frac * (values[i + 1] - value)
    return float(values[-1])


def minutes(histogram: Counter, q: float) -> float | None:
    """A percentile of a histogram of steps, in minutes with one decimal."""
    steps = percentile(histogram, q)
    return None if steps is None else round(steps * STEP_SECONDS / 60, 1)


@dataclass
class QueueFigures:
    """One row of the queue tables: a service, a counter, or a day of a service."""

    label: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    waits: Counter = field(default_factory=Counter)  # steps (minutes) -> tickets
    service_times: Counter = field(default_factory=Counter)
    ratings: Counter = field(default_factory=Counter)  # level -> count
    hours: Counter = field(default_factory=Counter)  # local hour -> tickets issued

    @property
    def wait_median(self) -> float | None:
        return minutes(self.waits, 0.5)

    @property
    def wait_p90(self) -> float | None:
        return minutes(self.waits, 0.9)

    @property
    def service_median(self) -> float | None:
        return minutes(self.service_times, 0.5)


def _first_call():
    return (
        select(func.min(TicketEvent.at))
        .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "called")
        .correlate(Ticket)
        .scalar_subquery()
    )


def raw_days(session: Session, start: date, end: date, timezone: str) -> dict[tuple, QueueFigures]:
    """The figures of each (day, service, counter) in [start, end], read from the tickets,
    their events and ratings: the service is the one that issued the ticket, the counter
    the one that last handled it (0: none), a rating counts for its ticket's service and
    counter. Each row's `hours` are its tickets issued per local hour."""
    counter = func.coalesce(Ticket.counter_id, 0)
    keys = [Ticket.day, Ticket.service_id, counter]
    rows: dict[tuple, QueueFigures] = defaultdict(lambda: QueueFigures(""))
    within = Ticket.day.between(start, end)

    status_count = (
        select(*keys, Ticket.status, func.count()).where(within).group_by(*keys, Ticket.status)
    )
    for *key, status, n in session.execute(status_count):
        row = rows[tuple(key)]
        row.issued += n
        if status == TicketStatus.SERVED:
            row.served += n
        elif status == TicketStatus.NO_SHOW:
            row.no_show += n

    wait = _steps(session, _first_call(), Ticket.issued_at).label("steps")
    waits = (
        select(*keys, wait, func.count())
        .where(within, Ticket.status != TicketStatus.CANCELLED)
        .group_by(*keys, literal_column("steps"))
    )
    for *key, steps, n in session.execute(waits):
        if steps is not None:
            rows[tuple(key)].waits[max(int(steps), 0)] += n

    served = _steps(session, Ticket.finished_at, Ticket.called_at).label("steps")
    service_times = (
        select(*keys, served, func.count())
        .where(within, Ticket.status == TicketStatus.SERVED, Ticket.called_at.is_not(None))
        .group_by(*keys, literal_column("steps"))
    )
    for *key, steps, n in session.execute(service_times):
        if steps is not None:
            rows[tuple(key)].service_times[max(int(steps), 0)] += n

    ratings = (
        select(*keys, Rating.level, func.count())
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(within)
        .group_by(*keys, Rating.level)
    )
    for *key, level, n in session.execute(ratings):
        rows[tuple(key)].ratings[level] += n

    zone = ZoneInfo(timezone)
    hour = func.extract("hour", Ticket.issued_at)
    for values in session.execute(
        select(*keys, hour, func.count()).where(within).group_by(*keys, hour)
    ):
        day, service_id, counter_id, utc_hour, n = tuple(values)
        # The ticket's local day is `day` itself; only the hour moves by the offset.
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        offset = int((noon.utcoffset() or timedelta(0)).total_seconds() // 3600)
        rows[(day, service_id, counter_id)].hours[(int(utc_hour) + offset) % 24] += n
    return dict(rows)


def merged(rows: dict[tuple, QueueFigures], key) -> dict[tuple, QueueFigures]:
    """The rows added up by key(day, service_id, counter_id) -> a tuple."""
    out: dict[tuple, QueueFigures] = defaultdict(lambda: QueueFigures(""))
    for (day, service_id, counter_id), row in rows.items():
        total = out[key(day, service_id, counter_id)]
        total.issued += row.issued
        total.served += row.served
        total.no_show += row.no_show
        total.waits.update(row.waits)
        total.service_times.update(row.service_times)
        total.ratings.update(row.ratings)
        total.hours.update(row.hours)
    return dict(out)


def per_service(rows: dict[tuple, QueueFigures]) -> dict[int, QueueFigures]:
    return {k[0]: v for k, v in merged(rows, lambda d, s, c: (s,)).items()}


def per_counter(rows: dict[tuple, QueueFigures]) -> dict[int, QueueFigures]:
    """Per counter that handled tickets (tickets never called at a counter left out)."""
    merged_rows = merged(rows, lambda d, s, c: (c,))
    return {k[0]: v for k, v in merged_rows.items() if k[0]}


def per_day_and_service(rows: dict[tuple, QueueFigures]) -> dict[tuple, QueueFigures]:
    return merged(rows, lambda d, s, c: (d, s))


def arrivals(rows: dict[tuple, QueueFigures]) -> list[list[int]]:
    """Tickets issued per local weekday (0 = Monday) and local hour: 7 rows of 24."""
    grid = [[0] * 24 for _ in range(7)]
    for (day, _service, _counter), row in rows.items():
        for hour, n in row.hours.items():
            grid[day.weekday()][hour] += n
    return grid


def service_names(session: Session, locale: str) -> dict[int, str]:
    """Each service's prefix and name in the locale (else Vietnamese), e.g. "A – Hộ tịch"."""
    rows = session.execute(select(Service.id, Service.prefix, Service.names))
    return {
        i: f"{prefix} – {names.get(locale) or names.get('vi') or ''}".strip(" –")
        for i, prefix, names in rows
    }


def counter_numbers(session: Session) -> dict[int, int]:
    return {i: n for i, n in session.execute(select(CounterRow.id, CounterRow.number))}
