"""The monthly figures a center copies into the forms it sends upward: one XLSX sheet per
table (`kiosk report --month YYYY-MM`, /admin/stats/report.xlsx?month=YYYY-MM), the help
desks of the month's "Digital Citizen Saturday" events among them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from kiosk.models import Procedure, Rating, Ticket
from kiosk.models.queue import TicketStatus
from kiosk.queue.hours import utc_bounds
from kiosk.ratings import LEVELS

from . import activity, rollup
from .figures import counter_numbers, service_names


@dataclass(frozen=True)
class Sheet:
    title: str
    header: tuple[str, ...]
    rows: list[tuple]


def month_days(month: str) -> tuple[date, date]:
    """ "2026-03" -> (2026-03-01, 2026-03-31); ValueError for anything else."""
    year, number = (int(part) for part in month.split("-"))
    if len(month) != 7:
        raise ValueError(month)
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _per_field(session: Session, start: date, end: date, names: dict[int, str]) -> list[tuple]:
    field = func.coalesce(Procedure.field, "")
    served = func.sum((Ticket.status == TicketStatus.SERVED).cast(Integer()))
    no_show = func.sum((Ticket.status == TicketStatus.NO_SHOW).cast(Integer()))
    query = (
        select(field, Ticket.service_id, func.count(), served, no_show)
        .outerjoin(Procedure, Procedure.code == Ticket.procedure_code)
        .where(Ticket.day.between(start, end))
        .group_by(field, Ticket.service_id)
        .order_by(field, Ticket.service_id)
    )
    return [
        (f, names.get(s, ""), int(n), int(sv or 0), int(ns or 0))
        for f, s, n, sv, ns in session.execute(query)
    ]


def _reasons(
    session: Session, start: date, end: date, names: dict[int, str], words: Mapping[str, str]
) -> list[tuple]:
    query = (
        select(Ticket.service_id, Rating.reasons)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(Ticket.day.between(start, end), Rating.level == "unsatisfied")
    )
    counts: Counter = Counter()
    for service_id, reasons in session.execute(query):
        for reason in reasons or []:
            counts[(names.get(service_id, ""), words.get(reason, str(reason)))] += 1
    return [(service, reason, n) for (service, reason), n in sorted(counts.items())]


def monthly_sheets(
    session: Session,
    month: str,
    timezone: str,
    locale: str = "vi",
    refresh: bool = True,
    reason_words: Mapping[str, str] | None = None,
) -> list[Sheet]:
    """The month's tables (brings the daily roll-up of its days up to date first, unless
    the caller did); the dissatisfaction reasons in `reason_words` (key -> words), if given."""
    start, end = month_days(month)
    names = service_names(session, locale)
    numbers = counter_numbers(session)
    if refresh:
        rollup.refresh(session, start, end, timezone)
    both = rollup.summed(session, start, end, "service_counter")
    services = sorted(rollup.regrouped(both, 0).items(), key=lambda kv: names.get(kv[0], ""))
    since, until = utc_bounds(start, timezone)[0], utc_bounds(end, timezone)[1]
    submissions = activity.submissions(session, since, until)
    statuses = sorted({s for counts in submissions.values() for s in counts})
    return [
        Sheet(
            "Totals",
            ("field", "service", "issued", "served", "no_show"),
            _per_field(session, start, end, names),
        ),
        Sheet(
            "Waits",
            ("service", "wait_median_min", "wait_p90_min", "service_median_min"),
            [(names.get(s, ""), r.wait_median, r.wait_p90, r.service_median) for s, r in services],
        ),
        Sheet(
            "No-shows",
            ("service", "counter", "issued", "no_show"),
            [
                (names.get(s, ""), numbers.get(c) or "", r.issued, r.no_show)
                for (s, c), r in sorted(both.items())
            ],
        ),
        Sheet(
            "Satisfaction",
            ("service", *LEVELS),
            [(names.get(s, ""), *(r.ratings[level] for level in LEVELS)) for s, r in services],
        ),
        Sheet(
            "Reasons",
            ("service", "reason", "count"),
            _reasons(session, start, end, names, reason_words or {}),
        ),
        Sheet(
            "Submissions",
            ("procedure", *statuses, "total"),
            [
                (code, *(counts.get(s, 0) for s in statuses), sum(counts.values()))
                for code, counts in submissions.items()
            ],
        ),
        _help_desks(session, start, end, locale),
    ]


def _help_desks(session: Session, start: date, end: date, locale: str) -> Sheet:
    """The month's event days per help topic (kiosk/events/report.py)."""
    from kiosk.events.report import month_topic_rows, offered_topic_names
    from kiosk.events.topics import topic_keys

    names = offered_topic_names(topic_keys(), locale)
    return Sheet(
        "Help desks",
        ("topic", "helped", "done", "not_done", "aged_60_plus", "median_help_min"),
        month_topic_rows(session, start, end, names),
    )


def write_workbook(sheets: list[Sheet], out: str | IO[bytes]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        page = book.create_sheet(sheet.title)
        page.append(sheet.header)
        for row in sheet.rows:
            page.append(list(row))
    book.save(out)
