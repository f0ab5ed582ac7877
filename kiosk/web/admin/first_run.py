"""The first administrator (/admin/first-run/TOKEN): opened from the link `kiosk serve`
prints while no active admin account exists; gone once one does."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.accounts import add_user, has_admin
from kiosk.db import get_session
from kiosk.first_run import spend_token, token_is_valid
from kiosk.permissions import Role

from . import bp
from .forms import AccountForm


@bp.route("/first-run/<token>", methods=["GET", "POST"])
def first_run(token: str):
    instance = Path(current_app.instance_path)
    session = get_session()
    if has_admin(session) or not token_is_valid(instance, token[:100]):
        abort(404)
    form = AccountForm(prefix="first")
    del form.role  # the first account is the administrator
    if form.validate_on_submit():
        name = form.username.data.strip()
        add_user(session, name, form.password.data, Role.ADMIN.value, "first-run")
        session.commit()
        spend_token(instance)
        flash(_("The administrator %(name)s is ready: sign in.", name=name), "info")
        return redirect(url_for("staff.login"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("admin/first_run.html", form=form), status
