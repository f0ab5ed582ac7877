"""The kiosk's "Rate your visit" (/kiosk/rate): scan the ticket's QR or the submission
receipt's, or type the ticket's number, then the same buttons as the counter's tablet.
A receipt finds the visit that handled it (kiosk/ratings.py, ticket_for_submission)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from kiosk.db import get_session
from kiosk.rating_words import reason_names
from kiosk.ratings import RatingRefused, by_token, open_for, served_today, ticket_for_submission
from kiosk.submissions.store import by_token as submission_by_token
from kiosk.web import center, no_store, today
from kiosk.web.forms import RatingForm
from kiosk.web.ratings import offered_levels, posted_step, refusal_message

from . import bp


@bp.get("/rate")
def rate_start():
    code = request.args.get("code", "").strip()[:16]
    message = None
    if code:
        ticket = served_today(get_session(), code, today())
        if ticket is not None:
            return redirect(url_for("kiosk.rate_ticket", token=ticket.token), code=303)
        message = _no_visit()
    return no_store(render_template("kiosk/rate_start.html", code=code, message=message))


@bp.get("/rate/s/<token>")
def rate_receipt(token: str):
    session = get_session()
    submission = submission_by_token(session, token)
    ticket = ticket_for_submission(session, submission) if submission else None
    if ticket is None:
        return no_store(render_template("kiosk/rate_start.html", code="", message=_no_visit()))
    return redirect(url_for("kiosk.rate_ticket", token=ticket.token), code=303)


@bp.route("/rate/t/<token>", methods=["GET", "POST"])
def rate_ticket(token: str):
    session = get_session()
    ticket = by_token(session, token)
    if ticket is None:
        return _page(token, "refused", reason="unknown_ticket"), 404
    form = RatingForm()
    if form.validate_on_submit():
        step = posted_step(form, ticket.id, "kiosk")
        if step.name == "reasons":
            return _page(token, "reasons", code=ticket.code, form=form)
        if step.name == "refused":
            return _page(token, "refused", reason=step.reason)
        return _page(token, "thanks", level=step.rating.level if step.rating else None)
    try:
        open_for(session, ticket, "kiosk")
    except RatingRefused as refused:
        return _page(token, "refused", reason=refused.reason)
    return _page(token, "visit", code=ticket.code)


def _no_visit() -> str:
    from flask_babel import gettext as _

    return _(
        "No visit served today was found for this. Scan the QR code on your queue ticket, "
        "or type the number printed on it."
    )


def _page(token: str, state: str, **context):
    reason = context.pop("reason", None)
    return no_store(
        render_template(
            "kiosk/rate.html",
            token=token,
            state=state,
            form=context.pop("form", None) or RatingForm(formdata=None),
            levels=offered_levels(),
            reasons=reason_names(),
            contact=center().complaint_contact,
            message=refusal_message(reason) if reason else None,
            **context,
        )
    )
