"""Staff accounts: created from the command line only (there is no default account).

A session names its account and the account's session version ("7:3"); signing out,
disabling the account or setting a new password bumps the version, which ends every session
of that account at once, wherever its cookie was copied to."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
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
    user = session.scalar(select(User).where(User.username == username)) or User(username=username)
    set_password(user, password)
    user.role = role
    user.active = True
    session.add(user)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise AccountError(f"No account is named {username!r}.")
    return user


def set_password(user: User, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"The password must have at least {MIN_PASSWORD} characters.")
    user.password_hash = generate_password_hash(password)
    user.end_sessions()


def set_active(user: User, active: bool) -> None:
    """Disable (ending every session at once) or enable an account."""
    user.active = active
    if not active:
        user.end_sessions()


def end_sessions(sessions: sessionmaker, user_id: int) -> None:
    """Sign the account out everywhere (one statement: two sign-outs at once both count)."""
    with sessions() as session, session.begin():
        session.execute(
            update(User).where(User.id == user_id).values(session_version=User.session_version + 1)
        )


def session_user(session: Session, session_id: str) -> User | None:
    """The active account a session id "ID:VERSION" names, unless that session was ended."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 18:
        return None  # a cookie from before session versions, or forged: signed out
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
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
