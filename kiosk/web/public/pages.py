"""Phone pages: search, life events /life/SLUG, the procedure page /p/CODE and a ticket's
status /t/TOKEN, where the visit is rated once served (for 24 hours)."""

from __future__ import annotations

from flask import abort, current_app, render_template

from kiosk.db import get_session
from kiosk.queue.issue import find_by_token
from kiosk.rating_words import reason_names
from kiosk.ratings import RatingRefused, by_token, open_for
from kiosk.web import center, count_opened, listing, no_store, page_facts, procedure_or_404
from kiosk.web.forms import RatingForm
from kiosk.web.help_events import topic_name
from kiosk.web.life_events import life_event_or_404, life_event_tiles
from kiosk.web.ratings import offered_levels, posted_step
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
    count_opened(record.code)
    return render_template(
        "public/procedure.html",
        procedure=record,
        facts=page_facts(record),
    )


@bp.get("/t/<token>")
def ticket_status(token: str):
    """A ticket's place in the queue, for the citizen's phone; refreshes itself."""
    return _ticket_page(token, _rating_state(token))


@bp.post("/t/<token>/rating")
def rate_ticket(token: str):
    """The phone's rating form (a plain POST; the reasons come as a second step)."""
    ticket = by_token(get_session(), token)
    if ticket is None:
        abort(404)
    form = RatingForm()
    if not form.validate_on_submit():
        return _ticket_page(token, _rating_state(token)), 400
    step = posted_step(form, ticket.id, "phone")
    if step.name == "reasons":
        return _ticket_page(token, "reasons", form=form)
    if step.name == "refused":
        return _ticket_page(token, _rating_state(token)), 409
    return _ticket_page(token, "thanks", level=step.rating.level if step.rating else None)


def _rating_state(token: str) -> str | None:
    """What the page says about rating: "offer", "rated", or nothing (not served yet, or
    more than a day ago)."""
    session = get_session()
    ticket = by_token(session, token)
    if ticket is None:
        return None
    try:
        open_for(session, ticket, "phone")
    except RatingRefused as refused:
        return "rated" if refused.reason == "already_rated" else None
    return "offer"


def _ticket_page(token: str, rating: str | None, **context):
    ticket = find_by_token(get_session(), token)
    if ticket is None:
        abort(404)
    page = render_template(
        "public/ticket.html",
        token=token,
        ticket=ticket_json(ticket),
        help_desk=ticket.service_kind == "help",
        help_topic=topic_name(ticket.help_topic),
        rating=rating,
        form=context.pop("form", None) or RatingForm(formdata=None),
        levels=offered_levels(),
        reasons=reason_names(),
        contact=center().complaint_contact,
        **context,
    )
    return no_store(page)
