"""Which registered kiosk this browser is, and /kiosk/setup where staff bind it.

A kiosk browser proves its device with a long-lived signed cookie holding the device's token
hash (not the token itself); re-registering the device with a new token ends the binding. In
the one-PC setup the browser runs on the server itself: a loopback request with no binding
is the device "local", created on first use."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, url_for
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.db import database, get_session
from kiosk.models import Device
from kiosk.queue.devices import device_for_token, register_device, seen
from kiosk.web import center

from . import bp
from .forms import SetupForm

COOKIE = "kiosk_device"
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600  # until staff bind the screen again
LOCAL_DEVICE = "local"
LOOPBACK = {"127.0.0.1", "::1"}


def current_device() -> Device | None:
    """The device bound by cookie, else "local" for a loopback request, else None."""
    if "kiosk_device" not in g:
        g.kiosk_device = bound_device() or (local_device() if _is_loopback() else None)
    return g.kiosk_device


def bound_device() -> Device | None:
    try:
        token_hash = _signer().loads(request.cookies.get(COOKIE, ""))
    except BadData:
        return None
    return get_session().scalar(select(Device).where(Device.token_hash == token_hash))


def local_device() -> Device:
    """The device "local" (the browser on the server itself), created on first use."""
    for _attempt in range(2):
        try:
            with database().session() as session:
                device = session.scalar(select(Device).where(Device.name == LOCAL_DEVICE))
                if device is None:
                    register_device(session, LOCAL_DEVICE)  # nobody needs its token
                    session.flush()
                    device = session.scalar(select(Device).where(Device.name == LOCAL_DEVICE))
                return device
        except IntegrityError:
            continue  # another request created it at the same moment: read it again
    raise RuntimeError("could not create the local kiosk device")


def _is_loopback() -> bool:
    # Behind a reverse proxy on the same host every visitor looks local: LOCAL_KIOSK = false.
    return current_app.config["LOCAL_KIOSK"] and request.remote_addr in LOOPBACK


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-device")


def _token(typed: str) -> str:
    """The token, typed alone or inside the setup link a scanner typed (…/kiosk/setup#token=…)."""
    typed = typed.strip()
    return typed.rpartition("token=")[2] if "token=" in typed else typed


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    form = SetupForm()
    device = None
    if form.validate_on_submit():
        device = device_for_token(get_session(), _token(form.token.data))
        if device is not None:
            response = redirect(url_for("kiosk.setup"), 303)
            response.set_cookie(
                COOKIE,
                _signer().dumps(device.token_hash),
                max_age=COOKIE_MAX_AGE,
                path=url_for("kiosk.home"),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure,
            )
            return response
    refused = form.is_submitted() and device is None
    return render_template(
        "kiosk/setup.html",
        form=form,
        refused=refused,
        bound=bound_device(),
        local=_is_loopback(),
    ), (422 if refused else 200)


@bp.post("/heartbeat")
def heartbeat():
    """The kiosk page reports in every 30 s (static/js/heartbeat.js): the device list shows
    when each kiosk was last seen, and one silent for 2 minutes as an alert."""
    device = current_device()
    if device is None:
        return "", 204  # a browser that is no kiosk: nothing to record
    seen(get_session(), device.id, center().timezone)
    get_session().commit()
    return "", 204
