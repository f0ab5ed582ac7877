"""Back-office deliveries for staff (/staff/outbox): what was sent, what waits and why, and
"retry now". Tracking codes only: this page shows no personal data."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.background.outbox_sender import wake
from kiosk.db import database, get_session
from kiosk.permissions import Permission
from kiosk.submissions import outbox
from kiosk.web.access import requires
from kiosk.web.converters import row_id
from kiosk.web.submissions import local_time

from . import bp

LISTED = 200


def status_labels() -> dict[str, str]:
    return {
        "pending": _("waiting to be sent"),
        "delivered": _("delivered"),
        "abandoned": _("not sent: personal data purged"),
    }


def _local(moment: datetime | None) -> str:
    """ "23/11/2026 09:15" in the center's time zone, from a stored UTC time."""
    return local_time(moment) if moment is not None else ""


@bp.get("/outbox")
@requires(Permission.OUTBOX)
def deliveries():
    status = request.args.get("status")
    status = status if status in outbox.STATUSES else None
    session = get_session()
    return render_template(
        "staff/outbox.html",
        deliveries=outbox.recent(session, status, LISTED),
        counts=outbox.status_counts(session),
        status=status,
        labels=status_labels(),
        configured=bool(current_app.config.get("WEBHOOK_URL")),
        limit=LISTED,
        local=_local,
    )


@bp.post("/outbox/retry")
@requires(Permission.OUTBOX)
def retry_deliveries():
    """Retry now: one delivery (message_id in the form) or every waiting one."""
    sent = request.form.get("message_id")
    message_id = None if sent is None else row_id(sent) or 0  # junk: no such delivery
    count = outbox.retry_now(database().locking_sessions, message_id)
    if count:
        wake(current_app)
        flash(_("The deliveries will be tried again now."), "info")
    else:
        flash(_("Nothing is waiting to be sent."), "error")
    return redirect(url_for("staff.deliveries"), code=303)
