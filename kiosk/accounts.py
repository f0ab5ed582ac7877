"""Staff accounts: created from the command line only (there is no default account).

A session names its account and the account's session version ("7:3"); signing out,
disabling the account or setting a new password bumps the version, which ends every session
of that account at once, wherever its cookie was copied to."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import check_password_hash, generate_password_hash

from kiosk import audit
from kiosk.models import User
from kiosk.models.staff import ROLES
from kiosk.permissions import Role

MIN_PASSWORD = 8
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password")


class AccountError(ValueError):
    """A refused account change; the message is shown to the administrator."""


class LastAdmin(AccountError):
    """The change would leave the center without an active administrator."""

    def __init__(self) -> None:
        super().__init__("At least one active administrator must remain.")


def _keep_an_admin(session: Session, user: User, role: str, active: bool) -> None:
    """Refuse a change that takes the last active administrator away."""
    if user.role != Role.ADMIN or not user.active or (role == Role.ADMIN and active):
        return
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise LastAdmin()


def add_user(
    session: Session, username: str, password: str, role: str = "staff", actor: str = ""
) -> User:
    """Create a staff account, or reset the password and role of an existing one; `actor`
    (who does it) goes to the audit log."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    if not username or len(username) > 64:
        raise AccountError("The name must be 1 to 64 characters.")
    user = session.scalar(select(User).where(User.username == username))
    before = _shown(user) if user is not None else None
    user = user or User(username=username)
    set_password(user, password)
    user.role = role
    user.active = True
    session.add(user)
    action = "account.add" if before is None else "account.reset"
    audit.record(session, actor, action, username, before, {**_shown(user), "password": "new"})
    return user


def _shown(user: User) -> dict:
    """What the audit log keeps of an account."""
    return {"role": user.role, "active": bool(user.active)}


def set_role(session: Session, user: User, role: str, actor: str) -> None:
    """Change what an account may do; its open sessions end at once."""
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    _keep_an_admin(session, user, role, bool(user.active))
    before = _shown(user)
    user.role = role
    user.end_sessions()
    audit.record(session, actor, "account.role", user.username, before, _shown(user))


def reset_password(session: Session, user: User, password: str, actor: str) -> None:
    """A new password chosen by an administrator; the account's sessions end at once."""
    set_password(user, password)
    audit.record(session, actor, "account.password", user.username, None, {"password": "new"})


def has_admin(session: Session) -> bool:
    """Whether an active administrator exists (else the first-run page may create one)."""
    query = select(User.id).where(User.role == Role.ADMIN, User.active.is_(True)).limit(1)
    return session.scalar(query) is not None


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


def set_active(session: Session, user: User, active: bool, actor: str) -> None:
    """Disable (ending every session at once) or enable an account."""
    _keep_an_admin(session, user, user.role, active)
    before = _shown(user)
    user.active = active
    if not active:
        user.end_sessions()
    action = "account.enable" if active else "account.disable"
    audit.record(session, actor, action, user.username, before, _shown(user))


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
