"""The first administrator: while no active admin account exists, `kiosk serve` prints a
one-time link (on the server's console only) whose page creates it. No default password,
ever. The link's token is kept only as a hash in the instance folder, readable by the
server's account alone, and is spent when the account is made. Pure: no Flask."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

TOKEN_FILE = "first-run.token"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(instance: Path) -> str:
    """A new one-time token (the previous one stops working)."""
    token = secrets.token_urlsafe(24)
    path = instance / TOKEN_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as fh:
        fh.write(_digest(token))
    return token


def token_is_valid(instance: Path, token: str) -> bool:
    path = instance / TOKEN_FILE
    if not path.exists() or not token:
        return False
    return hmac.compare_digest(path.read_text().strip(), _digest(token))


def spend_token(instance: Path) -> None:
    (instance / TOKEN_FILE).unlink(missing_ok=True)
