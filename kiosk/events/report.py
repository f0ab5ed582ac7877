"""The day's report of an event: what the help desks achieved on one event day, with the
same figures for the previous event days beside them (`/admin/events/<id>/report`, its PDF,
CSV and XLSX, `kiosk events report`). Pure: no Flask; the words come from the caller.

Whose help counts for an event day: the outcomes recorded for the event that day, and those
recorded that day outside any event (a desk that went on after the event's hours)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import IO

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk import ratings
from kiosk.models import HelpEvent, HelpOutcome, Rating, Service, Ticket
from kiosk.stats.report import Sheet

from .outcomes import REASONS
from .schedule import event_days, past_days
from .topics import topics_of

OLD = "60_plus"
PREVIOUS_DAYS = 4  # the event days beside the day's figures


@dataclass(frozen=True)
class ReportWords:
    """labels: heading, day, hours, place, figures, this_day, topics, topic, helped, done,
    not_done, aged_60_plus, median_help_min, reasons, reason, count, none, page;
    figures: summary key -> words; reasons, topics: key -> words."""

    labels: Mapping[str, str]
    figures: Mapping[str, str]
    reasons: Mapping[str, str]
    topics: Mapping[str, str]


@dataclass(frozen=True)
class TopicFigures:
    """One topic on one day: citizens helped (distinct visits), outcomes, reasons."""

    topic: str
    helped: int = 0
    done: int = 0
    not_done: int = 0
    reasons: Mapping[str, int] = field(default_factory=dict)
    aged_60_plus: int = 0
    with_age: int = 0
    median_seconds: float | None = None


@dataclass(frozen=True)
class DayFigures:
    """One event day's figures."""

    event_id: int
    title: str
    day: date
    helped: int
    done: int
    not_done: int
    reasons: Mapping[str, int]
    aged_60_plus: int
    with_age: int
    median_seconds: float | None
    volunteers: int
    ratings: Mapping[str, int]  # level -> ratings of the help desks' tickets
    topics: list[TopicFigures]

    @property
    def share_60_plus(self) -> float | None:
        """Of the citizens whose age group was noted, the share aged 60 and over (0..1)."""
        return self.aged_60_plus / self.with_age if self.with_age else None

    @property
    def median_minutes(self) -> float | None:
        return minutes(self.median_seconds)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())


@dataclass(frozen=True)
class EventReport:
    event: HelpEvent
    day: date
    figures: DayFigures
    previous: list[DayFigures]  # newest first


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def shown(value: float | int | None, percent: bool = False) -> str:
    """A figure as the report prints it: "–" when unknown, a share as "45 %"."""
    if value is None:
        return "–"
    if percent:
        return f"{round(value * 100)} %"
    return f"{value:g}" if isinstance(value, float) else str(value)


def shown_levels(report: EventReport, scale: int | None) -> list[str]:
    """The rating levels of the center's scale, and any other level given on the days shown."""
    offered = ratings.levels(scale)
    days = [report.figures, *report.previous]
    return [lv for lv in ratings.LEVELS if lv in offered or any(f.ratings.get(lv) for f in days)]


def latest_started_day(event: HelpEvent, now: datetime) -> date:
    """The event's latest day that has started by the local moment `now` (its first day when
    none has)."""
    started = [
        d
        for d in event_days(event)
        if d < now.date() or (d == now.date() and now.time().replace(tzinfo=None) >= event.starts)
    ]
    return started[-1] if started else event_days(event)[0]


def _outcomes(session: Session, event_id: int | None, days: Iterable[date]) -> list[HelpOutcome]:
    query = select(HelpOutcome).where(HelpOutcome.day.in_(list(days)))
    if event_id is not None:
        query = query.where(or_(HelpOutcome.event_id == event_id, HelpOutcome.event_id.is_(None)))
    return list(session.scalars(query.order_by(HelpOutcome.id)))


def _ratings(session: Session, days: Iterable[date]) -> Counter:
    """The levels given to the help desks' tickets of those days."""
    query = (
        select(Rating.level)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .join(Service, Service.id == Ticket.service_id)
        .where(Service.kind == "help", Ticket.day.in_(list(days)))
    )
    return Counter(session.scalars(query))


def _median(values: Iterable[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(median(known)) if known else None


def _ages(rows: list[HelpOutcome]) -> tuple[int, int]:
    """(visits aged 60+, visits with an age group): a visit's group is any one it was given."""
    ages: dict[int, str] = {}
    for row in rows:
        if row.age_group:
            ages.setdefault(row.ticket_id, row.age_group)
    return sum(1 for group in ages.values() if group == OLD), len(ages)


def _per_visit_seconds(rows: list[HelpOutcome]) -> list[int | None]:
    """A visit's help time: the longest recorded for it (each topic measures from the call)."""
    seconds: dict[int, int | None] = {}
    for row in rows:
        known = seconds.setdefault(row.ticket_id, None)
        if row.help_seconds is not None:
            seconds[row.ticket_id] = max(known or 0, row.help_seconds)
    return list(seconds.values())


def topic_figures(topic: str, rows: list[HelpOutcome]) -> TopicFigures:
    mine = [r for r in rows if r.topic == topic]
    return TopicFigures(
        topic=topic, **_counts(mine), median_seconds=_median(r.help_seconds for r in mine)
    )


def _counts(rows: list[HelpOutcome]) -> dict:
    """What a day and a topic count alike: visits helped, outcomes, reasons, ages."""
    old, with_age = _ages(rows)
    return {
        "helped": len({r.ticket_id for r in rows}),
        "done": sum(1 for r in rows if r.outcome == "done"),
        "not_done": sum(1 for r in rows if r.outcome == "not_done"),
        "reasons": dict(Counter(r.reason or "other" for r in rows if r.outcome == "not_done")),
        "aged_60_plus": old,
        "with_age": with_age,
    }


def ordered_topics(offered: Iterable[str], rows: Iterable[HelpOutcome]) -> list[str]:
    """The topics offered, in their order, then any other topic help was recorded for."""
    keys = list(dict.fromkeys(offered))
    return keys + sorted({r.topic for r in rows} - set(keys))


def day_figures(
    session: Session, event: HelpEvent, day: date, rows: list[HelpOutcome] | None = None
) -> DayFigures:
    """The figures of one event day."""
    rows = _outcomes(session, event.id, [day]) if rows is None else rows
    return DayFigures(
        event_id=event.id,
        title=event.title,
        day=day,
        **_counts(rows),
        median_seconds=_median(_per_visit_seconds(rows)),
        volunteers=len({r.staff_id for r in rows if r.staff_id is not None}),
        ratings=dict(_ratings(session, [day])),
        topics=[topic_figures(t, rows) for t in ordered_topics(event.topics or [], rows)],
    )


def event_report(session: Session, event: HelpEvent, day: date) -> EventReport:
    """The day's figures and those of the previous event days (any event), newest first."""
    previous = [
        day_figures(session, other, other_day)
        for other, other_day in past_days(session, day, limit=PREVIOUS_DAYS)
    ]
    return EventReport(event, day, day_figures(session, event, day), previous)


def offered_topic_names(keys: Iterable[str], locale: str) -> dict[str, str]:
    """Topic key -> its name in the locale (the key itself for a topic no longer shipped)."""
    keys = list(keys)
    names = {t.key: t.text("name", locale) for t in topics_of(keys)}
    return {k: names.get(k, k) for k in keys}


def summary(figures: DayFigures, levels: Iterable[str]) -> dict[str, float | int | None]:
    """The day's figures by key (FIGURES order): the rows of the report's first table."""
    return {
        "helped": figures.helped,
        "done": figures.done,
        "not_done": figures.not_done,
        **{f"not_done_{reason}": figures.reasons.get(reason, 0) for reason in REASONS},
        "share_60_plus": figures.share_60_plus,
        "median_help_min": figures.median_minutes,
        "volunteers": figures.volunteers,
        "rated": figures.rated,
        **{f"rating_{level}": figures.ratings.get(level, 0) for level in levels},
    }


CSV_COLUMNS = (
    "day",
    "topic",
    "topic_name",
    "helped",
    "done",
    "not_done",
    *(f"not_done_{reason}" for reason in REASONS),
    "aged_60_plus",
    "with_age_group",
    "median_help_min",
)


def csv_rows(report: EventReport, topic_names: Mapping[str, str]) -> list[tuple]:
    """One row per topic of the day (CSV_COLUMNS)."""
    return [
        (
            report.day.isoformat(),
            t.topic,
            topic_names.get(t.topic, t.topic),
            t.helped,
            t.done,
            t.not_done,
            *(t.reasons.get(reason, 0) for reason in REASONS),
            t.aged_60_plus,
            t.with_age,
            minutes(t.median_seconds),
        )
        for t in report.figures.topics
    ]


def write_csv(report: EventReport, topic_names: Mapping[str, str], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        ["" if value is None else value for value in row] for row in csv_rows(report, topic_names)
    )


def sheets(
    report: EventReport, topic_names: Mapping[str, str], levels: Iterable[str]
) -> list[Sheet]:
    """The report as XLSX sheets: "Days" (the day, then the previous event days, one row each,
    the summary's keys as columns) and "Topics" (the CSV's rows)."""
    levels = list(levels)
    days = [report.figures, *report.previous]
    keys = list(summary(report.figures, levels))
    return [
        Sheet(
            "Days",
            ("day", "event", *keys),
            [(f.day, f.title, *summary(f, levels).values()) for f in days],
        ),
        Sheet("Topics", CSV_COLUMNS, csv_rows(report, topic_names)),
    ]


def month_topic_rows(
    session: Session, start: date, end: date, topic_names: Mapping[str, str]
) -> list[tuple]:
    """Per topic over the help given between two days: helped, done, not done, aged 60+,
    median help time in minutes (the monthly report's "Help desks" sheet)."""
    rows = list(
        session.scalars(
            select(HelpOutcome).where(HelpOutcome.day.between(start, end)).order_by(HelpOutcome.id)
        )
    )
    offered = [t for t in topic_names if any(r.topic == t for r in rows)]
    return [
        (
            topic_names.get(f.topic, f.topic),
            f.helped,
            f.done,
            f.not_done,
            f.aged_60_plus,
            minutes(f.median_seconds),
        )
        for f in (topic_figures(t, rows) for t in ordered_topics(offered, rows))
    ]
