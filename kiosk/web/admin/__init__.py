"""The administration area (/admin): the center's set-up from a browser. Every route names
its permission (kiosk/permissions.py); the sections a signed-in account sees follow it."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import (  # noqa: E402,F401
    accounts,
    audit_log,
    catalog,
    center,
    counters,
    devices,
    event_poster,
    event_report,
    events,
    first_run,
    holidays,
    home,
    home_tiles,
    live,
    posters,
    ratings,
    services,
    stats,
    vocabulary,
    where,
)
