"""The statistics as a table of one row per day and service (GET /admin/stats.csv and
`kiosk stats`): CSV or XLSX."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import IO

from sqlalchemy.orm import Session

from . import rollup
from .figures import service_names

COLUMNS = (
    "date",
    "service",
    "issued",
    "served",
    "no_show",
    "wait_median_min",
    "wait_p90_min",
    "very_satisfied",
    "satisfied",
    "unsatisfied",
)
CHUNK_DAYS = 31  # brought up to date a month at a time, so a long range shows progress


def daily_rows(
    session: Session,
    start: date,
    end: date,
    timezone: str,
    locale: str = "vi",
    progress: Callable[[int], object] | None = None,
    refresh: bool = True,
) -> list[tuple]:
    """One row per day and service that issued tickets, in COLUMNS' order, from the daily
    roll-up (brought up to date a month at a time unless the caller did; `progress` is told
    the days done)."""
    names = service_names(session, locale)
    day = start
    while day <= end:
        last = min(end, day + timedelta(days=CHUNK_DAYS - 1))
        if refresh:
            rollup.refresh(session, day, last, timezone)
        if progress:
            progress((last - day).days + 1)
        day = last + timedelta(days=1)
    rows = rollup.summed(session, start, end, "day_service")
    return [
        (
            when.isoformat(),
            names.get(service_id, ""),
            row.issued,
            row.served,
            row.no_show,
            row.wait_median,
            row.wait_p90,
            row.ratings["very_satisfied"],
            row.ratings["satisfied"],
            row.ratings["unsatisfied"],
        )
        for (when, service_id), row in sorted(rows.items(), key=lambda kv: kv[0])
    ]


def write_csv(rows: Iterable[tuple], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(tuple("" if v is None else v for v in row) for row in rows)


def write_xlsx(rows: list[tuple], path: str) -> None:
    from .report import Sheet, write_workbook

    write_workbook([Sheet("stats", COLUMNS, rows)], path)
