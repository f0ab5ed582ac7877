"""Phone pages: search, the procedure page /p/CODE and a ticket's status /t/TOKEN."""

from __future__ import annotations

from flask import abort, render_template

from kiosk.db import get_session
from kiosk.queue.issue import find_by_token
from kiosk.web import listing, no_store, procedure_or_404
from kiosk.web.procedure_page import procedure_context
from kiosk.web.tickets import ticket_json

from . import bp

PHONE_FIELDS = 20  # the most used; search reaches the rest


@bp.get("/")
def home():
    return render_template("public/home.html", **listing(PHONE_FIELDS))


@bp.get("/p/<code>")
def procedure(code: str):
    record = procedure_or_404(code)
    return render_template(
        "public/procedure.html", procedure=record, facts=procedure_context(record)
    )


@bp.get("/t/<token>")
def ticket_status(token: str):
    """A ticket's place in the queue, for the citizen's phone; refreshes itself."""
    ticket = find_by_token(get_session(), token)
    if ticket is None:
        abort(404)
    return no_store(render_template("public/ticket.html", token=token, ticket=ticket_json(ticket)))
