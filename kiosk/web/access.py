"""Staff routes name the permission they need (kiosk/permissions.py says which role has it):
anonymous visitors go to the sign-in page (401 under /api/), a signed-in account without it
gets the 403 page in its language (errors.py). Submissions reached through their receipt are
remembered in the staff member's session: without the receipt, only an admin opens one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, session
from flask_login import current_user

from kiosk.permissions import Permission, may

# Routes under /staff that anyone may open: the sign-in page itself.
OPEN_STAFF_ENDPOINTS = frozenset({"staff.login"})
OPENED_KEY = "opened_submissions"
OPENED_KEPT = 50


def requires(permission: Permission) -> Callable:
    """The view needs a signed-in account whose role has `permission`."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not may(current_user.role, permission):
                abort(403)
            return view(*args, **kwargs)

        guarded.permission = permission  # type: ignore[attr-defined]  # read by the role test
        return guarded

    return decorate


def allowed(permission: Permission) -> bool:
    """Whether the signed-in account may do this (templates hide what it may not)."""
    return current_user.is_authenticated and may(current_user.role, permission)


def remember_opened(submission_id: int) -> None:
    """The staff member brought this submission's receipt: they may work on it."""
    opened = [i for i in session.get(OPENED_KEY, []) if i != submission_id]
    session[OPENED_KEY] = [*opened, submission_id][-OPENED_KEPT:]


def require_submission_access(submission_id: int) -> None:
    """403 unless the receipt was brought in this session or the account may open any."""
    if not allowed(Permission.ALL_SUBMISSIONS) and submission_id not in session.get(OPENED_KEY, []):
        abort(403)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(allowed=allowed, Permission=Permission)
