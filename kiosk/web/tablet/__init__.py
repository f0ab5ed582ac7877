"""The rating tablet at a counter (/rate/N): faces the citizen, on the center's network like
the hall display (kiosk/web/center_only.py)."""

from flask import Blueprint

bp = Blueprint("tablet", __name__)

from . import pages  # noqa: E402,F401
