"""The administration area's front page: the sections this account may open."""

from __future__ import annotations

from flask import render_template

from kiosk.db import get_session
from kiosk.permissions import Permission
from kiosk.queue.devices import device_states
from kiosk.web.access import requires

from . import bp


@bp.get("/")
@requires(Permission.AUDIT)
def home():
    alerts = [state for state in device_states(get_session()) if state.alert]
    return render_template("admin/home.html", alerts=alerts)
