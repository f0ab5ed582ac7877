"""The statistics as a table of one row per day and service (GET /admin/stats.csv and
`kiosk stats`): CSV or XLSX."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import IO

from sqlalchemy.orm import Session

from .figures import queue_figures, service_names

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
CHUNK_DAYS = 31  # read a month at a time, so a long range can show its progress


def daily_rows(
    session: Session,
    start: date,
    end: date,
    locale: str = "vi",
    progress: Callable[[int], None] | None = None,
) -> Iterable[tuple]:
    """One row per day and service that issued tickets, in COLUMNS' order; `progress` is
    told the number of days done after each month read."""
    names = service_names(session, locale)
    day = start
    while day <= end:
        last = min(end, day + timedelta(days=CHUNK_DAYS - 1))
        rows = queue_figures(session, day, last, by="service", per_day=True)
        for (when, service_id), row in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            yield (
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
        if progress:
            progress((last - day).days + 1)
        day = last + timedelta(days=1)


def write_csv(rows: Iterable[tuple], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(("" if v is None else v for v in row) for row in rows)


def write_xlsx(rows: Iterable[tuple], path: str) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("stats")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(list(row))
    book.save(path)
