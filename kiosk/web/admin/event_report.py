"""An event day's report (/admin/events/<id>/report?day=YYYY-MM-DD) and its downloads
(report.pdf, report.csv, report.xlsx): read by managers and administrators (Permission.STATS).
The figures come from kiosk/events/report.py; the words are the reader's language. Without a
day: the event's latest day that has started. /admin/events/reports lists every event day."""

from __future__ import annotations

import io
from datetime import date

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.events.report import (
    EventReport,
    event_report,
    latest_started_day,
    minutes,
    sheets,
    shown,
    shown_levels,
    summary,
    write_csv,
)
from kiosk.events.schedule import event_days
from kiosk.events.words import (
    figure_names,
    reason_names,
    report_topic_names,
    report_words,
)
from kiosk.models import HelpEvent
from kiosk.permissions import Permission
from kiosk.queue.hours import local_now
from kiosk.rating_words import level_names
from kiosk.stats.report import write_workbook
from kiosk.web import center, row_or_404, today
from kiosk.web.access import requires
from kiosk.web.tickets import weekday_name
from printer.fonts import font_files

from . import bp

SHOWN_DAYS = 200  # /admin/events/reports: four years of Saturdays
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_day(event: HelpEvent) -> date | None:
    """The day asked for (?day=), or the latest that has started; None: not a day of it."""
    text = request.args.get("day", "").strip()
    if not text:
        return latest_started_day(event, local_now(center().timezone))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day in event_days(event) else None


def _levels(report: EventReport) -> list[str]:
    return shown_levels(report, center().rating_scale)


def _report(event_id: int) -> tuple[HelpEvent, EventReport | None]:
    event = row_or_404(HelpEvent, event_id)
    day = _chosen_day(event)
    return event, event_report(get_session(), event, day) if day else None


def _wrong_day(event: HelpEvent) -> str:
    first = event_days(event)[0].isoformat()
    return _("Choose one of the event's days, for example %(day)s.", day=first)


@bp.get("/events/<int:event_id>/report")
@requires(Permission.STATS)
def event_report_page(event_id: int):
    event, report = _report(event_id)
    if report is None:
        page = render_template(
            "admin/event_report.html", event=event, report=None, days=event_days(event)
        )
        return page, 400
    levels = _levels(report)
    return render_template(
        "admin/event_report.html",
        event=event,
        report=report,
        days=event_days(event),
        today=today(),
        levels=levels,
        summaries=[summary(f, levels) for f in [report.figures, *report.previous]],
        figure_words=figure_names(level_names()),
        reason_words=reason_names(),
        topic_words=report_topic_names(report),
        shown=shown,
        minutes=minutes,
    )


def _download(event_id: int, kind: str, mimetype: str, build) -> Response:
    event, report = _report(event_id)
    if report is None:
        return Response(_wrong_day(event) + "\n", status=400, mimetype="text/plain")
    filename = f"event-{event.id}-{report.day.isoformat()}.{kind}"
    return Response(
        build(report),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/events/<int:event_id>/report.pdf")
@requires(Permission.STATS)
def event_report_pdf(event_id: int):
    def build(report: EventReport) -> bytes:
        # fpdf2 (~19 MB) is loaded when a PDF is drawn, not with the app.
        from kiosk.events.report_pdf import report_pdf

        levels = _levels(report)
        fonts = font_files(current_app.config.get("PRINTER_FONT"))
        return report_pdf(report, report_words(report, levels), levels, fonts)

    return _download(event_id, "pdf", "application/pdf", build)


@bp.get("/events/<int:event_id>/report.csv")
@requires(Permission.STATS)
def event_report_csv(event_id: int):
    def build(report: EventReport) -> str:
        out = io.StringIO()
        write_csv(report, report_topic_names(report), out)
        return out.getvalue()

    return _download(event_id, "csv", "text/csv", build)


@bp.get("/events/<int:event_id>/report.xlsx")
@requires(Permission.STATS)
def event_report_xlsx(event_id: int):
    def build(report: EventReport) -> bytes:
        out = io.BytesIO()
        write_workbook(sheets(report, report_topic_names(report), _levels(report)), out)
        return out.getvalue()

    return _download(event_id, "xlsx", XLSX, build)


@bp.get("/events/reports")
@requires(Permission.STATS)
def event_reports():
    """Every event's days that have started, newest first, each linking to its report."""
    day = today()
    events = get_session().scalars(select(HelpEvent)).all()
    held = sorted(
        ((d, e) for e in events for d in event_days(e) if d <= day),
        key=lambda pair: (pair[0], pair[1].starts),
        reverse=True,
    )
    return render_template(
        "admin/event_reports.html", held=held[:SHOWN_DAYS], weekday_name=weekday_name
    )
