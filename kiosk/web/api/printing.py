"""The print spool over JSON, for `kiosk-printer agent` on a kiosk PC (bearer token)."""

from __future__ import annotations

from flask import current_app, jsonify, request

from kiosk.db import database, get_session
from kiosk.queue import spool
from kiosk.queue.devices import device_for_token
from kiosk.web import csrf
from kiosk.web.slips import slip_for

from . import bp


def _device():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return device_for_token(get_session(), token)


def _unauthorized():
    return jsonify({"error": "unauthorized", "message": "This kiosk is not registered."}), 401


@bp.post("/print-jobs/claim")
@csrf.exempt
def claim_job():
    device = _device()
    if device is None:
        return _unauthorized()
    job = spool.claim(database().sessions, [device.id])
    if job is None:
        return jsonify({"job": None})
    slip = slip_for(get_session(), job)
    paper = current_app.config["PRINTER_PAPER"]
    return jsonify({"job": {"id": job.id, "slip": slip.to_json(), "paper": paper}})


@bp.post("/print-jobs/<int:job_id>/done")
@csrf.exempt
def job_done(job_id: int):
    device = _device()
    if device is None:
        return _unauthorized()
    if not spool.mark_printed(database().sessions, job_id, [device.id]):
        return jsonify({"error": "not_found"}), 404
    return jsonify({"ok": True})


@bp.post("/print-jobs/<int:job_id>/failed")
@csrf.exempt
def job_failed(job_id: int):
    device = _device()
    if device is None:
        return _unauthorized()
    body = request.get_json(silent=True) or {}
    status = body.get("status") if body.get("status") in spool.PRINTER_STATUSES else "error"
    spool.set_printer_status(database().sessions, device.id, status, str(body.get("error", "")))
    if not spool.mark_failed(database().sessions, job_id, [device.id], str(body.get("error", ""))):
        return jsonify({"error": "not_found"}), 404
    return jsonify({"ok": True})


@bp.post("/printer/status")
@csrf.exempt
def printer_status():
    device = _device()
    if device is None:
        return _unauthorized()
    body = request.get_json(silent=True) or {}
    if body.get("status") not in spool.PRINTER_STATUSES:
        return jsonify({"error": "bad_request", "message": "Unknown printer status."}), 400
    spool.set_printer_status(
        database().sessions, device.id, body["status"], str(body.get("detail", ""))
    )
    return jsonify({"ok": True})
