"""JSON twins of the counter console's actions, for the console's own script.

Signed-in staff only; the CSRF token travels in the X-CSRFToken header."""

from __future__ import annotations

from flask import abort, flash, jsonify

from kiosk.db import get_session
from kiosk.permissions import Permission
from kiosk.queue.calling import ActionRefused
from kiosk.queue.console import counter_state
from kiosk.web import json_object, today
from kiosk.web.access import requires
from kiosk.web.staff.actions import ACTIONS, done_message, perform, refusal_message

from . import bp


@bp.get("/counters/<int:number>")
@requires(Permission.COUNTER)
def counter_json(number: int):
    try:
        return jsonify(counter_state(get_session(), number, today()))
    except ActionRefused as refused:
        return jsonify({"error": refused.reason, "message": refusal_message(refused.reason)}), 404


@bp.post("/counters/<int:number>/<action>")
@requires(Permission.COUNTER)
def counter_action(number: int, action: str):
    if action not in ACTIONS:
        abort(404)
    params = json_object()
    try:
        called = perform(action, number, params)
    except ActionRefused as refused:
        status = 404 if refused.reason == "unknown_counter" else 409
        flash(refusal_message(refused.reason), "error")
        return jsonify(
            {"error": refused.reason, "message": refusal_message(refused.reason)}
        ), status
    message = done_message(action, called)
    flash(message, "info")  # the console reloads after a JSON action and shows it there
    ticket = None
    if called is not None:
        ticket = {"id": called.ticket_id, "code": called.code, "counter": called.counter_number}
    return jsonify({"ok": True, "ticket": ticket, "message": message})
