"""The figures of /admin/stats beyond the queue: searches, QR scans, submissions, webhook
deliveries and kiosk uptime, over a range of the center's local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kiosk.models import (
    Device,
    DeviceUptime,
    OutboxMessage,
    SearchCount,
    SearchMiss,
    ShortLink,
    ShortLinkScan,
    Submission,
)
from kiosk.models.submissions import DeliveryStatus

from .searches import PERSONAL

TOP = 20


def searches(session: Session, start: date, end: date) -> tuple[list[tuple[str, int]], int]:
    """The most searched folded texts, and how many searches looked personal (not kept)."""
    total = func.sum(SearchCount.count)
    within = SearchCount.day.between(start, end)
    rows = session.execute(
        select(SearchCount.query, total)
        .where(within, SearchCount.query != PERSONAL)
        .group_by(SearchCount.query)
        .order_by(total.desc(), SearchCount.query)
        .limit(TOP)
    ).all()
    personal = session.scalar(select(total).where(within, SearchCount.query == PERSONAL))
    return [(q, int(n)) for q, n in rows], int(personal or 0)


def misses(session: Session, since: datetime, until: datetime) -> tuple[list[tuple[str, int]], int]:
    """The texts most searched without a result (UTC bounds [since, until)), and how many
    such searches looked personal (not kept). Misses are kept only for a while."""
    n = func.count()
    within = SearchMiss.created_at >= since, SearchMiss.created_at < until
    rows = session.execute(
        select(SearchMiss.query, n)
        .where(*within, SearchMiss.personal.is_(False))
        .group_by(SearchMiss.query)
        .order_by(n.desc(), SearchMiss.query)
        .limit(TOP)
    ).all()
    personal = session.scalar(select(n).where(*within, SearchMiss.personal.is_(True)))
    return [(q, int(c)) for q, c in rows], int(personal or 0)


def scans(session: Session, start: date, end: date) -> list[tuple[str, str, int]]:
    """Scans per short link: (slug, procedure code, scans), the most scanned first."""
    total = func.sum(ShortLinkScan.count)
    rows = session.execute(
        select(ShortLink.slug, ShortLink.procedure_code, total)
        .join(ShortLinkScan, ShortLinkScan.link_id == ShortLink.id)
        .where(ShortLinkScan.day.between(start, end))
        .group_by(ShortLink.slug, ShortLink.procedure_code)
        .order_by(total.desc(), ShortLink.slug)
    ).all()
    return [(slug, code, int(n)) for slug, code, n in rows]


def submissions(session: Session, since: datetime, until: datetime) -> dict[str, dict[str, int]]:
    """Submissions made at the kiosk in [since, until): procedure code -> status -> count."""
    rows = session.execute(
        select(Submission.procedure_code, Submission.status, func.count())
        .where(Submission.created_at >= since, Submission.created_at < until)
        .group_by(Submission.procedure_code, Submission.status)
    )
    table: dict[str, dict[str, int]] = {}
    for code, status, n in rows:
        table.setdefault(code, {})[status] = n
    return dict(sorted(table.items()))


@dataclass(frozen=True)
class Deliveries:
    """The outbox of messages to the back office, created in the range."""

    delivered: int
    pending: int  # not delivered yet, no failure so far
    failing: int  # not delivered yet, the last attempt failed (retried with backoff)
    abandoned: int  # the data was erased before it could be sent
    retries: int  # attempts beyond each message's first


def deliveries(session: Session, since: datetime, until: datetime) -> Deliveries:
    pending = OutboxMessage.status == DeliveryStatus.PENDING
    failed = OutboxMessage.last_error != ""

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    retries = func.coalesce(
        func.sum(case((OutboxMessage.attempts > 1, OutboxMessage.attempts - 1), else_=0)), 0
    )
    row = session.execute(
        select(
            count(OutboxMessage.status == DeliveryStatus.DELIVERED),
            count(pending & ~failed),
            count(pending & failed),
            count(OutboxMessage.status == DeliveryStatus.ABANDONED),
            retries,
        ).where(OutboxMessage.created_at >= since, OutboxMessage.created_at < until)
    ).one()
    return Deliveries(*(int(n) for n in row))


@dataclass(frozen=True)
class Uptime:
    device: str
    minutes_seen: int
    printer_ok_minutes: int
    days: int  # days on which it reported at all

    @property
    def printer_share(self) -> int | None:
        """Of the minutes the kiosk was seen, the percentage its printer was ok."""
        if not self.minutes_seen:
            return None
        return round(100 * self.printer_ok_minutes / self.minutes_seen)


def uptime(session: Session, start: date, end: date) -> list[Uptime]:
    rows = session.execute(
        select(
            Device.name,
            func.sum(DeviceUptime.minutes_seen),
            func.sum(DeviceUptime.printer_ok_minutes),
            func.count(),
        )
        .join(DeviceUptime, DeviceUptime.device_id == Device.id)
        .where(DeviceUptime.day.between(start, end))
        .group_by(Device.name)
        .order_by(Device.name)
    )
    return [Uptime(name, int(s), int(p), int(d)) for name, s, p, d in rows]
