"""`kiosk events ...`: "Digital Citizen Saturday" events (add, list) and an event day's
report as PDF, CSV or XLSX, in the center's language. The same rules as /admin/events
(kiosk/events/setup.py)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from ..audit import cli_actor
from ..center.settings import center_settings
from ..db import database
from ..events.report import event_report, latest_started_day, sheets, shown_levels, write_csv
from ..events.schedule import event_days, next_day
from ..events.setup import MAX_DESKS, EventDraft, save_event
from ..events.topics import topic_keys
from ..models import HelpEvent
from ..queue.hours import local_now
from ..refusals import Refused
from .schema import ready_database

DAY = click.DateTime(formats=["%Y-%m-%d"])
HOUR = click.DateTime(formats=["%H:%M"])
# Which option a refusal of kiosk/events/setup.py is about.
REFUSED_OPTION = {
    "bad_title": "TITLE",
    "bad_place": "--place",
    "ends_before_start": "--to",
    "until_before_first": "--every-saturday-until",
    "too_long": "--every-saturday-until",
    "unknown_topic": "--topic",
    "bad_desks": "--desks",
}


@click.group()
def events() -> None:
    """Digital Citizen Saturday: events with volunteer help desks."""


@events.command("add")
@click.argument("title")
@click.option("--on", "first_day", type=DAY, required=True, help="The day (the first one).")
@click.option("--from", "starts", type=HOUR, required=True, help="Starting time, HH:MM.")
@click.option("--to", "ends", type=HOUR, required=True, help="Ending time, HH:MM.")
@click.option("--every-saturday-until", "until", type=DAY, help="Repeat every Saturday until.")
@click.option("--place", default="", help="Where it is held.")
@click.option(
    "--topic",
    "topics",
    multiple=True,
    type=click.Choice(topic_keys()),
    help="A help topic offered (repeat it; none: every topic).",
)
@click.option(
    "--desks", type=click.IntRange(1, MAX_DESKS), default=2, show_default=True, help="Help desks."
)
@with_appcontext
def add(title, first_day, starts, ends, until, place, topics, desks) -> None:
    """Add an event; its id is the last word printed."""
    draft = EventDraft(
        title=title,
        first_day=first_day.date(),
        starts=starts.time(),
        ends=ends.time(),
        until=until.date() if until else None,
        place=place,
        topics=list(topics),
        desks=desks,
    )
    ready_database()
    try:
        with database().session() as session:
            event = save_event(session, None, draft, cli_actor())
            days, event_id = event_days(event), event.id
    except Refused as refused:
        hint = REFUSED_OPTION.get(refused.reason)
        raise click.BadParameter(str(refused), param_hint=hint) from None
    click.echo(
        f"Added {title.strip()!r}: {len(days)} day(s) from {days[0]:%Y-%m-%d},"
        f" {draft.starts:%H:%M}-{draft.ends:%H:%M}, {desks} help desk(s)."
    )
    click.echo(f"Event id: {event_id}")


@events.command("list")
@with_appcontext
def list_events() -> None:
    """Every event: id, days, hours, next day, place, title."""
    with database().session() as session:
        timezone = center_settings(session, current_app.config).timezone
        today = local_now(timezone).date()
        rows = session.scalars(select(HelpEvent).order_by(HelpEvent.first_day, HelpEvent.id)).all()
        if not rows:
            click.echo("No events.")
        for event in rows:
            days = f"{event.first_day:%Y-%m-%d}"
            if event.until:
                days += f" every Saturday until {event.until:%Y-%m-%d}"
            upcoming = next_day(event, today)
            nxt = f"next {upcoming:%Y-%m-%d}" if upcoming else "over"
            click.echo(
                f"{event.id}\t{days}\t{event.starts:%H:%M}-{event.ends:%H:%M}\t{nxt}\t"
                f"{len(event.desks or [])} desk(s)\t{event.place or '-'}\t{event.title}"
            )


@events.command("report")
@click.argument("event_id", type=int)
@click.option("--day", type=DAY, help="The event day (default: its latest that has started).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "csv", "xlsx"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def report(event_id: int, day: datetime | None, fmt: str, out: str) -> None:
    """An event day's report, in the center's language."""
    locale = current_app.config["DEFAULT_LOCALE"]
    with database().session() as session, force_locale(locale):
        event = session.get(HelpEvent, event_id)
        if event is None:
            raise click.BadParameter(f"no event {event_id}", param_hint="ID")
        settings = center_settings(session, current_app.config)
        chosen = day.date() if day else latest_started_day(event, local_now(settings.timezone))
        if chosen not in event_days(event):
            raise click.BadParameter(
                f"{chosen:%Y-%m-%d} is not a day of this event", param_hint="--day"
            )
        figures = event_report(session, event, chosen)
        _write(figures, fmt, out, shown_levels(figures, settings.rating_scale))
    click.echo(f"Wrote the report of {chosen:%Y-%m-%d} to {out}.")


def _write(report, fmt: str, out: str, levels: list[str]) -> None:
    from printer.fonts import font_files

    from ..events.report_pdf import report_pdf
    from ..events.words import report_topic_names, report_words
    from ..stats.report import write_workbook

    names = report_topic_names(report)
    if fmt == "csv":
        with open(out, "w", encoding="utf-8", newline="") as file:
            write_csv(report, names, file)
    elif fmt == "xlsx":
        write_workbook(sheets(report, names, levels), out)
    else:
        fonts = font_files(current_app.config.get("PRINTER_FONT"))
        with open(out, "wb") as file:
            file.write(report_pdf(report, report_words(report, levels), levels, fonts))
