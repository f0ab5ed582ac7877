"""A submission's status for the citizen: /s/TOKEN (the receipt's QR) and the lookup /s by
tracking code plus the last 4 digits of the ID number, rate-limited per client address.

The status page holds no personal data (kiosk.web.submissions.StatusView): only what the
citizen may see without proving who they are, the token being the key."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from kiosk.db import get_session
from kiosk.extensions import hashed, limiter
from kiosk.submissions.store import lookup
from kiosk.web import no_store
from kiosk.web.forms import posted
from kiosk.web.submissions import status_view

from . import bp
from .forms import LookupForm

# Guessing the 4 digits of a known tracking code takes up to 10,000 tries: 10 per quarter
# hour makes that about ten days per address. RATELIMIT_STORAGE_URI says where counts live.
LOOKUP_LIMIT = "10 per 15 minutes"
# Tracking codes are sequential, and an address is easy to change on a phone: each code also
# takes at most this many tries a day, from wherever they come.
CODE_LIMIT = "20 per day"


def code_key() -> str:
    """The tracking code being tried, as the lookup reads it (case and spaces ignored)."""
    return hashed("code", "".join(posted("code").split()).upper()[:40])


@bp.get("/s/<token>")
def submission_status(token: str):
    return no_store(render_template("public/submission.html", view=status_view(token)))


@bp.route("/s", methods=["GET", "POST"])
@limiter.limit(LOOKUP_LIMIT, methods=["POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"], key_func=code_key)
def submission_lookup():
    form = LookupForm()
    if not form.validate_on_submit():
        response = no_store(render_template("public/lookup.html", form=form))
        response.status_code = 400 if form.errors else 200  # sent, but not a code and 4 digits
        return response
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
