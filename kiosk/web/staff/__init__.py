"""Staff pages: sign-in and the counter console (/staff)."""

from flask import Blueprint
from flask_login import LoginManager

bp = Blueprint("staff", __name__)
login_manager = LoginManager()

from . import auth, console  # noqa: E402,F401
