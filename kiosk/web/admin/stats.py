"""The statistics (/admin/stats, /admin/stats.csv) over a range of the center's local days:
the queue per service and counter, arrivals by weekday and hour, searches, QR scans,
submissions, deliveries to the back office and kiosk uptime. Read by administrators and
managers; the figures come from kiosk/stats/. The month's figures as XLSX:
/admin/stats/report.xlsx?month=YYYY-MM."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import Response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk import ratings
from kiosk.db import database, get_session
from kiosk.models.submissions import STATUSES
from kiosk.permissions import Permission
from kiosk.queue.hours import utc_bounds
from kiosk.rating_words import level_names, reason_names
from kiosk.ratings import LEVELS
from kiosk.stats import activity, rollup
from kiosk.stats.export import daily_rows, write_csv
from kiosk.stats.figures import MAX_DAYS, counter_numbers, service_names
from kiosk.stats.report import month_days, monthly_sheets, write_workbook
from kiosk.web import center, today
from kiosk.web.access import requires

from . import bp
from .forms import StatsRangeForm

DEFAULT_DAYS = 30


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def chosen_range(form: StatsRangeForm) -> tuple[date, date] | None:
    """The range asked for (default: the last 30 days up to today), or None with the
    fields' errors set."""
    last = today()
    if not form.validate():
        return None
    start = _day(form.start.data) if form.start.data else last - timedelta(days=DEFAULT_DAYS - 1)
    end = _day(form.end.data) if form.end.data else last
    if start is None:
        form.start.errors = [_("Enter the first day as a date, for example 2026-01-31.")]
    if end is None:
        form.end.errors = [_("Enter the last day as a date, for example 2026-01-31.")]
    if start is None or end is None:
        return None
    if start > end:
        form.start.errors = [_("The first day must be on or before the last day.")]
        return None
    if (end - start).days + 1 > MAX_DAYS:
        form.end.errors = [_("Choose at most %(days)d days.", days=MAX_DAYS)]
        return None
    return start, end


def refreshed(start: date, end: date) -> None:
    """Bring the roll-up of the range up to date in a short writing transaction of its own
    (on SQLite one that takes the write lock first), so the page then only reads."""
    timezone = center().timezone
    with database().session() as session:
        rollup.refresh(session, start, end, timezone)
    get_session().commit()  # end the request's read so far: its next read sees the roll-up


def _range_or_400():
    form = StatsRangeForm(formdata=request.args)
    return form, chosen_range(form)


@bp.get("/stats")
@requires(Permission.STATS)
def stats():
    form, span = _range_or_400()
    if span is None:
        return render_template("admin/stats.html", form=form, span=None), 400
    session = get_session()
    start, end = span
    since, until = utc_bounds(start, center().timezone)[0], utc_bounds(end, center().timezone)[1]
    names = service_names(session, str(get_locale()))
    refreshed(start, end)
    both = rollup.summed(session, start, end, "service_counter")
    by_service = sorted(rollup.regrouped(both, 0).items(), key=lambda kv: names.get(kv[0], ""))
    numbers = counter_numbers(session)
    counters = sorted(
        ((numbers.get(k, 0), row) for k, row in rollup.regrouped(both, 1).items() if k),
        key=lambda kv: kv[0],
    )
    searched, searched_personal = activity.searches(session, start, end)
    missed, missed_personal = activity.misses(session, since, until)
    return render_template(
        "admin/stats.html",
        form=form,
        span=span,
        names=names,
        by_service=by_service,
        service_labels=[names.get(service_id, "") for service_id, _row in by_service],
        by_counter=counters,
        # "Neutral" only on the four-level scale, or when someone chose it before a change.
        levels=[
            lv
            for lv in LEVELS
            if lv in ratings.levels(center().rating_scale)
            or any(r.ratings[lv] for _k, r in by_service)
        ],
        level_words=level_names(),
        heat=rollup.arrivals(session, start, end),
        searched=searched,
        searched_personal=searched_personal,
        missed=missed,
        missed_personal=missed_personal,
        scans=activity.scans(session, start, end),
        submissions=activity.submissions(session, since, until),
        statuses=STATUSES,
        deliveries=activity.deliveries(session, since, until),
        uptime=activity.uptime(session, start, end),
        months=months(start, end),
    )


@bp.get("/stats.csv")
@requires(Permission.STATS)
def stats_csv():
    form, span = _range_or_400()
    if span is None:
        errors = " ".join(e for f in form for e in f.errors)
        return Response(errors + "\n", status=400, mimetype="text/plain")
    out = io.StringIO()
    refreshed(*span)
    rows = daily_rows(get_session(), *span, center().timezone, str(get_locale()), refresh=False)
    write_csv(rows, out)
    filename = f"stats-{span[0].isoformat()}-{span[1].isoformat()}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/stats/report.xlsx")
@requires(Permission.STATS)
def stats_report():
    """The month's figures (?month=YYYY-MM) as XLSX, one sheet per table."""
    month = request.args.get("month", "")
    try:
        month_days(month)
    except ValueError:
        message = _("Choose a month as YYYY-MM, for example 2026-03.")
        return Response(message + "\n", status=400, mimetype="text/plain")
    refreshed(*month_days(month))
    sheets = monthly_sheets(
        get_session(),
        month,
        center().timezone,
        str(get_locale()),
        refresh=False,
        reason_words=reason_names(),
    )
    out = io.BytesIO()
    write_workbook(sheets, out)
    return Response(
        out.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="report-{month}.xlsx"'},
    )


def months(start: date, end: date) -> list[str]:
    """The months a range touches, "YYYY-MM", oldest first."""
    found, day = [], start.replace(day=1)
    while day <= end:
        found.append(f"{day.year:04d}-{day.month:02d}")
        day = (day + timedelta(days=32)).replace(day=1)
    return found
