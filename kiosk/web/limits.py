"""Rate limits (Flask-Limiter): the submission lookup and staff sign-in, where guessing is
the attack. Counts live where KIOSK_RATELIMIT_STORAGE_URI says (memory://: per process).

Keys are keyed hashes, never the client's address or what they typed: Flask-Limiter logs
its key when a limit is hit and keeps it in the storage, and both are personal data."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse as parse_limit


def hashed(kind: str, value: str) -> str:
    """A key for `value` that reveals nothing without the app's secret key."""
    secret = current_app.config["SECRET_KEY"].encode()
    return f"{kind}:" + hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def client_key() -> str:
    """The client's address, hashed."""
    return hashed("address", get_remote_address() or "")


limiter = Limiter(client_key, headers_enabled=True)


def within_daily_cap(name: str, cap: int) -> bool:
    """Count one more `name` for this client today; False once past `cap` (or when the
    store cannot be reached: what is capped here is never worth failing a request for)."""
    try:
        return limiter.limiter.hit(parse_limit(f"{cap} per day"), name, client_key())
    except Exception:  # noqa: BLE001 - a store outage must not reach the citizen
        return False
