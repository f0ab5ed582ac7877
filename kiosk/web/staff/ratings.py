"""A staff member's own satisfaction ratings (/staff/ratings): how many of each level over the
last 30 days and the latest ones. No personal data: service, counter, level, reasons."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from kiosk.permissions import Permission
from kiosk.rating_words import level_names, reason_names
from kiosk.web.access import requires
from kiosk.web.ratings import SUMMARY_DAYS, counter_numbers, service_names, summary_since
from kiosk.web.submissions import local_time

from . import bp


@bp.get("/ratings")
@requires(Permission.COUNTER)
def ratings():
    return render_template(
        "staff/ratings.html",
        summary=summary_since(staff_id=current_user.id),
        days=SUMMARY_DAYS,
        levels=level_names(),
        reasons=reason_names(),
        services=service_names(),
        counters=counter_numbers(),
        local_time=local_time,
    )
