"""Taking a queue number on the kiosk: choose a service, answer the priority question, and
the number is issued (once, however often the answer is sent)."""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlencode

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from kiosk.catalog.record import CODE_RE, ProcedureRecord
from kiosk.db import get_session
from kiosk.i18n import localized
from kiosk.models import Service
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRefused, IssueRequest
from kiosk.queue.services import ServiceChoice, service_choices, service_for_procedure
from kiosk.web import center, issue
from kiosk.web.tickets import closed_words, issue_refusal

from . import bp
from .device_binding import current_device
from .forms import TicketForm

# Who is called first (Luật Người cao tuổi, Luật Người khuyết tật, ...). PRIORITY_GROUPS in
# the settings (a list of these keys) narrows the question to the groups a center serves.
PRIORITY_GROUPS = {
    "elderly": _("Elderly people (60 years and over)"),
    "disability": _("People with disabilities"),
    "pregnant": _("Pregnant women"),
    "small_child": _("People with a child under 6"),
    "merit": _("People with meritorious services to the revolution (người có công)"),
}


def priority_groups() -> dict:
    wanted = current_app.config.get("PRIORITY_GROUPS")
    if wanted is None:
        return dict(PRIORITY_GROUPS)
    return {key: PRIORITY_GROUPS[key] for key in wanted if key in PRIORITY_GROUPS}


def queue_url(procedure: ProcedureRecord) -> str:
    """Where "Take a queue number" leads from a procedure: straight to the question for the
    service that handles it, else the choice of services."""
    service = service_for_procedure(get_session(), procedure.code, procedure.field)
    if service is None:
        return url_for("kiosk.queue", procedure=procedure.code)
    return url_for("kiosk.priority", service_id=service.id, procedure=procedure.code)


@bp.get("/queue")
def queue():
    if current_device() is None:
        return _not_set_up()
    now = _now()
    choices = service_choices(get_session(), now)
    return render_template(
        "kiosk/services.html",
        services=[
            (choice, _name(choice), closed_words(choice.opens_at, now, choice.closed_reason))
            for choice in choices
        ],
        procedure=_procedure_arg(),
        refusal=_refusal(choices, now),
    )


@bp.get("/queue/<int:service_id>")
def priority(service_id: int):
    if current_device() is None:
        return _not_set_up()
    choice = next((c for c in service_choices(get_session(), _now()) if c.id == service_id), None)
    if choice is None:
        abort(404)
    if not choice.available:
        return _refused(service_id, "quota" if choice.open_now else "closed")
    form = TicketForm(idempotency_key=secrets.token_urlsafe(16), procedure=_procedure_arg())
    return render_template(
        "kiosk/priority.html",
        form=form,
        service_id=service_id,
        service_name=_name(choice),
        groups=priority_groups(),
        back_url=_back_url(),
    )


@bp.post("/queue/<int:service_id>")
def take_number(service_id: int):
    device = current_device()
    if device is None:
        return _not_set_up()
    if get_session().scalar(select(Service.kind).where(Service.id == service_id)) == "help":
        abort(404)  # the help desks' numbers come with a topic, during an event (online_help.py)
    form = TicketForm()
    form.priority.choices = ["", *priority_groups()]
    if not form.validate_on_submit():
        # Only a tampered or outdated form gets here: ask the question again.
        question = url_for("kiosk.priority", service_id=service_id, procedure=_procedure_arg())
        return redirect(question, 303)
    request_ = IssueRequest(
        service_id=service_id,
        # Scoped to the device: a key sent from elsewhere never finds this kiosk's tickets.
        idempotency_key=f"kiosk:{device.id}:{form.idempotency_key.data}",
        priority=form.priority.data or None,
        procedure_code=form.procedure.data or None,
        device_id=device.id,
        locale=str(get_locale()),
    )
    try:
        issued = issue(request_)
    except IssueRefused as refused:
        if refused.reason == "unknown_service":
            abort(404)
        return _refused(service_id, refused.reason)
    return redirect(url_for("kiosk.ticket", token=issued.token), 303)


@bp.errorhandler(CSRFError)
def stale_form(_error):
    """A form kept past its token's life: show it again, fresh, rather than a dead end."""
    # Built again rather than echoed: a path segment may hold a newline (/kiosk/p/%0a/submit),
    # and a Location header cannot; url_for quotes it.
    page = url_for(request.endpoint, **(request.view_args or {}))
    query = urlencode(list(request.args.items(multi=True)))
    return redirect(f"{page}?{query}" if query else page, 303)


def _name(choice: ServiceChoice) -> str:
    return localized(choice.names, choice.prefix)


def _refusal(choices: list[ServiceChoice], now: datetime) -> str | None:
    """Why the last number was refused (?refused=closed|quota&service=ID), naming the service
    and, when it is closed, when it opens next."""
    reason = request.args.get("refused")
    if reason not in ("closed", "quota"):
        return None
    service = next((c for c in choices if str(c.id) == request.args.get("service")), None)
    if service is None:
        return issue_refusal(reason)
    if reason == "closed" and (service.opens_at is not None or service.closed_reason):
        return f"{_name(service)}: {closed_words(service.opens_at, now, service.closed_reason)}"
    return f"{_name(service)}: {issue_refusal(reason)}"


def _refused(service_id: int, reason: str):
    return redirect(
        url_for("kiosk.queue", refused=reason, service=service_id, procedure=_procedure_arg()),
        303,
    )


def _not_set_up():
    return render_template("kiosk/not_set_up.html"), 403


def _procedure_arg() -> str | None:
    code = request.values.get("procedure", "")
    return code if CODE_RE.match(code) else None


def _back_url() -> str:
    """From the priority question: the procedure it came from, else the list of services."""
    code = _procedure_arg()
    return url_for("kiosk.procedure", code=code) if code else url_for("kiosk.queue")


def _now():
    return local_now(center().timezone)
