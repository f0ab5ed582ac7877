"""Rate limits (Flask-Limiter, kiosk/extensions.py): the submission lookup and staff
sign-in, where guessing is the attack, and daily caps. Counts live where
KIOSK_RATELIMIT_STORAGE_URI says (memory://: per process)."""

from __future__ import annotations

from limits import parse as parse_limit

from kiosk.extensions import client_key, limiter


def within_daily_cap(name: str, cap: int) -> bool:
    """Count one more `name` for this client today; False once past `cap` (or when the
    store cannot be reached: what is capped here is never worth failing a request for)."""
    try:
        return limiter.limiter.hit(parse_limit(f"{cap} per day"), name, client_key())
    except Exception:  # noqa: BLE001 - a store outage must not reach the citizen
        return False
