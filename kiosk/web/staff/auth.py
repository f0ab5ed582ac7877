"""Sign-in and sign-out with Flask-Login; accounts come from `kiosk users add`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from kiosk.accounts import authenticate, end_sessions, session_user
from kiosk.db import database, get_session
from kiosk.extensions import hashed, limiter, login_manager
from kiosk.models import User
from kiosk.permissions import Permission
from kiosk.web.access import requires
from kiosk.web.forms import posted

from . import bp
from .forms import LoginForm

# Password guessing: a few tries per address, and per account name from any address.
LOGIN_LIMIT = "10 per 5 minutes"
ACCOUNT_LIMIT = "30 per hour"


def account_key() -> str:
    return hashed("account", posted("username").strip().lower()[:64])


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The account of a session id "ID:VERSION", if the session has not been ended since."""
    return session_user(get_session(), session_id)


@login_manager.unauthorized_handler
def unauthorized():
    if request.path.startswith("/api/"):
        return jsonify({"error": "unauthorized", "message": _("Please sign in.")}), 401
    return redirect(url_for("staff.login", next=request.full_path))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=account_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong name or password."), "error")
    # A name or password missing (or not text, sent as JSON) is a bad request, not a page.
    return render_template("staff/login.html", form=form), 400 if form.errors else 200


@bp.errorhandler(429)
def too_many_sign_ins(_error):
    flash(_("Too many sign-in attempts. Please wait a few minutes and try again."), "error")
    return render_template("staff/login.html", form=LoginForm()), 429


@bp.post("/logout")
@requires(Permission.SIGNED_IN)
def logout():
    # Ends every session of the account, so a copied cookie stops working too.
    end_sessions(database().locking_sessions, current_user.id)
    logout_user()
    return redirect(url_for("staff.login"))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send a signed-in user to another host."""
    # Browsers drop tabs and newlines and read "/\\host" as "//host": so do we, then check.
    path = "".join(c for c in target or "" if c.isprintable() and not c.isspace())
    path = path.replace("\\", "/")
    parts = urlsplit(path)
    if path.startswith("/") and not path.startswith("//") and not parts.scheme:
        return path
    return url_for("staff.home")
