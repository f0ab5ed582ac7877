"""The unconfirmed draft of a submission, kept in the kiosk browser's session cookie.

The cookie is Flask's signed session, readable by anyone who sees it on the LAN; the draft
holds an ID card's fields, so it goes in encrypted (Fernet: AES with an HMAC, the key derived
from the app's SECRET_KEY) and compressed, far below the browser's 4 KB cookie limit. Fernet
stamps each save with its time: a draft not saved for LIFETIME is gone, whatever the idle
reset did. Nothing of it is ever written to the database before the citizen confirms."""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session

LIFETIME = timedelta(minutes=30)  # since the last page answered
MAX_BYTES = 3600  # the encrypted draft: the whole cookie then stays under 3.8 KB of the 4 KB
KEY = "draft"


class DraftTooLarge(ValueError):
    """The answers together are too long to keep until confirming."""


def load() -> dict | None:
    """The draft, or None when there is none or it expired (present() tells which)."""
    sealed = session.get(KEY)
    if not isinstance(sealed, str):
        return None
    try:
        plain = _fernet().decrypt(sealed, ttl=int(LIFETIME.total_seconds()))
    except InvalidToken:
        return None
    return json.loads(zlib.decompress(plain))


def save(draft: dict) -> None:
    plain = zlib.compress(json.dumps(draft, ensure_ascii=False).encode(), 9)
    sealed = _fernet().encrypt(plain).decode()
    if len(sealed) > MAX_BYTES:
        raise DraftTooLarge
    session[KEY] = sealed


def present() -> bool:
    """Whether this browser holds a draft, readable or not (to tell "expired" from "none")."""
    return KEY in session


def drop() -> None:
    session.pop(KEY, None)


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    key = hashlib.sha256(b"kiosk submission draft\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))
