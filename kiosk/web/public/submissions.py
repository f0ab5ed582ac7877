"""A submission's status for the citizen: /s/TOKEN (the receipt's QR) and the lookup /s by
tracking code plus the last 4 digits of the ID number, rate-limited per client address.

The status page holds no personal data: StatusView carries only what the citizen may see
without proving who they are (the token is the key). The kiosk's status page uses it too."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from flask import abort, current_app, make_response, redirect, render_template, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db import get_session
from kiosk.models import SubmissionEvent, User
from kiosk.queue.hours import local_now
from kiosk.submissions.store import by_token, lookup

from . import bp
from .forms import LookupForm

# Guessing the 4 digits of a known tracking code takes up to 10,000 tries: 10 per quarter
# hour makes that about ten days per address. RATELIMIT_STORAGE_URI says where counts live.
LOOKUP_LIMIT = "10 per 15 minutes"


def client_key() -> str:
    """The client address, keyed-hashed: Flask-Limiter logs its key on a breach and keeps it
    in the storage, and an address is personal data."""
    secret = current_app.config["SECRET_KEY"].encode()
    address = (get_remote_address() or "").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


limiter = Limiter(client_key, headers_enabled=True)
bp.record_once(lambda state: limiter.init_app(state.app))


@dataclass(frozen=True)
class Change:
    status: str
    at: str  # local date and time, as shown
    note: str = ""
    staff: str = ""  # the staff member's name: for the counter only


@dataclass(frozen=True)
class StatusView:
    """What a status page shows: never the applicant's name, ID number or answers."""

    tracking_code: str
    procedure_name: str
    case: str
    status: str
    note: str
    changes: list[Change]


def local_time(at: datetime, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored UTC moment in the center's local time: "23/11/2026 09:00"."""
    return local_now(current_app.config["TIMEZONE"], at).strftime(pattern)


def changes(session: Session, submission_id: int, with_staff: bool = False) -> list[Change]:
    """A submission's status changes, oldest first."""
    rows = session.execute(
        select(SubmissionEvent, User.username)
        .outerjoin(User, User.id == SubmissionEvent.staff_id)
        .where(SubmissionEvent.submission_id == submission_id)
        .order_by(SubmissionEvent.at, SubmissionEvent.id)
    )
    return [
        Change(event.status, local_time(event.at), event.note, (name or "") if with_staff else "")
        for event, name in rows
    ]


def status_view(token: str) -> StatusView:
    """The status page's content for a token; 404 when there is no such submission."""
    session = get_session()
    submission = by_token(session, token)
    if submission is None:
        abort(404)
    return StatusView(
        tracking_code=submission.tracking_code,
        procedure_name=submission.procedure_name,
        case=submission.case,
        status=submission.status,
        note=submission.status_note,
        changes=changes(session, submission.id),
    )


def no_store(page):
    response = make_response(page)
    response.cache_control.no_store = True  # the page's address is the submission's key
    return response


@bp.get("/s/<token>")
def submission_status(token: str):
    return no_store(render_template("public/submission.html", view=status_view(token)))


@bp.route("/s", methods=["GET", "POST"])
@limiter.limit(LOOKUP_LIMIT, methods=["POST"])
def submission_lookup():
    form = LookupForm()
    if not form.validate_on_submit():
        return no_store(render_template("public/lookup.html", form=form))
    found = lookup(get_session(), form.code.data, form.id_last4.data)
    if found is None:
        # Never which part was wrong: that would help someone guess the other.
        form.id_last4.data = ""
        return no_store(render_template("public/lookup.html", form=form, missed=True))
    return redirect(url_for("public.submission_status", token=found.token), code=303)


@bp.errorhandler(429)
def too_many_lookups(_error):
    page = render_template("public/lookup.html", form=None, limited=True)
    response = no_store(page)
    response.status_code = 429
    return response
