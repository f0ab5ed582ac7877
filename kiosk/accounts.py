"""Staff accounts: created from the command line only (there is no default account)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from kiosk.models import User
from kiosk.models.staff import ROLES

MIN_PASSWORD = 8
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password")


class AccountError(ValueError):
    """A refused account change; the message is shown to the administrator."""


def add_user(session: Session, username: str, password: str, role: str = "staff") -> User:
    """Create a staff account, or reset the password and role of an existing one."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    if not username or len(username) > 64:
        raise AccountError("The name must be 1 to 64 characters.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"The password must have at least {MIN_PASSWORD} characters.")
    user = session.scalar(select(User).where(User.username == username)) or User(username=username)
    user.password_hash = generate_password_hash(password)
    user.role = role
    user.active = True
    session.add(user)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user
