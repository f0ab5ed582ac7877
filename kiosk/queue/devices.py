"""Registered kiosks: a device proves itself with a bearer token; only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets

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


def device_for_token(session: Session, token: str) -> Device | None:
    if not token:
        return None
    return session.scalar(select(Device).where(Device.token_hash == _hash(token)))
