"""The audit log (/admin/audit): every change, newest first, narrowed by what, who, which
item and days; read by administrators and managers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import gettext as _
from wtforms import SelectChoice

from kiosk.audit import AuditFilter, actions, entries
from kiosk.db import get_session
from kiosk.permissions import Permission
from kiosk.queue.hours import utc_bounds
from kiosk.web import center
from kiosk.web.access import requires

from . import bp
from .forms import AuditFilterForm

PER_PAGE = 50
MAX_PAGE = 10_000


def day_start(day: date) -> datetime:
    """The start of one of the center's local days, as the naive UTC the database stores."""
    return utc_bounds(day, center().timezone)[0]


def local_time(at: datetime) -> str:
    tz = ZoneInfo(center().timezone)
    return at.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")


@bp.get("/audit")
@requires(Permission.AUDIT)
def audit():
    session = get_session()
    form = AuditFilterForm(formdata=request.args)
    form.action.choices = [SelectChoice("", _("Every change"))] + [
        SelectChoice(a) for a in actions(session)
    ]
    where = AuditFilter()
    status = 200
    if form.validate():
        until = form.until.data + timedelta(days=1) if form.until.data else None
        where = AuditFilter(
            action=form.action.data or "",
            actor=(form.actor.data or "").strip(),
            subject=(form.subject.data or "").strip(),
            since=day_start(form.since.data) if form.since.data else None,
            until=day_start(until) if until else None,
        )
    else:
        status = 400
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    rows, total = entries(session, where, PER_PAGE, (page - 1) * PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    shown = render_template(
        "admin/audit.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        local_time=local_time,
        args={k: v for k, v in request.args.items() if k != "page"},
    )
    return shown, status
