"""The print spool over JSON, for `kiosk-printer agent` on a kiosk PC (bearer token)."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import gettext as _

from kiosk.db import database, get_session
from kiosk.i18n import translations
from kiosk.queue import spool
from kiosk.queue.slips import SlipSettings, slip_for
from kiosk.text import without_control
from kiosk.web import json_object, public_links

from . import bp
from .devices import device_required


@bp.post("/print-jobs/claim")
@device_required
def claim_job(device_id: int):
    job = spool.claim(database().locking_sessions, [device_id])
    if job is None:
        return jsonify({"job": None})
    settings = SlipSettings.from_config(
        get_session(), current_app.config, public_links(), translations
    )
    slip = slip_for(get_session(), job, settings)
    paper = current_app.config["PRINTER_PAPER"]
    return jsonify({"job": {"id": job.id, "slip": slip.to_json(), "paper": paper}})


@bp.post("/print-jobs/<int:job_id>/done")
@device_required
def job_done(device_id: int, job_id: int):
    if not spool.mark_printed(database().locking_sessions, job_id, [device_id]):
        return _not_found()
    return jsonify({"ok": True})


@bp.post("/print-jobs/<int:job_id>/failed")
@device_required
def job_failed(device_id: int, job_id: int):
    body = json_object()
    sent = body.get("status")
    status = sent if isinstance(sent, str) and sent in spool.PRINTER_STATUSES else "error"
    error = _text(body.get("error"))
    spool.set_printer_status(database().locking_sessions, device_id, status, error)
    if not spool.mark_failed(database().locking_sessions, job_id, [device_id], error):
        return _not_found()
    return jsonify({"ok": True})


@bp.post("/printer/status")
@device_required
def printer_status(device_id: int):
    body = json_object()
    if body.get("status") not in spool.PRINTER_STATUSES:
        message = _("Send the printer's status: ok, offline, paper_out, error or unknown.")
        return jsonify({"error": "bad_request", "message": message}), 400
    detail = _text(body.get("detail"))
    spool.set_printer_status(database().locking_sessions, device_id, body["status"], detail)
    return jsonify({"ok": True})


def _text(value) -> str:
    """What the agent says about its printer, as staff will read it: text, no control codes
    (PostgreSQL refuses NUL), and not a book (the spool keeps 500 characters)."""
    return without_control(value if isinstance(value, str) else "")[:500]


def _not_found():
    message = _("This print job does not exist, or another kiosk has it.")
    return jsonify({"error": "not_found", "message": message}), 404
