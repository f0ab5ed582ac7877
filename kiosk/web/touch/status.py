"""A submission's status on the kiosk (/kiosk/s/TOKEN), opened by scanning the receipt's QR:
the same words as the phone's page, in the kiosk's layout."""

from __future__ import annotations

from flask import render_template

from kiosk.web import no_store
from kiosk.web.submissions import status_view

from . import bp


@bp.get("/s/<token>")
def submission_status(token: str):
    return no_store(render_template("kiosk/submission_status.html", view=status_view(token)))
