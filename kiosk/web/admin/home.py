"""The administration area's front page: the sections this account may open."""

from __future__ import annotations

from flask import render_template

from kiosk.permissions import Permission
from kiosk.web.access import requires

from . import bp


@bp.get("/")
@requires(Permission.AUDIT)
def home():
    return render_template("admin/home.html")
