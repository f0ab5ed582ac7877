"""Every satisfaction rating (/admin/ratings), for administrators and managers: counts per
level over the last 30 days and the latest ones, narrowed by service, counter or staff."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from kiosk.db import get_session
from kiosk.models import User
from kiosk.permissions import Permission
from kiosk.rating_words import level_names, reason_names
from kiosk.web.access import requires
from kiosk.web.ratings import SUMMARY_DAYS, counter_numbers, service_names, summary_since
from kiosk.web.submissions import local_time

from . import bp
from .forms import RatingFilterForm


@bp.get("/ratings")
@requires(Permission.RATINGS)
def ratings():
    services, counters = service_names(), counter_numbers()
    staff = dict(get_session().execute(select(User.id, User.username)).all())
    form = RatingFilterForm(formdata=request.args)
    every = SelectChoice(0, _("All"))
    form.service.choices = [every] + [SelectChoice(k, v) for k, v in services.items()]
    counter_words = {k: _("Counter %(number)s", number=v) for k, v in counters.items()}
    form.counter.choices = [every] + [SelectChoice(k, v) for k, v in counter_words.items()]
    form.staff.choices = [every] + [SelectChoice(k, v) for k, v in sorted(staff.items())]
    valid = form.validate()
    where = {}
    if valid:
        for name in ("service", "counter", "staff"):
            if form[name].data:
                where[f"{name}_id"] = form[name].data
    page = render_template(
        "admin/ratings.html",
        form=form,
        summary=summary_since(**where),
        days=SUMMARY_DAYS,
        levels=level_names(),
        reasons=reason_names(),
        services=services,
        counters=counters,
        local_time=local_time,
    )
    return page, 200 if valid else 400
