"""The live supervision board (/admin/live): the queues and counters now, and an alert when
a service's longest wait passes its threshold. It reloads itself every 15 seconds (a meta
refresh: no JavaScript needed) for a wall screen or a manager's phone; /admin/live.json
gives the same figures to a script."""

from __future__ import annotations

from flask import jsonify, render_template

from kiosk.db import get_session
from kiosk.models.base import utcnow
from kiosk.permissions import Permission
from kiosk.queue.console import name_beside_number
from kiosk.queue.hours import local_now
from kiosk.queue.supervision import REFRESH_SECONDS, supervision
from kiosk.web import center, today
from kiosk.web.access import requires

from . import bp


def _board():
    return supervision(get_session(), today(), utcnow())


@bp.get("/live")
@requires(Permission.LIVE)
def live():
    board = _board()
    return render_template(
        "admin/live.html",
        board=board,
        refresh=REFRESH_SECONDS,
        name_beside_number=name_beside_number,
        updated=local_now(center().timezone).strftime("%H:%M:%S"),
    )


@bp.get("/live.json")
@requires(Permission.LIVE)
def live_json():
    response = jsonify(_board().as_json())
    response.headers["Cache-Control"] = "no-store"
    return response
