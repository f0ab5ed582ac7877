"""GET /api/v1/services, POST /api/v1/tickets (kiosk devices, idempotent) and
GET /api/v1/tickets/TOKEN (a ticket's place in the queue, for its phone page)."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.catalog.record import CODE_RE
from kiosk.db import get_session
from kiosk.i18n import localized
from kiosk.queue.estimate import wait_range
from kiosk.queue.hours import local_now
from kiosk.queue.issue import Issued, IssueRefused, IssueRequest, find_by_token
from kiosk.queue.services import service_choices
from kiosk.web import issue, json_object, public_url, today

from . import bp
from .devices import device_required


def refusal_message(reason: str) -> str:
    return {
        "closed": _("This service is closed now. Please come back during opening hours."),
        "quota": _("All numbers for this service have been given out today."),
        "unknown_service": _("This service does not exist."),
    }[reason]


@bp.get("/services")
def list_services():
    moment = local_now(current_app.config["TIMEZONE"])
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
    if priority is not None and priority not in current_app.config["PRIORITY_GROUPS"]:
        return _bad_request(_("Choose one of the priority groups, or none."))
    if procedure is not None and not CODE_RE.match(str(procedure)):
        return _bad_request(_("This procedure does not exist."))
    try:
        request_ = IssueRequest(
            service_id=int(body["service"]),
            # Scoped to the device: a key sent by another kiosk never finds this one's ticket.
            idempotency_key=f"api:{device_id}:{str(key)[:80]}" if key else None,
            priority=priority,
            procedure_code=procedure,
            device_id=device_id,
            locale=str(get_locale()),
        )
    except (KeyError, TypeError, ValueError):
        return _bad_request(_("Choose a service."))
    try:
        ticket = issue(request_)
    except IssueRefused as refused:
        status = 404 if refused.reason == "unknown_service" else 409
        return jsonify(
            {"error": refused.reason, "message": refusal_message(refused.reason)}
        ), status
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


def ticket_json(ticket: Issued) -> dict:
    minutes = ticket.minutes_per_ticket or current_app.config["MINUTES_PER_TICKET"]
    status = ticket.status
    if status in ("waiting", "called", "parked") and ticket.day and ticket.day < today():
        status = "expired"  # yesterday's queue is gone: nobody will call it
    return {
        "id": ticket.id,
        "code": ticket.code,
        "number": ticket.number,
        "service": {
            "id": ticket.service_id,
            "prefix": ticket.service_prefix,
            "name": localized(ticket.service_names, ticket.service_prefix),
        },
        "people_ahead": ticket.people_ahead,
        "wait_minutes": wait_range(ticket.people_ahead, minutes, ticket.counters),
        "status": status,
        "counter": ticket.counter_number,
        "status_url": public_url("public.ticket_status", token=ticket.token),
    }
