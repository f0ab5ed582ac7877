"""Staff pages: sign-in, the counter console, submissions, deliveries (/staff)."""

from flask import Blueprint, redirect, url_for

from kiosk.permissions import Permission
from kiosk.web.access import requires

bp = Blueprint("staff", __name__)

from . import (  # noqa: E402,F401
    auth,
    console,
    declarations,
    help_desk,
    outbox,
    ratings,
    submissions,
)


@bp.get("/posters")
@requires(Permission.POSTERS)
def old_posters_address():
    """The posters page moved to the administration area; old bookmarks follow it there."""
    return redirect(url_for("admin.posters"), code=301)
