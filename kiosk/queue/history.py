"""A realistic past for demos and benchmarks (`kiosk demo --history DAYS`): tickets with
their events, ratings, searches that found nothing, short-link scans and submissions, day by
day up to `end` (yesterday, from the command).

The shape follows a ward center's week: a morning peak and a smaller afternoon, Monday the
busiest, Saturday mornings only, closed on Sundays and on the calendar's closed days (public
holidays, Tết, the center's own entries: kiosk/queue/calendar.py). Each day is simulated:
tickets arrive, the earliest free counter that serves their queue calls them, service takes
a lognormal time around the service's median (scaled so the counters can keep up), some
citizens do not come when called (no-show), a few are transferred to another queue. So every
figure statistics compute from the raw events (waits, service times, no-shows) is consistent.

No personal data: submissions keep their personal fields empty and are marked purged once
the retention period has passed, as `kiosk purge` would have. Deterministic for a seed.
Written with SQLAlchemy Core executemany in chunks: a year of a busy center (about 150,000
tickets) takes seconds. Pure: no Flask."""

from __future__ import annotations

import heapq
import math
import random
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Table, delete, func, insert, select, text
from sqlalchemy.orm import Session

from kiosk.accounts import add_user
from kiosk.models import (
    Center,
    Counter,
    DailySequence,
    OutboxMessage,
    PrintJob,
    Procedure,
    SearchCount,
    SearchMiss,
    Service,
    ShortLink,
    ShortLinkScan,
    Submission,
    SubmissionEvent,
    SubmissionSequence,
    Ticket,
    TicketEvent,
    User,
)
from kiosk.models.queue import TicketStatus, counter_service
from kiosk.models.ratings import Rating
from kiosk.refusals import Refused
from kiosk.submissions.form_definitions import definition_for
from kiosk.submissions.store import tracking_code

from .calendar import load_calendar
from .issue import CodeStyle

CHUNK = 5000  # rows per executemany
# The center's hours the generator uses (local): weekdays two periods, Saturday the morning.
MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 0))
# Arrivals per half hour, relative: the morning peak around 9:00, a smaller afternoon.
MORNING_SHAPE = (0.5, 1.0, 1.5, 1.8, 1.9, 1.7, 1.3, 0.6)  # 07:30 ... 11:00
AFTERNOON_SHAPE = (0.5, 0.9, 1.1, 1.1, 0.9, 0.7, 0.3)  # 13:30 ... 16:30
WEEKDAY = (1.25, 1.0, 0.95, 0.95, 1.05, 0.45, 0.0)  # Monday ... Sunday: a Saturday morning
# Median minutes at the counter per service letter of the demo; other letters get DEFAULT.
MEDIAN_MINUTES = {"A": 6.0, "B": 7.0, "C": 12.0, "D": 9.0}
DEFAULT_MEDIAN = 8.0
SPREAD = 0.5  # sigma of the lognormal: most visits between half and twice the median
UTILISATION = 0.85  # the medians shrink when the counters could not keep up with per_day
NO_SHOW = 0.065
TRANSFER = 0.02
PRIORITY = 0.07
RATED = 0.35  # share of served visits rated
LEVELS_3 = (("very_satisfied", 0.52), ("satisfied", 0.38), ("unsatisfied", 0.10))
LEVELS_4 = (
    ("very_satisfied", 0.45),
    ("satisfied", 0.33),
    ("neutral", 0.14),
    ("unsatisfied", 0.08),
)
CHANNELS = (("counter", 0.6), ("phone", 0.28), ("kiosk", 0.12))
# The common complaints (issue 14): keys as kiosk/ratings.py REASONS names them.
REASONS = (
    ("waited_too_long", 0.35),
    ("unclear_guidance", 0.2),
    ("documents_not_required", 0.15),
    ("came_back_several_times", 0.12),
    ("result_late", 0.08),
    ("staff_attitude", 0.06),
    ("other", 0.04),
)
PRIORITY_GROUPS = ("elderly", "disability", "pregnant", "small_child", "merit")
SEARCH_MISSES = 0.03  # per ticket
SEARCHES = 1.3  # searches sent per ticket, counted per folded text and day (search_count)
# What citizens search most, folded as kiosk/stats/searches.py keeps it, the commonest first.
SEARCHED_WORDS = (
    "khai sinh",
    "cccd",
    "so do",
    "tam tru",
    "ket hon",
    "chung thuc",
    "thuong tru",
    "khai tu",
    "ho kinh doanh",
    "xac nhan tinh trang hon nhan",
    "giam ho",
    "ho ngheo",
)
MISSED_WORDS = (
    "làm lại sổ đỏ",
    "giấy chứng nhận độc thân",
    "xin giấy xác nhận tạm trú",
    "đổi bằng lái xe",
    "trích lục khai sinh bản sao",
    "giay khai sinh",
    "xac nhan cu tru",
    "đăng ký xe máy",
    "hỗ trợ người cao tuổi",
    "cấp lại căn cước",
    "sang tên nhà đất",
    "dang ky ket hon",
    "giấy phép kinh doanh hộ cá thể",
    "bảo hiểm y tế học sinh",
    "xin trợ cấp",
)
SUBMISSIONS = 0.04  # per ticket
SCANS = 0.05  # short-link scans per ticket, spread over the links
POSTER_LINKS = 8  # procedures given a short link when the center has none yet


class HistoryRefused(Refused):
    """`reason`: "has_tickets" (the range has tickets: --replace), "later_tickets" (tickets
    after the range: history must come before them, ids follow time), "no_counters"."""


@dataclass
class HistorySummary:
    days: int = 0  # days the center was open
    tickets: int = 0
    events: int = 0
    ratings: int = 0
    submissions: int = 0
    search_misses: int = 0
    searches: int = 0
    scans: int = 0


@dataclass
class _Queue:
    id: int
    prefix: str
    weight: float
    median: float
    counters: list[int]
    procedures: list[str]


@dataclass
class _Ids:
    ticket: int
    event: int
    rating: int
    submission: int
    submission_event: int
    miss: int


@dataclass
class _Rows:
    """Rows waiting for their executemany, by table."""

    session: Session
    pending: dict[Table, list[dict]] = field(default_factory=dict)

    def add(self, table: Table, rows: list[dict]) -> None:
        bucket = self.pending.setdefault(table, [])
        bucket.extend(rows)
        if len(bucket) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        # In foreign-key order: a ticket before its events and its rating.
        for table in sorted(self.pending, key=_ORDER.index):
            rows = self.pending[table]
            for start in range(0, len(rows), CHUNK):
                self.session.execute(insert(table), rows[start : start + CHUNK])
            rows.clear()


def _table(model) -> Table:
    return model.__table__


_ORDER = [
    _table(m)
    for m in (
        Ticket,
        TicketEvent,
        Submission,
        SubmissionEvent,
        Rating,
        DailySequence,
        SubmissionSequence,
        SearchMiss,
        SearchCount,
        ShortLinkScan,
    )
]


def history_range(days: int, end: date) -> tuple[date, date]:
    """The first and last day of `days` days ending with `end`."""
    return end - timedelta(days=days - 1), end


def fill_history(
    db: Engine | Session,
    days: int,
    end: date,
    per_day: int = 400,
    seed: int = 0,
    *,
    timezone: str = "Asia/Ho_Chi_Minh",
    center_code: str = "HCC",
    retention_days: int = 30,
    replace: bool = False,
    now: datetime | None = None,
    progress: Callable[[int], object] | None = None,
) -> HistorySummary:
    """Fill `days` days ending with `end` (included); `per_day` tickets on an ordinary
    weekday. Raises HistoryRefused. Given an engine it commits; given a session the caller
    does. `progress(1)` is called after each day."""
    if isinstance(db, Engine):
        with Session(db) as session, session.begin():
            return fill_history(
                session,
                days,
                end,
                per_day,
                seed,
                timezone=timezone,
                center_code=center_code,
                retention_days=retention_days,
                replace=replace,
                now=now,
                progress=progress,
            )
    session = db
    first, last = history_range(days, end)
    _check_range(session, first, last, replace)
    queues = _queues(session, per_day)
    staff = _staff(session, sorted({c for q in queues for c in q.counters}))
    links = _links(session)
    scale = session.scalar(select(Center.rating_scale)) or 3
    calendar = load_calendar(session)
    rng = random.Random(seed)
    ids = _next_ids(session)
    rows = _Rows(session)
    summary = HistorySummary()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    day_maker = _Day(rng, ZoneInfo(timezone), queues, staff, scale, ids, rows, summary)
    submission_maker = _Submissions(
        rng,
        ZoneInfo(timezone),
        center_code,
        retention_days,
        now,
        staff,
        ids,
        rows,
        session,
        summary,
    )
    day = first
    while day <= last:
        weight = WEEKDAY[day.weekday()]
        if weight and calendar.closure(day) is None:
            count = max(1, round(per_day * weight * rng.gauss(1.0, 0.08)))
            day_maker.make(day, count)
            submission_maker.make(day, round(count * SUBMISSIONS * rng.uniform(0.6, 1.4)))
            _misses(rng, ZoneInfo(timezone), day, count, ids, rows, summary)
            _searches(rng, day, count, rows, summary)
            _scans(rng, day, count, links, rows, summary)
            summary.days += 1
        day += timedelta(days=1)
        if progress:
            progress(1)
    rows.flush()
    _fix_sequences(session)
    return summary


def _check_range(session: Session, first: date, last: date, replace: bool) -> None:
    later = session.scalar(select(func.count(Ticket.id)).where(Ticket.day > last))
    if later:
        raise HistoryRefused(
            "later_tickets",
            f"{later} tickets come after {last}: history is made before any real ticket.",
        )
    within = session.scalar(
        select(func.count(Ticket.id)).where(Ticket.day >= first, Ticket.day <= last)
    )
    if within and not replace:
        raise HistoryRefused(
            "has_tickets", f"{within} tickets exist from {first} to {last}: --replace them."
        )
    if replace:
        clear_range(session, first, last)


def clear_range(session: Session, first: date, last: date) -> None:
    """Delete what a history of these days holds: tickets with their events, ratings and
    print jobs, submissions created then, searches, scans, the day's sequences."""
    tickets = select(Ticket.id).where(Ticket.day >= first, Ticket.day <= last)
    start = datetime.combine(first, time.min) - timedelta(days=1)  # UTC edges of local days
    stop = datetime.combine(last, time.max) + timedelta(days=1)
    submissions = select(Submission.id).where(
        Submission.created_at >= start,
        Submission.created_at <= stop,
        Submission.idempotency_key.like("history-%"),
    )
    for statement in (
        delete(Rating).where(Rating.ticket_id.in_(tickets)),
        delete(Rating).where(Rating.submission_id.in_(submissions)),
        delete(PrintJob).where(PrintJob.ticket_id.in_(tickets)),
        delete(TicketEvent).where(TicketEvent.ticket_id.in_(tickets)),
        delete(Ticket).where(Ticket.day >= first, Ticket.day <= last),
        delete(DailySequence).where(DailySequence.day >= first, DailySequence.day <= last),
        delete(SubmissionEvent).where(SubmissionEvent.submission_id.in_(submissions)),
        delete(OutboxMessage).where(OutboxMessage.submission_id.in_(submissions)),
        delete(PrintJob).where(PrintJob.submission_id.in_(submissions)),
        delete(Submission).where(Submission.id.in_(submissions)),
        delete(SubmissionSequence).where(
            SubmissionSequence.day >= first, SubmissionSequence.day <= last
        ),
        delete(SearchMiss).where(SearchMiss.created_at >= start, SearchMiss.created_at <= stop),
        delete(SearchCount).where(SearchCount.day >= first, SearchCount.day <= last),
        delete(ShortLinkScan).where(ShortLinkScan.day >= first, ShortLinkScan.day <= last),
    ):
        session.execute(statement.execution_options(synchronize_session=False))


def _queues(session: Session, per_day: int) -> list[_Queue]:
    """The services counters call, with their counters, weights and medians scaled so the
    counters open (about 7.5 hours a weekday) keep up with per_day at UTILISATION."""
    services = session.scalars(
        select(Service).where(Service.retired_at.is_(None)).order_by(Service.prefix)
    ).all()
    links = session.execute(select(counter_service.c.service_id, counter_service.c.counter_id))
    in_service = set(session.scalars(select(Counter.id).where(Counter.in_service.is_(True))))
    counters: dict[int, list[int]] = {}
    for service_id, counter_id in links:
        if counter_id in in_service:
            counters.setdefault(service_id, []).append(counter_id)
    queues = []
    for n, service in enumerate(services):
        if not counters.get(service.id):
            continue
        procedures = list(service.procedures or [])
        if not procedures and service.fields:
            procedures = list(
                session.scalars(
                    select(Procedure.code)
                    .where(Procedure.field.in_(service.fields), Procedure.hidden.is_(False))
                    .order_by(Procedure.code)
                    .limit(30)
                )
            )
        queues.append(
            _Queue(
                id=service.id,
                prefix=service.prefix,
                weight=(1.6, 1.3, 0.6, 0.8)[n % 4],
                median=MEDIAN_MINUTES.get(service.prefix, DEFAULT_MEDIAN),
                counters=sorted(counters[service.id]),
                procedures=procedures,
            )
        )
    if not queues:
        raise HistoryRefused("no_counters", "No counter calls any service: nothing to simulate.")
    # The morning carries most of the day: its demand on a busy weekday must fit the
    # counters' morning at UTILISATION, or the queue would only grow until lunch.
    total = sum(q.weight for q in queues)
    morning = sum(MORNING_SHAPE) / (sum(MORNING_SHAPE) + sum(AFTERNOON_SHAPE))
    demand = per_day * 1.15 * morning * sum(q.weight / total * q.median for q in queues)
    minutes = _minutes(MORNING[1]) - _minutes(MORNING[0])
    capacity = len({c for q in queues for c in q.counters}) * minutes * UTILISATION
    factor = min(1.0, capacity / demand) if demand else 1.0
    for q in queues:
        q.median *= factor
    return queues


def _staff(session: Session, counters: list[int]) -> dict[int, int]:
    """A staff account per counter: the center's active staff, else disabled demo accounts
    (nobody can sign in with them: a random password, never shown)."""
    import secrets

    ids = list(
        session.scalars(
            select(User.id).where(User.role == "staff", User.active.is_(True)).order_by(User.id)
        )
    )
    while len(ids) < len(counters):
        name = f"demo-staff-{len(ids) + 1}"
        user = session.scalar(select(User).where(User.username == name))
        if user is None:
            user = add_user(session, name, secrets.token_urlsafe(24), "staff", actor="cli:demo")
            user.active = False
            session.flush()
        ids.append(user.id)
    return {counter: ids[n] for n, counter in enumerate(counters)}


def _links(session: Session) -> list[int]:
    """The short links whose scans are counted; a few for common procedures if none."""
    from kiosk.links.shortlinks import ensure_links

    ids = list(session.scalars(select(ShortLink.id).order_by(ShortLink.id)))
    if not ids:
        codes = list(
            session.scalars(
                select(Procedure.code)
                .where(Procedure.hidden.is_(False))
                .order_by(Procedure.code)
                .limit(POSTER_LINKS)
            )
        )
        ensure_links(session, codes)
        ids = list(session.scalars(select(ShortLink.id).order_by(ShortLink.id)))
    return ids


def _next_ids(session: Session) -> _Ids:
    def after(column) -> int:
        return (session.scalar(select(func.max(column))) or 0) + 1

    return _Ids(
        ticket=after(Ticket.id),
        event=after(TicketEvent.id),
        rating=after(Rating.id),
        submission=after(Submission.id),
        submission_event=after(SubmissionEvent.id),
        miss=after(SearchMiss.id),
    )


def _fix_sequences(session: Session) -> None:
    """Ids were given here: PostgreSQL's sequences must go on after them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (
        "ticket",
        "ticket_event",
        "rating",
        "submission",
        "submission_event",
        "search_miss",
    ):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        )


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def _utc(zone: ZoneInfo, day: date, minutes: float) -> datetime:
    """Minutes after local midnight of `day` as the naive UTC the database keeps."""
    local = datetime.combine(day, time.min, zone) + timedelta(minutes=minutes)
    return local.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _arrivals(rng: random.Random, day: date, count: int) -> list[float]:
    """`count` arrival times (minutes after local midnight), sorted, in the day's shape."""
    slots: list[tuple[int, float]] = []
    for (start, _end), shape in ((MORNING, MORNING_SHAPE), (AFTERNOON, AFTERNOON_SHAPE)):
        if day.weekday() == 5 and start == AFTERNOON[0]:
            continue  # Saturday: the morning only
        slots += [(_minutes(start) + 30 * n, w) for n, w in enumerate(shape)]
    chosen = rng.choices([s for s, _w in slots], [w for _s, w in slots], k=count)
    return sorted(start + rng.random() * 30 for start in chosen)


class _Day:
    """One open day of the queue, simulated."""

    def __init__(self, rng, zone, queues, staff, scale, ids, rows, summary):
        self.rng, self.zone, self.queues, self.staff = rng, zone, queues, staff
        self.levels = LEVELS_4 if scale == 4 else LEVELS_3
        self.ids, self.rows, self.summary = ids, rows, summary
        self.style = CodeStyle()
        self.by_id = {q.id: q for q in queues}

    def make(self, day: date, count: int) -> None:
        rng = self.rng
        weights = [q.weight for q in self.queues]
        arrivals = _arrivals(rng, day, count)
        numbers: dict[int, int] = {}
        tickets: list[dict] = []
        ready: list[tuple[float, int, int]] = []  # (minute, ticket index, queue id)
        for minute in arrivals:
            queue = rng.choices(self.queues, weights)[0]
            numbers[queue.id] = numbers.get(queue.id, 0) + 1
            number = numbers[queue.id]
            tickets.append(
                {
                    "id": self.ids.ticket + len(tickets),
                    "service_id": queue.id,
                    "queue_service_id": queue.id,
                    "day": day,
                    "number": number,
                    "code": self.style.code(queue.prefix, number),
                    "status": TicketStatus.SERVED.value,
                    "priority": rng.choice(PRIORITY_GROUPS) if rng.random() < PRIORITY else None,
                    "procedure_code": rng.choice(queue.procedures) if queue.procedures else None,
                    "token": f"{rng.getrandbits(128):032x}",
                    "idempotency_key": None,
                    "device_id": None,
                    "issued_at": _utc(self.zone, day, minute),
                    "locale": "vi" if rng.random() < 0.95 else "en",
                    "counter_id": None,
                    "called_at": None,
                    "finished_at": None,
                    "_minute": minute,
                    "_events": [(minute, 0, "issued", None, {})],
                }
            )
            ready.append((minute, len(tickets) - 1, queue.id))
        self.ids.ticket += len(tickets)
        self._serve(day, tickets, ready)
        self._write(day, tickets, numbers)

    def _serve(self, day: date, tickets: list[dict], ready: list) -> None:
        """Each ticket, in the order it became ready, goes to the earliest free counter of
        its queue (first come, first called in each queue). The morning's numbers are served
        before lunch even when that runs past 11:30, as counters do."""
        rng = self.rng
        free: dict[int, float] = {}  # counter id -> the minute it is free again
        heapq.heapify(ready)
        while ready:
            minute, index, queue_id = heapq.heappop(ready)
            ticket, queue = tickets[index], self.by_id[queue_id]
            counter = min(queue.counters, key=lambda c: (free.get(c, 0.0), c))
            start = max(minute, free.get(counter, 0.0))
            start += rng.uniform(0.1, 0.6)  # the call is heard, the citizen walks up
            staff = self.staff[counter]
            events = ticket["_events"]
            events.append((start, 1, "called", counter, {}))
            if rng.random() < NO_SHOW and queue_id == ticket["service_id"]:
                end = start + rng.uniform(1.0, 3.0)  # called twice, nobody came
                events.append((end, 2, "no_show", counter, {}))
                ticket["status"] = TicketStatus.NO_SHOW.value
            elif (
                rng.random() < TRANSFER
                and queue_id == ticket["service_id"]
                and len(self.queues) > 1
            ):
                end = start + rng.uniform(1.0, 4.0)
                other = rng.choice([q for q in self.queues if q.id != queue_id])
                detail = {"from": queue_id, "to": other.id}
                events.append((end, 2, "transferred", counter, detail))
                ticket["queue_service_id"] = other.id
                heapq.heappush(ready, (end, index, other.id))
            else:
                end = start + rng.lognormvariate(math.log(queue.median), SPREAD)
                events.append((end, 2, "served", counter, {}))
            free[counter] = end
            ticket["counter_id"], ticket["_staff"] = counter, staff
            ticket["called_at"] = _utc(self.zone, day, start)
            if events[-1][2] in ("served", "no_show"):
                ticket["finished_at"] = _utc(self.zone, day, end)
                ticket["_end"] = end

    def _write(self, day: date, tickets: list[dict], numbers: dict[int, int]) -> None:
        events = []
        for ticket in tickets:
            for minute, order, kind, counter, detail in ticket.pop("_events"):
                events.append(
                    (
                        minute,
                        order,
                        {
                            "ticket_id": ticket["id"],
                            "kind": kind,
                            "at": _utc(self.zone, day, minute),
                            "counter_id": counter,
                            "staff_id": self.staff[counter] if counter else None,
                            "detail": detail,
                        },
                    )
                )
        events.sort(key=lambda e: (e[0], e[1]))  # event ids follow time, as live ones do
        for n, (_m, _o, row) in enumerate(events):
            row["id"] = self.ids.event + n
        self.ids.event += len(events)
        ratings = [r for t in tickets if (r := self._rating(day, t))]
        for ticket in tickets:
            for key in ("_minute", "_end", "_staff"):
                ticket.pop(key, None)
        self.rows.add(_table(Ticket), tickets)
        self.rows.add(_table(TicketEvent), [row for _m, _o, row in events])
        self.rows.add(_table(Rating), ratings)
        self.rows.add(
            _table(DailySequence),
            [{"service_id": s, "day": day, "last_number": n} for s, n in numbers.items()],
        )
        self.summary.tickets += len(tickets)
        self.summary.events += len(events)
        self.summary.ratings += len(ratings)

    def _rating(self, day: date, ticket: dict) -> dict | None:
        rng = self.rng
        if ticket["status"] != TicketStatus.SERVED.value or rng.random() >= RATED:
            return None
        waited = ticket["called_at"] - ticket["issued_at"]
        level = _pick(rng, self.levels)
        if level != "unsatisfied" and waited > timedelta(minutes=45) and rng.random() < 0.3:
            level = "unsatisfied"  # a long wait shows in the ratings
        reasons: list[str] = []
        if level == "unsatisfied" and rng.random() < 0.8:
            reasons = sorted({_pick(rng, REASONS) for _ in range(rng.choice((1, 1, 2)))})
            if waited > timedelta(minutes=45) and "waited_too_long" not in reasons:
                reasons = sorted([*reasons, "waited_too_long"])
        channel = _pick(rng, CHANNELS)
        after = {
            "counter": timedelta(seconds=rng.uniform(5, 50)),
            "kiosk": timedelta(minutes=rng.uniform(1, 10)),
            "phone": timedelta(minutes=rng.uniform(2, 600)),
        }[channel]
        self.ids.rating += 1
        return {
            "id": self.ids.rating - 1,
            "ticket_id": ticket["id"],
            "submission_id": None,
            "service_id": ticket["queue_service_id"],
            "counter_id": ticket["counter_id"],
            "staff_id": ticket["_staff"],
            "level": level,
            "reasons": reasons,
            "channel": channel,
            "rated_at": ticket["finished_at"] + after,
        }


class _Submissions:
    """Submissions confirmed at the kiosk and their handling at a counter: no personal data
    (the fields a citizen fills stay empty), purged once the retention period passed."""

    def __init__(self, rng, zone, center, retention_days, now, staff, ids, rows, session, summary):
        self.rng, self.zone, self.center, self.summary = rng, zone, center, summary
        self.retention = timedelta(days=retention_days)
        self.now, self.staff_ids = now, sorted(set(staff.values()))
        self.ids, self.rows = ids, rows
        self.procedures = list(
            session.execute(
                select(Procedure.code, Procedure.name)
                .where(Procedure.hidden.is_(False))
                .order_by(Procedure.code)
                .limit(60)
            )
        )
        self.forms: dict[str, str] = {}

    def make(self, day: date, count: int) -> None:
        if not self.procedures or count <= 0:
            return
        rng = self.rng
        submissions, events = [], []
        for number, minute in enumerate(_arrivals(rng, day, count), start=1):
            code, name = self.procedures[min(int(rng.expovariate(0.12)), len(self.procedures) - 1)]
            created = _utc(self.zone, day, minute)
            sid = self.ids.submission
            self.ids.submission += 1
            history = [("submitted", created, None)]
            at = created
            if rng.random() < 0.92:  # seen at a counter: the same day or within three
                at += timedelta(hours=rng.uniform(0.2, 2)) + timedelta(
                    days=rng.choice((0, 0, 1, 3))
                )
                history.append(("received", at, rng.choice(self.staff_ids)))
                if rng.random() < 0.12:
                    at += timedelta(hours=rng.uniform(1, 30))
                    history.append(("needs_documents", at, rng.choice(self.staff_ids)))
                roll = rng.random()
                if roll < 0.85:
                    at += timedelta(days=rng.uniform(1, 12))
                    history.append(("done", at, rng.choice(self.staff_ids)))
                elif roll < 0.9:
                    at += timedelta(days=rng.uniform(0.5, 5))
                    history.append(("rejected", at, rng.choice(self.staff_ids)))
            history = [h for h in history if h[1] <= self.now]
            status, last, _staff = history[-1]
            closed = last if status in ("done", "rejected") else None
            purged = last + self.retention
            tracking = tracking_code(self.center, day, number)
            submissions.append(
                {
                    "id": sid,
                    "tracking_code": tracking,
                    "token": f"{rng.getrandbits(160):040x}",
                    "idempotency_key": f"history-{tracking}",
                    "procedure_code": code,
                    "procedure_name": name,
                    "case": "",
                    "form_id": self._form(code),
                    "status": status,
                    "status_note": "",
                    "applicant": {},
                    "answers": {},
                    "phone": None,
                    "id_last4": None,
                    "consent_version": "demo-history",
                    "locale": "vi",
                    "device_id": None,
                    "created_at": created,
                    "updated_at": last,
                    "closed_at": closed,
                    "purged_at": purged if purged <= self.now else None,
                }
            )
            for kind, moment, staff in history:
                events.append(
                    {
                        "id": self.ids.submission_event,
                        "submission_id": sid,
                        "status": kind,
                        "note": "",
                        "staff_id": staff,
                        "at": moment,
                    }
                )
                self.ids.submission_event += 1
        self.rows.add(_table(Submission), submissions)
        self.rows.add(_table(SubmissionEvent), events)
        self.rows.add(
            _table(SubmissionSequence),
            [{"center": self.center, "day": day, "last_number": len(submissions)}],
        )
        self.summary.submissions += len(submissions)

    def _form(self, code: str) -> str:
        if code not in self.forms:
            self.forms[code] = definition_for(code).id
        return self.forms[code]


def _misses(rng, zone, day: date, count: int, ids: _Ids, rows: _Rows, summary) -> None:
    misses = []
    for minute in _arrivals(rng, day, round(count * SEARCH_MISSES * rng.uniform(0.5, 1.5))):
        personal = rng.random() < 0.03  # a card payload or an ID number: counted, not kept
        misses.append(
            {
                "id": ids.miss,
                "query": "" if personal else rng.choice(MISSED_WORDS),
                "personal": personal,
                "created_at": _utc(zone, day, minute),
            }
        )
        ids.miss += 1
    rows.add(_table(SearchMiss), misses)
    summary.search_misses += len(misses)


def _searches(rng, day: date, count: int, rows: _Rows, summary) -> None:
    """The day's searches per text, shaped like a Zipf law over SEARCHED_WORDS; a few looked
    like personal data and are counted under "" (never kept)."""
    total = round(count * SEARCHES * rng.uniform(0.8, 1.2))
    weights = [1 / (rank + 1) for rank in range(len(SEARCHED_WORDS))]
    counts = Tally(rng.choices(SEARCHED_WORDS, weights, k=total))
    counts[""] = round(total * 0.01)
    rows.add(
        _table(SearchCount),
        [{"day": day, "query": text, "count": n} for text, n in counts.items() if n],
    )
    summary.searches += total


def _scans(rng, day: date, count: int, links: list[int], rows: _Rows, summary) -> None:
    scans = []
    for n, link in enumerate(links):
        mean = count * SCANS / (n + 1.5)  # a few posters are scanned far more than the rest
        scanned = max(0, round(rng.gauss(mean, math.sqrt(mean) + 0.5)))
        if scanned:
            scans.append({"link_id": link, "day": day, "count": scanned})
    rows.add(_table(ShortLinkScan), scans)
    summary.scans += sum(s["count"] for s in scans)
