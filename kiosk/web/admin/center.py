"""The center (/admin/center): its name and address (headers, slips), time zone, how many
days personal data is kept, the guest Wi-Fi name, the satisfaction rating's scale and where
formal complaints go. Kept in the database over kiosk.toml."""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.center.settings import CenterSettings, center_settings, save_center, valid_timezone
from kiosk.db import get_session
from kiosk.permissions import Permission
from kiosk.web.access import requires

from . import bp
from .forms import CenterForm


@bp.route("/center", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def center():
    session, config = get_session(), current_app.config
    if request.method == "POST":
        form = CenterForm()
    else:
        form = CenterForm(**asdict(center_settings(session, config)))
    if form.validate_on_submit():
        zone = form.timezone.data.strip()
        if valid_timezone(zone):
            wanted = {name: form[name].data for name in asdict(CenterSettings.defaults(config))}
            save_center(session, {**wanted, "timezone": zone}, config, current_user.username)
            session.commit()
            flash(_("The center's settings are saved."), "info")
            return redirect(url_for("admin.center"), code=303)
        form.timezone.errors = [
            _("%(zone)s is not a time zone. Write it as Asia/Ho_Chi_Minh.", zone=zone)
        ]
    page = render_template("admin/center.html", form=form, defaults=CenterSettings.defaults(config))
    return page, 400 if form.is_submitted() else 200
