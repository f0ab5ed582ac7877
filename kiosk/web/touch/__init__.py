"""The touch screen (/kiosk): portrait 1080x1920, large targets, on-screen keyboard."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from . import (  # noqa: E402,F401
    device_binding,
    online_help,
    pages,
    rating,
    status,
    submission,
    ticket_screen,
    tickets,
    wayfinding,
)
