"""The counter console (/staff/counter/N): HTML forms; the JSON twins live in the API."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.events.desk import help_desks
from kiosk.models import Counter
from kiosk.permissions import Permission
from kiosk.queue.calling import ActionRefused
from kiosk.queue.console import counter_state, name_beside_number
from kiosk.queue.hours import local_now
from kiosk.web import center, today
from kiosk.web.access import requires

from . import bp
from .actions import ACTIONS, done_message, perform, refusal_message
from .forms import ActionForm


@bp.context_processor
def console_helpers() -> dict:
    return {
        "PRINTER_STATUS": printer_status_labels(),
        "local_time": _local_time,
        "name_beside_number": name_beside_number,
        "server_now_ms": lambda: int(time.time() * 1000),
    }


def printer_status_labels() -> dict:
    return {
        "ok": _("working"),
        "offline": _("offline"),
        "paper_out": _("out of paper"),
        "error": _("error"),
        "unknown": _("not reported yet"),
    }


def _local_time(iso_utc: str | None) -> str:
    """ "08:15" in the center's time zone, from the console's ISO UTC timestamps."""
    if not iso_utc:
        return ""
    moment = datetime.fromisoformat(iso_utc.removesuffix("Z")).replace(tzinfo=UTC)
    return local_now(center().timezone, moment).strftime("%H:%M")


@bp.get("/")
@requires(Permission.SIGNED_IN)
def home():
    session = get_session()
    query = (
        select(Counter)
        .where(Counter.in_service.is_(True), Counter.kind != "help")
        .order_by(Counter.number)
    )
    return render_template(
        "staff/home.html", counters=session.scalars(query).all(), desks=help_desks(session)
    )


@bp.get("/counter/<int:number>")
@requires(Permission.COUNTER)
def counter(number: int):
    try:
        state = counter_state(get_session(), number, today())
    except ActionRefused:
        abort(404)
    return render_template("staff/counter.html", state=state, form=ActionForm())


@bp.post("/counter/<int:number>/<action>")
@requires(Permission.COUNTER)
def act(number: int, action: str):
    if action not in ACTIONS:  # the CSRF token was checked for every POST already
        abort(400)
    try:
        called = perform(action, number, request.form)
    except ActionRefused as refused:
        flash(refusal_message(refused.reason), "error")
        return redirect(url_for("staff.counter", number=number), code=303)
    flash(done_message(action, called), "info")
    if action == "close":
        return redirect(url_for("staff.home"), code=303)
    return redirect(url_for("staff.counter", number=number), code=303)
