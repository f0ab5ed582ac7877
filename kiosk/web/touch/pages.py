"""Kiosk pages: home with search or a field's list, the procedure page."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from kiosk.web import count_opened, listing, page_facts, procedure_or_404
from kiosk.web.help_events import banner, event_topics, shown_now
from kiosk.web.life_events import life_event_tiles, most_used
from kiosk.web.referrer import came_from

from . import bp, drafts
from .tickets import queue_url

FIELD_TILES = 8


@bp.get("/")
def home():
    # Home is where a visit ends (Finish, Done, the idle reset): drop any unconfirmed draft.
    drafts.drop()
    shown = shown_now()
    running = shown.event if shown and shown.running else None
    return render_template(
        "kiosk/home.html",
        **listing(FIELD_TILES),
        life_events=life_event_tiles(),
        most_used=most_used(),
        # While "Digital Citizen Saturday" runs, its banner and topics lead the home screen.
        help_banner=banner(shown) if running else None,
        help_topics=event_topics(running) if running else [],
    )


@bp.get("/p/<code>")
def procedure(code: str):
    record = procedure_or_404(code)
    count_opened(record.code)
    return render_template(
        "kiosk/procedure.html",
        procedure=record,
        back_url=_back_url(),
        queue_url=queue_url(record),
        # The portal QR route belongs to another module; without it the page simply omits it.
        portal_qr="public.portal_qr" in current_app.view_functions,
        facts=page_facts(record),
    )


# The lists a procedure is opened from: Back returns to them.
LISTS = frozenset({"kiosk.home", "kiosk.life_event", "kiosk.help_page", "kiosk.without_writing"})


def _back_url() -> str:
    """The kiosk list the visitor came from (its search kept in the URL), else kiosk home.
    A plain link, not history.back(): the history may hold the previous visitor's pages."""
    page = came_from()
    if page is None or page.endpoint not in LISTS:
        return url_for("kiosk.home")
    path, query = page.address.path, page.address.query
    return f"{path}?{query}" if query else path
