"""Kiosk pages: home with search or a field's list, the procedure page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for

from kiosk.web import listing, procedure_or_404
from kiosk.web.procedure_page import procedure_context

from . import bp, drafts
from .tickets import queue_url

FIELD_TILES = 8


@bp.get("/")
def home():
    # Home is where a visit ends (Finish, Done, the idle reset): drop any unconfirmed draft.
    drafts.drop()
    return render_template("kiosk/home.html", **listing(FIELD_TILES))


@bp.get("/p/<code>")
def procedure(code: str):
    record = procedure_or_404(code)
    return render_template(
        "kiosk/procedure.html",
        procedure=record,
        back_url=_back_url(),
        queue_url=queue_url(record),
        # The portal QR route belongs to another module; without it the page simply omits it.
        portal_qr="public.portal_qr" in current_app.view_functions,
        facts=procedure_context(record),
    )


def _back_url() -> str:
    """The kiosk page the visitor came from (its search kept in the URL), else kiosk home.
    A plain link, not history.back(): the history may hold the previous visitor's pages."""
    home = url_for("kiosk.home")
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc == request.host and came_from.path == home:
        return f"{home}?{came_from.query}" if came_from.query else home
    return home
