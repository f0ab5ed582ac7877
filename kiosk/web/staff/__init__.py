"""Staff pages: sign-in, the counter console, QR posters and short links (/staff)."""

from flask import Blueprint

bp = Blueprint("staff", __name__)

from . import auth, console, declarations, outbox, posters, submissions  # noqa: E402,F401
