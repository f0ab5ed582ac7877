"""The kiosk's ticket screen: the number, its place in the queue, the QR for the phone, the
spoken number, and how the printed slip is doing (print.json, polled by ticket.js)."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, render_template, url_for
from flask_babel import get_locale
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.links.qr import qr_svg
from kiosk.models import Device, PrintJob, Ticket
from kiosk.queue.issue import find_by_token
from kiosk.web import no_store, public_url
from kiosk.web.help_events import topic_name
from kiosk.web.tickets import ticket_json

from . import bp

# When no slip comes out, the visitor needs time to note the number or scan the QR.
FAULT_IDLE_FACTOR = 3


@bp.get("/ticket/<token>")
def ticket(token: str):
    issued = find_by_token(get_session(), token) or abort(404)
    return no_store(
        render_template(
            "kiosk/ticket.html",
            token=token,
            ticket=ticket_json(issued),
            audio_url=_audio_url(issued.code),
            help_topic=topic_name(issued.help_topic),
            help_desk=issued.service_kind == "help",
            fault_idle_seconds=current_app.config["IDLE_SECONDS"] * FAULT_IDLE_FACTOR,
        )
    )


@bp.get("/ticket/<token>/print.json")
def ticket_print(token: str):
    """How the ticket's slip is doing: {"job": pending|printing|printed|failed, "printer": ...}."""
    session = get_session()
    ticket_id = session.scalar(select(Ticket.id).where(Ticket.token == token))
    if ticket_id is None:
        return jsonify({"error": "not_found"}), 404
    job = session.execute(
        select(PrintJob.status, Device.printer_status)
        .select_from(PrintJob)
        .outerjoin(Device, Device.id == PrintJob.device_id)
        .where(PrintJob.ticket_id == ticket_id)
        .order_by(PrintJob.id.desc())
        .limit(1)
    ).first()
    job_status, printer = job if job else (None, None)
    return no_store(jsonify({"job": job_status, "printer": printer or "unknown"}))


@bp.get("/ticket/<token>/qr.svg")
def ticket_qr(token: str):
    """The QR of the ticket's phone status page (/t/TOKEN)."""
    if get_session().scalar(select(Ticket.id).where(Ticket.token == token)) is None:
        abort(404)
    svg = qr_svg(public_url("public.ticket_status", token=token))
    return no_store(Response(svg, mimetype="image/svg+xml"))


def _audio_url(code: str) -> str | None:
    """The spoken number; the speech route belongs to the display, which may be absent."""
    if "display.ticket_audio" not in current_app.view_functions:
        return None
    return url_for("display.ticket_audio", code=code, lang=str(get_locale()))
