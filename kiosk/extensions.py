"""The Flask extensions, created once here and bound to each app in create_app: CSRF tokens
(Flask-WTF), rate limits (Flask-Limiter) and staff sessions (Flask-Login).

Rate-limit keys are keyed hashes, never the client's address or what they typed:
Flask-Limiter logs its key when a limit is hit and keeps it in the storage, and both are
personal data. One Limiter serves every app of the process: its `@limiter.limit` decorators
are bound to it, and init_app gives it the app's storage (KIOSK_RATELIMIT_STORAGE_URI)."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect


def hashed(kind: str, value: str) -> str:
    """A rate-limit key for `value` that reveals nothing without the app's secret key."""
    secret = current_app.config["SECRET_KEY"].encode()
    return f"{kind}:" + hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def client_key() -> str:
    """The client's address, hashed."""
    return hashed("address", get_remote_address() or "")


# Every state-changing request needs a CSRF token (form field or X-CSRFToken header), except
# the API calls that authenticate with a device's bearer token instead of a cookie.
csrf = CSRFProtect()
limiter = Limiter(client_key, headers_enabled=True)
login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.session_protection = "strong"
