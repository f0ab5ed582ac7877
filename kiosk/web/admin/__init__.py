"""The administration area (/admin): the center's set-up from a browser. Every route names
its permission (kiosk/permissions.py); the sections a signed-in account sees follow it."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import accounts, audit_log, counters, first_run, home, services  # noqa: E402,F401
