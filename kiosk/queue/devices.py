"""Registered kiosks: a device proves itself with a bearer token; only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Device


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def register_device(session: Session, name: str) -> str:
    """Add a kiosk (or give an existing one a new token); return the token, shown once."""
    token = secrets.token_urlsafe(24)
    device = session.scalar(select(Device).where(Device.name == name)) or Device(name=name)
    device.token_hash = _hash(token)
    session.add(device)
    return token


def device_id_for_token(session: Session, token: str) -> int | None:
    """The device id for a token, remembered for a minute: every ticket asks it."""
    if not token:
        return None
    key, now = _hash(token), time.monotonic()
    hit = _KNOWN.get(key)
    if hit is None or hit[0] < now:
        device = device_for_token(session, token)
        if device is None:
            return None  # unknown tokens are not remembered: nothing to fill memory with
        hit = _KNOWN[key] = (now + REMEMBER_SECONDS, device.id)
    return hit[1]


REMEMBER_SECONDS = 60  # a renewed token stops the old one within this time
_KNOWN: dict[str, tuple[float, int]] = {}


def device_for_token(session: Session, token: str) -> Device | None:
    if not token:
        return None
    return session.scalar(select(Device).where(Device.token_hash == _hash(token)))
