"""Staff accounts (/admin/accounts): add, set the role, disable or enable, set a new
password. Each change ends the account's sessions where the CLI's would, and is audited."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.accounts import (
    AccountError,
    LastAdmin,
    add_user,
    list_users,
    reset_password,
    set_active,
    set_role,
)
from kiosk.db import get_session
from kiosk.models import User
from kiosk.permissions import Permission
from kiosk.web import row_or_404
from kiosk.web.access import requires

from . import bp
from .forms import ROLE_NAMES, AccountForm, ActionForm, PasswordForm, RoleForm


def _page(form: AccountForm | None = None, status: int = 200):
    users = list_users(get_session())
    page = render_template(
        "admin/accounts.html",
        form=form or AccountForm(prefix="new"),
        users=users,
        role_forms={u.id: RoleForm(prefix=f"role{u.id}", role=u.role) for u in users},
        action=ActionForm(),
        role_names=ROLE_NAMES,
    )
    return page, status


def _done(message: str):
    get_session().commit()
    flash(message, "info")
    return redirect(url_for("admin.accounts"), code=303)


def _refused(error: AccountError):
    get_session().rollback()
    if isinstance(error, LastAdmin):
        flash(_("At least one active administrator must remain."), "error")
    else:
        flash(str(error), "error")
    return redirect(url_for("admin.accounts"), code=303)


@bp.get("/accounts")
@requires(Permission.ADMINISTER)
def accounts():
    return _page()


@bp.post("/accounts")
@requires(Permission.ADMINISTER)
def add_account():
    form = AccountForm(prefix="new")
    if not form.validate_on_submit():
        return _page(form, 400)
    session = get_session()
    if session.query(User).filter(User.username == form.username.data.strip()).count():
        form.username.errors.append(_("An account with this name exists already."))
        return _page(form, 400)
    add_user(session, form.username.data, form.password.data, form.role.data, current_user.username)
    return _done(_("The account %(name)s is ready.", name=form.username.data.strip()))


@bp.post("/accounts/<int:user_id>/role")
@requires(Permission.ADMINISTER)
def change_role(user_id: int):
    user = row_or_404(User, user_id)
    form = RoleForm(prefix=f"role{user_id}")
    if not form.validate_on_submit():
        return _page(status=400)
    try:
        set_role(get_session(), user, form.role.data, current_user.username)
    except AccountError as refused:
        return _refused(refused)
    return _done(_("%(name)s has a new role; their sessions have ended.", name=user.username))


@bp.post("/accounts/<int:user_id>/<any(disable, enable):change>")
@requires(Permission.ADMINISTER)
def change_active(user_id: int, change: str):
    user = row_or_404(User, user_id)
    if not ActionForm().validate_on_submit():
        return _page(status=400)
    try:
        set_active(get_session(), user, change == "enable", current_user.username)
    except AccountError as refused:
        return _refused(refused)
    if change == "enable":
        return _done(_("%(name)s may sign in again.", name=user.username))
    return _done(_("%(name)s is disabled; their sessions have ended.", name=user.username))


@bp.route("/accounts/<int:user_id>/password", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def new_password(user_id: int):
    user = row_or_404(User, user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        reset_password(get_session(), user, form.password.data, current_user.username)
        return _done(
            _("%(name)s has a new password; their sessions have ended.", name=user.username)
        )
    status = 400 if form.is_submitted() else 200
    return render_template("admin/password.html", form=form, user=user), status
