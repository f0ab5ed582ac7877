"""Counters (/admin/counters): number, name, the agency that staffs it, counter or guidance
desk, in service or not, and the services it calls in order."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.models import Counter, Service
from kiosk.permissions import Permission
from kiosk.queue.services import offered_services
from kiosk.queue.setup import CounterSettings, save_counter
from kiosk.refusals import Refused
from kiosk.web import row_or_404
from kiosk.web.access import requires

from . import bp
from .forms import AGENCY_NAMES, CounterForm, counter_form


def _services() -> list[Service]:
    """The services a counter may call: retired ones are not offered."""
    return list(get_session().scalars(offered_services()))


def _filled(settings: CounterSettings, services: list[Service]) -> CounterForm:
    order = {sid: n for n, sid in enumerate(settings.services, start=1)}
    return counter_form(
        services,
        number=settings.number,
        name=settings.name,
        agency=settings.agency,
        kind=settings.kind,
        in_service=settings.in_service,
        **{f"service_{s.id}": order.get(s.id) for s in services},
    )


def _settings(form: CounterForm, services: list[Service]) -> CounterSettings:
    chosen = [(form[f"service_{s.id}"].data, s.prefix, s.id) for s in services]
    ordered = sorted((n, prefix, sid) for n, prefix, sid in chosen if n)
    return CounterSettings(
        number=form.number.data,
        name=form.name.data or "",
        agency=form.agency.data,
        kind=form.kind.data,
        in_service=bool(form.in_service.data),
        services=[sid for _n, _prefix, sid in ordered],
    )


@bp.get("/counters")
@requires(Permission.ADMINISTER)
def counters():
    rows = get_session().scalars(select(Counter).order_by(Counter.number)).all()
    return render_template("admin/counters.html", counters=rows, agency_names=AGENCY_NAMES)


@bp.route("/counters/new", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def new_counter():
    return _edit(None)


@bp.route("/counters/<int:counter_id>", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def counter(counter_id: int):
    return _edit(row_or_404(Counter, counter_id))


def _edit(counter: Counter | None):
    services = _services()
    if counter is None or request.method == "POST":
        form = counter_form(services)
    else:
        form = _filled(CounterSettings.of(counter), services)
    if form.validate_on_submit():
        try:
            saved = save_counter(
                get_session(), counter, _settings(form, services), current_user.username
            )
        except Refused:
            form.number.errors = [_("This counter number exists already.")]
        else:
            get_session().commit()
            flash(_("Counter %(number)s is saved.", number=saved.number), "info")
            return redirect(url_for("admin.counters"), code=303)
    status = 400 if form.is_submitted() else 200
    page = render_template("admin/counter.html", form=form, counter=counter, services=services)
    return page, status
