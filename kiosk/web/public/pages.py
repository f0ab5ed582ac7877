"""Phone pages: search and the procedure page /p/CODE."""

from __future__ import annotations

from flask import abort, render_template, request

from kiosk.db import get_session
from kiosk.queue.issue import find_by_token
from kiosk.web import procedure_or_404, search
from kiosk.web.api.tickets import ticket_json

from . import bp


@bp.get("/")
def home():
    query = request.args.get("q", "").strip()
    results = search(query, limit=20) if query else []
    return render_template("public/home.html", query=query, results=results)


@bp.get("/p/<code>")
def procedure(code: str):
    return render_template("public/procedure.html", procedure=procedure_or_404(code))


@bp.get("/t/<token>")
def ticket_status(token: str):
    """A ticket's place in the queue, for the citizen's phone; refreshes itself."""
    ticket = find_by_token(get_session(), token)
    if ticket is None:
        abort(404)
    return render_template("public/ticket.html", ticket=ticket, facts=ticket_json(ticket))
