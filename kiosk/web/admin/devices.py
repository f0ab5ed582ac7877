"""Kiosk devices (/admin/devices): register a kiosk (its token shown once, with a QR code
that sets up the kiosk browser), rename, revoke; when each was last seen, its printer's
state and the jobs it has not printed, with an alert for a kiosk or printer silent for two
minutes or at fault."""

from __future__ import annotations

import base64

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.links.qr import qr_svg
from kiosk.models import Device
from kiosk.permissions import Permission
from kiosk.queue.devices import device_states, register_device, rename_device, revoke_device
from kiosk.refusals import Refused
from kiosk.web import row_or_404
from kiosk.web.access import requires
from kiosk.web.staff.console import printer_status_labels

from . import bp
from .audit_log import local_time
from .forms import ActionForm, DeviceForm


def _page(form: DeviceForm | None = None, status: int = 200):
    page = render_template(
        "admin/devices.html",
        states=device_states(get_session()),
        form=form or DeviceForm(),
        action=ActionForm(),
        local_time=local_time,
        printer_words=printer_status_labels(),
    )
    return page, status


@bp.get("/devices")
@requires(Permission.ADMINISTER)
def devices():
    return _page()


@bp.post("/devices")
@requires(Permission.ADMINISTER)
def add_device():
    form = DeviceForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    name = form.name.data.strip()
    session = get_session()
    if session.scalar(select(Device.id).where(Device.name == name)) is not None:
        form.name.errors = [_("A kiosk with this name exists already.")]
        return _page(form, 400)
    token = register_device(session, name, actor=current_user.username)
    session.commit()
    # The fragment never reaches a server or a log: the setup page reads it in the browser.
    base = (current_app.config.get("PUBLIC_BASE_URL") or request.url_root).rstrip("/")
    link = f"{base}{url_for('kiosk.setup')}#token={token}"
    svg = qr_svg.__wrapped__(link)  # not the cached renderer: the token is shown once
    qr = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    page = render_template("admin/device_token.html", name=name, token=token, link=link, qr=qr)
    response = current_app.make_response(page)
    response.cache_control.no_store = True
    return response


@bp.post("/devices/<int:device_id>/rename")
@requires(Permission.ADMINISTER)
def rename(device_id: int):
    device = row_or_404(Device, device_id)
    form = DeviceForm(prefix=f"device{device_id}")
    if not form.validate_on_submit():
        flash(_("Enter a name for the kiosk, for example Kiosk sảnh 1."), "error")
        return redirect(url_for("admin.devices"), code=303)
    try:
        rename_device(get_session(), device, form.name.data, current_user.username)
    except Refused:
        get_session().rollback()
        flash(_("A kiosk with this name exists already."), "error")
        return redirect(url_for("admin.devices"), code=303)
    get_session().commit()
    flash(_("The kiosk is now named %(name)s.", name=device.name), "info")
    return redirect(url_for("admin.devices"), code=303)


@bp.post("/devices/<int:device_id>/revoke")
@requires(Permission.ADMINISTER)
def revoke(device_id: int):
    device = row_or_404(Device, device_id)
    if not ActionForm().validate_on_submit():
        return _page(status=400)
    revoke_device(get_session(), device, current_user.username)
    get_session().commit()
    flash(_("%(name)s is revoked: its token no longer works.", name=device.name), "info")
    return redirect(url_for("admin.devices"), code=303)
