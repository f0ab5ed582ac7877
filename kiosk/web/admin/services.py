"""The center's services (/admin/services): letter, names, opening hours per weekday, daily
quota, how priority tickets are called, which fields and procedures lead to each."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.links.posters import split_codes
from kiosk.models import Service
from kiosk.permissions import Permission
from kiosk.queue.hours import HoursError, parse_periods, periods_text
from kiosk.queue.setup import (
    ServiceSettings,
    bring_back_service,
    delete_service,
    retire_service,
    save_service,
    tickets_of,
)
from kiosk.queue.ttl_cache import facts
from kiosk.refusals import Refused
from kiosk.web import row_or_404, today
from kiosk.web.access import requires
from kiosk.web.tickets import weekday_name

from . import bp
from .forms import ActionForm, ServiceForm

WEEK = range(7)  # 0 = Monday, as datetime.weekday() and the stored hours count


def _filled(settings: ServiceSettings) -> ServiceForm:
    """The form showing a service as it is."""
    policy, _sep, every = settings.priority_policy.partition(":")
    form = ServiceForm(
        prefix=settings.prefix,
        name_vi=settings.names.get("vi", ""),
        name_en=settings.names.get("en", ""),
        name_id=settings.names.get("id", ""),
        around_the_clock=not settings.opening_hours,
        **{f"hours_{day}": periods_text(settings.opening_hours.get(str(day), [])) for day in WEEK},
        daily_quota=settings.daily_quota,
        wait_alert_minutes=settings.wait_alert_minutes,
        policy=policy,
        every=int(every) if every.isdigit() else None,
        fields="\n".join(settings.fields),
        procedures=", ".join(settings.procedures),
    )
    return form


def _settings(form: ServiceForm) -> ServiceSettings | None:
    """What the form asks for, or None with the errors said next to their fields."""
    hours: dict[str, list] = {}
    for day in WEEK:
        entry = form[f"hours_{day}"]
        try:
            periods = parse_periods(entry.data or "")
        except HoursError as refused:
            entry.errors = [hours_message(refused)]
            return None
        if periods:
            hours[str(day)] = periods
    if form.around_the_clock.data:
        hours = {}
    elif not hours:
        form.around_the_clock.errors = [
            _("Give the opening hours of at least one day, or choose around the clock.")
        ]
        return None
    policy = "strict"
    if form.policy.data == "every":
        if not form.every.data:
            form.every.errors = [_("Say how many ordinary tickets come between two priority ones.")]
            return None
        policy = f"every:{form.every.data}"
    return ServiceSettings(
        prefix=form.prefix.data,
        names={
            "vi": form.name_vi.data,
            "en": form.name_en.data or "",
            "id": form.name_id.data or "",
        },
        opening_hours=hours,
        daily_quota=form.daily_quota.data,
        wait_alert_minutes=form.wait_alert_minutes.data,
        priority_policy=policy,
        fields=[line.strip() for line in (form.fields.data or "").splitlines() if line.strip()],
        procedures=split_codes(form.procedures.data),
    )


def hours_message(refused: HoursError) -> str:
    messages = {
        "format": _("Write the hours as 07:30-11:30, 13:30-17:00."),
        "time": _("%(part)s is not a time of day.", part=refused.part),
        "order": _("In %(part)s the end comes before the start.", part=refused.part),
        "overlap": _("The periods overlap at %(part)s.", part=refused.part),
    }
    return messages[refused.reason]


def _edit_page(form: ServiceForm, service: Service | None, status: int = 200):
    page = render_template(
        "admin/service.html",
        form=form,
        service=service,
        weekday_name=weekday_name,
        action=ActionForm(),
        tickets=tickets_of(get_session(), service) if service else 0,
    )
    return page, status


@bp.get("/services")
@requires(Permission.ADMINISTER)
def services():
    rows = get_session().scalars(select(Service).order_by(Service.prefix)).all()
    return render_template(
        "admin/services.html", services=rows, periods_text=periods_text, weekday_name=weekday_name
    )


@bp.route("/services/new", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def new_service():
    return _edit(None)


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def service(service_id: int):
    return _edit(row_or_404(Service, service_id))


def _edit(service: Service | None):
    if service is None or request.method == "POST":
        form = ServiceForm()
    else:
        form = _filled(ServiceSettings.of(service))
    if not form.validate_on_submit():
        return _edit_page(form, service, 400 if form.is_submitted() else 200)
    settings = _settings(form)
    if settings is None:
        return _edit_page(form, service, 400)
    try:
        saved = save_service(get_session(), service, settings, current_user.username)
    except Refused:
        form.prefix.errors = [_("Another service numbers its tickets with this letter.")]
        return _edit_page(form, service, 400)
    get_session().commit()
    flash(_("The service %(prefix)s is saved.", prefix=saved.prefix), "info")
    return redirect(url_for("admin.services"), code=303)


@bp.post("/services/<int:service_id>/retire")
@requires(Permission.ADMINISTER)
def retire(service_id: int):
    service = row_or_404(Service, service_id)
    if not ActionForm().validate_on_submit():
        return _edit_page(_filled(ServiceSettings.of(service)), service, 400)
    try:
        retire_service(get_session(), service, today(), current_user.username)
    except Refused:
        get_session().rollback()
        flash(
            _(
                "Tickets of %(prefix)s are still waiting today: call or transfer them first.",
                prefix=service.prefix,
            ),
            "error",
        )
        return redirect(url_for("admin.service", service_id=service_id), code=303)
    _committed()
    flash(_("The service %(prefix)s is retired.", prefix=service.prefix), "info")
    return redirect(url_for("admin.services"), code=303)


@bp.post("/services/<int:service_id>/bring-back")
@requires(Permission.ADMINISTER)
def bring_back(service_id: int):
    service = row_or_404(Service, service_id)
    if not ActionForm().validate_on_submit():
        return _edit_page(_filled(ServiceSettings.of(service)), service, 400)
    bring_back_service(get_session(), service, current_user.username)
    _committed()
    flash(
        _(
            "The service %(prefix)s is offered again. Give it its counters again.",
            prefix=service.prefix,
        ),
        "info",
    )
    return redirect(url_for("admin.counters"), code=303)


@bp.route("/services/<int:service_id>/delete", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def delete(service_id: int):
    """Asks first (a page of its own, no JavaScript needed), then deletes."""
    service = row_or_404(Service, service_id)
    tickets = tickets_of(get_session(), service)
    form = ActionForm()
    if tickets or not form.validate_on_submit():
        status = (409 if tickets else 400) if form.is_submitted() else 200
        page = render_template(
            "admin/service_delete.html", service=service, tickets=tickets, form=form
        )
        return page, status
    prefix = service.prefix
    delete_service(get_session(), service, current_user.username)
    _committed()
    flash(_("The service %(prefix)s is deleted.", prefix=prefix), "info")
    return redirect(url_for("admin.services"), code=303)


def _committed() -> None:
    get_session().commit()
    facts(get_session()).forget()  # this process stops (or starts) offering it at once
