"""GET /display: the hall display, server-rendered; display.js then follows the feed."""

from __future__ import annotations

import time

from flask import current_app, render_template
from flask_babel import force_locale

from kiosk.db import get_session
from kiosk.queue.board import board
from kiosk.queue.hours import local_now
from kiosk.speech import call_sentence
from kiosk.web import center

from . import bp
from .feed import board_state, etag_of, feed_json

POLL_SECONDS = 1  # a call shows on every display within two seconds


@bp.get("/display")
def page():
    """Complete without script (a <noscript> refresh follows the calls, late and silent)."""
    day, version = board_state(current_app)
    feed = feed_json(board(get_session(), day), version)
    # The hall reads and hears the center's language, whatever this browser chose before.
    locale = current_app.config["DEFAULT_LOCALE"]
    with force_locale(locale):
        return render_template(
            "display/page.html",
            feed=feed,
            etag=etag_of(day, version),
            clock=local_now(center().timezone).strftime("%H:%M"),
            server_now_ms=int(time.time() * 1000),  # display.js keeps its clock to this one
            poll_seconds=POLL_SECONDS,
            call_text=call_sentence(locale),  # the sentence the hall hears, with the code shown
            help_call_text=call_sentence(locale, help_desk=True),
        )
