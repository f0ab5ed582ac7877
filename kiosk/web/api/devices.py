"""Kiosk devices on the API: a bearer token instead of a cookie."""

from __future__ import annotations

from functools import wraps

from flask import jsonify, request
from flask_babel import gettext as _

from kiosk.db import get_session
from kiosk.extensions import csrf
from kiosk.queue.devices import device_id_for_token


def device_required(view):
    """The kiosk's bearer token instead of a cookie: no CSRF token, the device id passed on."""

    @wraps(view)
    def checked(*args, **kwargs):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        device_id = device_id_for_token(get_session(), token)
        if device_id is None:
            message = _("This kiosk is not registered.")
            return jsonify({"error": "unauthorized", "message": message}), 401
        return view(device_id, *args, **kwargs)

    return csrf.exempt(checked)
