"""GET /rate/N: idle ("thank you; rate your visit when you are served") or, for a minute after
staff mark a ticket served at counter N, big buttons for that visit. static/js/tablet.js
polls GET /rate/N/visit.json every 2 s and opens the buttons when a visit appears, and goes
back to idle after the rating or a minute. POST /rate/N rates the visit only while it is still
the counter's latest served ticket, unrated, within that minute (kiosk/ratings.py)."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, url_for

from kiosk.db import get_session
from kiosk.rating_words import reason_names
from kiosk.ratings import COUNTER_WINDOW, counter_visit
from kiosk.web import center, no_store
from kiosk.web.forms import RatingForm
from kiosk.web.ratings import offered_levels, posted_step

from . import bp

POLL_SECONDS = 2
THANKS_SECONDS = 8  # the thanks screen, then idle again


@bp.get("/rate/<int:number>")
def page(number: int):
    found = counter_visit(get_session(), number)
    return _page(number, "visit" if found else "idle", visit=found)


@bp.get("/rate/<int:number>/visit.json")
def visit_json(number: int):
    """The visit the tablet may offer now ({"visit": null} when none)."""
    found = counter_visit(get_session(), number)
    body = {"visit": {"ticket": found.ticket_id, "code": found.code} if found else None}
    response = jsonify(body)
    response.cache_control.no_store = True
    return response


@bp.post("/rate/<int:number>")
def rate(number: int):
    form = RatingForm()
    found = counter_visit(get_session(), number)
    if not form.validate_on_submit() or found is None or form.visit.data != str(found.ticket_id):
        # Too late, or another visit has come since: the tablet starts over.
        return redirect(url_for("tablet.page", number=number), code=303)
    step = posted_step(form, found.ticket_id, "counter")
    if step.name == "reasons":
        return _page(number, "reasons", visit=found, form=form)
    if step.name == "refused":
        return redirect(url_for("tablet.page", number=number), code=303)
    return _page(number, "thanks", level=step.rating.level if step.rating else None)


def _page(number: int, state: str, **context):
    return no_store(
        render_template(
            "tablet/page.html",
            number=number,
            state=state,
            form=context.pop("form", None) or RatingForm(formdata=None),
            levels=offered_levels(),
            reasons=reason_names(),
            contact=center().complaint_contact,
            poll_seconds=POLL_SECONDS,
            window_seconds=int(COUNTER_WINDOW.total_seconds()),
            thanks_seconds=THANKS_SECONDS,
            **context,
        )
    )
