"""The figures of /admin/stats over a range of the center's local days, read from the raw
rows (tickets by their local `day`, their first call from ticket_event, ratings by their
ticket's day) with the indexes of migration 0016, so a late event counts at once.

Waits and service times are grouped in SQL into 6-second steps (a tenth of a minute), per
service, counter and (for the CSV) day; medians and 90th percentiles are then interpolated
between the ranks like PostgreSQL's percentile_cont, over those steps. One pass over a
year of a busy center stays well under a second on SQLite and PostgreSQL (bench/stats.py)."""

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

STEP_SECONDS = 6  # waits and service times are measured in tenths of a minute
LEVELS = ("very_satisfied", "satisfied", "neutral", "unsatisfied")
MAX_DAYS = 366


def seconds_between(session: Session, later, earlier):
    """later − earlier in seconds, as the database computes it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400


def _steps(session: Session, later, earlier):
    """The duration in whole 6-second steps (integer division of the rounded seconds)."""
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
    """A percentile of a histogram of 6-second steps, in minutes with one decimal."""
    steps = percentile(histogram, q)
    return None if steps is None else round(steps * STEP_SECONDS / 60, 1)


@dataclass
class QueueFigures:
    """One row of the queue tables: a service, a counter, or a day of a service."""

    label: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    waits: Counter = field(default_factory=Counter)  # 6-second steps -> tickets
    service_times: Counter = field(default_factory=Counter)
    ratings: Counter = field(default_factory=Counter)  # level -> count

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


def _in_range(start: date, end: date):
    return Ticket.day.between(start, end)


def queue_figures(
    session: Session, start: date, end: date, by: str = "service", per_day: bool = False
) -> dict[tuple, QueueFigures]:
    """Figures per service (by="service": the issuing service) or per counter
    (by="counter": the counter that last handled the ticket), optionally per day too.
    Keys: (service_id,) or (counter_id,), with the day first when per_day."""
    group = Ticket.service_id if by == "service" else Ticket.counter_id
    rating_group = Ticket.service_id if by == "service" else Rating.counter_id
    keys = [Ticket.day, group] if per_day else [group]
    rows: dict[tuple, QueueFigures] = defaultdict(lambda: QueueFigures(""))
    within = _in_range(start, end)

    status_count = select(*keys, Ticket.status, func.count()).where(within).group_by(
        *keys, Ticket.status
    )
    for *key, status, n in session.execute(status_count):
        row = rows[tuple(key)]
        row.issued += n
        if status == TicketStatus.SERVED:
            row.served += n
        elif status == TicketStatus.NO_SHOW:
            row.no_show += n

    first_call = _first_call()
    wait = _steps(session, first_call, Ticket.issued_at).label("steps")
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

    rating_keys = [Ticket.day, rating_group] if per_day else [rating_group]
    ratings = (
        select(*rating_keys, Rating.level, func.count())
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(within)
        .group_by(*rating_keys, Rating.level)
    )
    for *key, level, n in session.execute(ratings):
        rows[tuple(key)].ratings[level] += n

    if by == "service":
        names = dict(session.execute(select(Service.id, Service.prefix)).all())
    else:
        names = {k: str(v) for k, v in session.execute(select(CounterRow.id, CounterRow.number))}
    for key, row in rows.items():
        row.label = names.get(key[-1], "") if key[-1] is not None else ""
    return dict(rows)


def service_names(session: Session, locale: str) -> dict[int, str]:
    """Each service's prefix and name in the locale (else Vietnamese), e.g. "A – Hộ tịch"."""
    rows = session.execute(select(Service.id, Service.prefix, Service.names))
    return {
        i: f"{prefix} – {names.get(locale) or names.get('vi') or ''}".strip(" –")
        for i, prefix, names in rows
    }


def arrivals(session: Session, start: date, end: date, timezone: str) -> list[list[int]]:
    """Tickets issued per local weekday (0 = Monday) and local hour: 7 rows of 24."""
    zone = ZoneInfo(timezone)
    hour = func.extract("hour", Ticket.issued_at)
    query = (
        select(Ticket.day, hour, func.count())
        .where(_in_range(start, end))
        .group_by(Ticket.day, hour)
    )
    grid = [[0] * 24 for _ in range(7)]
    for day, utc_hour, n in session.execute(query):
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        offset = noon.utcoffset() or timedelta(0)
        # The ticket's local day is `day` itself; only the hour moves by the offset.
        local_hour = (int(utc_hour) + int(offset.total_seconds() // 3600)) % 24
        grid[day.weekday()][local_hour] += n
    return grid
