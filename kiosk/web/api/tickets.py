"""GET /api/v1/services, POST /api/v1/tickets (kiosk devices, idempotent) and
GET /api/v1/tickets/TOKEN (a ticket's place in the queue, for its phone page)."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.catalog.record import CODE_RE
from kiosk.db import get_session
from kiosk.i18n import localized
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRefused, IssueRequest, find_by_token
from kiosk.queue.services import service_choices
from kiosk.web import center, issue, json_object
from kiosk.web.converters import MAX_ID
from kiosk.web.tickets import issue_refusal, ticket_json

from . import bp
from .devices import device_required


@bp.get("/services")
def list_services():
    moment = local_now(center().timezone)
    return jsonify(
        {
            "services": [
                {
                    "id": choice.id,
                    "prefix": choice.prefix,
                    "name": localized(choice.names, choice.prefix),
                    "names": choice.names,
                    "open_now": choice.open_now,
                    "sold_out": choice.sold_out,
                    "waiting": choice.waiting,
                }
                for choice in service_choices(get_session(), moment)
            ]
        }
    )


@bp.post("/tickets")
@device_required
def create_ticket(device_id: int):
    body = json_object()
    key, priority, procedure = (
        body.get(k) or None for k in ("idempotency_key", "priority", "procedure")
    )
    # Printable text only: PostgreSQL refuses a NUL in text, and a key is never a number.
    if key is not None and not (isinstance(key, str) and key.isprintable()):
        return _bad_request(_("The idempotency key must be printable text."))
    if priority is not None and priority not in current_app.config["PRIORITY_GROUPS"]:
        return _bad_request(_("Choose one of the priority groups, or none."))
    if procedure is not None and not CODE_RE.match(str(procedure)):
        return _bad_request(_("This procedure does not exist."))
    service = body.get("service")
    # A whole number a row id can be: not true, 1.5, 1e999 or 10**23 (int() took the first two
    # as service 1, and the last two failed in the database).
    if type(service) is not int or not 1 <= service <= MAX_ID:
        return _bad_request(_("Choose a service."))
    request_ = IssueRequest(
        service_id=service,
        # Scoped to the device: a key sent by another kiosk never finds this one's ticket.
        idempotency_key=f"api:{device_id}:{key[:80]}" if key else None,
        priority=priority,
        procedure_code=procedure,
        device_id=device_id,
        locale=str(get_locale()),
    )
    try:
        ticket = issue(request_)
    except IssueRefused as refused:
        status = 404 if refused.reason == "unknown_service" else 409
        message = issue_refusal(refused.reason)
        if refused.closure:  # a holiday or day off: say which
            message = f"{refused.closure}. {message}"
        return jsonify({"error": refused.reason, "message": message}), status
    return jsonify(ticket_json(ticket)), 201


@bp.get("/tickets/<token>")
def get_ticket(token: str):
    ticket = find_by_token(get_session(), token)
    if ticket is None:
        return jsonify({"error": "not_found", "message": _("This ticket does not exist.")}), 404
    response = jsonify(ticket_json(ticket))
    response.cache_control.no_store = True  # the token is the ticket's key
    return response


def _bad_request(message: str):
    return jsonify({"error": "bad_request", "message": message}), 400
