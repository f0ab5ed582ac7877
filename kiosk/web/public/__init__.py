"""Phone pages reached by QR: server-rendered, complete without JavaScript."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import help_events, links, pages, qr, submissions  # noqa: E402,F401
