"""Staff pages: sign-in, the counter console, QR posters and short links (/staff)."""

from flask import Blueprint
from flask_login import LoginManager

bp = Blueprint("staff", __name__)
login_manager = LoginManager()

from . import auth, console, declarations, outbox, posters, submissions  # noqa: E402,F401
