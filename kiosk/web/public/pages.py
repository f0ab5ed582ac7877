"""Phone pages: search, life events /life/SLUG, the procedure page /p/CODE and a ticket's
status /t/TOKEN."""

from __future__ import annotations

from flask import abort, current_app, render_template

from kiosk.db import get_session
from kiosk.queue.issue import find_by_token
from kiosk.web import listing, no_store, page_facts, procedure_or_404
from kiosk.web.life_events import life_event_or_404, life_event_tiles
from kiosk.web.tickets import ticket_json

from . import bp

PHONE_FIELDS = 20  # the most used; search reaches the rest


@bp.get("/")
def home():
    return render_template(
        "public/home.html", **listing(PHONE_FIELDS), life_events=life_event_tiles()
    )


@bp.get("/life/<slug>")
def life_event(slug: str):
    event, procedures = life_event_or_404(slug)
    return render_template("public/life_event.html", event=event, procedures=procedures)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask every site for this address, whatever the page links to."""
    return current_app.send_static_file("favicon.ico")


@bp.get("/p/<code>")
def procedure(code: str):
    record = procedure_or_404(code)
    return render_template(
        "public/procedure.html",
        procedure=record,
        facts=page_facts(record),
    )


@bp.get("/t/<token>")
def ticket_status(token: str):
    """A ticket's place in the queue, for the citizen's phone; refreshes itself."""
    ticket = find_by_token(get_session(), token)
    if ticket is None:
        abort(404)
    return no_store(render_template("public/ticket.html", token=token, ticket=ticket_json(ticket)))
