"""The audit log: every change to the center's set-up, made in the administration area or by
the command line, with who, when, what, and the values before and after. Never a password,
a token or a citizen's personal data: secret fields are dropped and personal-looking text is
replaced before anything is stored. Pure: no Flask."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.catalog.misses import looks_personal
from kiosk.models import AuditEntry

# Fields whose values never reach the log, whatever they hold.
SECRET_FIELDS = frozenset(
    {"password", "password_hash", "token", "token_hash", "secret", "secret_key", "webhook_secret"}
)
WITHHELD = "(not kept)"
PERSONAL = "(personal data, not kept)"
MAX_VALUE = 500  # characters of one value kept


def cli_actor() -> str:
    """Who runs a command: the operating-system account."""
    try:
        return f"cli:{getpass.getuser()}"[:80]
    except (KeyError, OSError):
        return "cli"


def _clean(value):
    if isinstance(value, Mapping):
        return {str(k): WITHHELD if k in SECRET_FIELDS else _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if isinstance(value, str):
        return PERSONAL if looks_personal(value) else value[:MAX_VALUE]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:MAX_VALUE]


def record(
    session: Session,
    actor: str,
    action: str,
    subject: str = "",
    before: Mapping | None = None,
    after: Mapping | None = None,
) -> AuditEntry:
    """Log a change. With both `before` and `after`, only the fields that changed are kept."""
    if before is not None and after is not None:
        keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
        before = {k: before.get(k) for k in keys}
        after = {k: after.get(k) for k in keys}
    entry = AuditEntry(
        actor=actor[:80],
        action=action[:64],
        subject=(PERSONAL if looks_personal(subject) else subject)[:200],
        before=_clean(before) if before is not None else None,
        after=_clean(after) if after is not None else None,
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """What the log page narrows to; empty fields narrow nothing."""

    action: str = ""  # a prefix: "account" finds account.add, account.disable...
    actor: str = ""
    subject: str = ""
    since: datetime | None = None
    until: datetime | None = None


def entries(
    session: Session, where: AuditFilter, limit: int = 100, offset: int = 0
) -> tuple[list[AuditEntry], int]:
    """The entries that match, newest first, and how many match in all."""
    query = select(AuditEntry)
    if where.action:
        query = query.where(AuditEntry.action.startswith(where.action, autoescape=True))
    if where.actor:
        query = query.where(AuditEntry.actor == where.actor)
    if where.subject:
        query = query.where(AuditEntry.subject == where.subject)
    if where.since:
        query = query.where(AuditEntry.at >= where.since)
    if where.until:
        query = query.where(AuditEntry.at < where.until)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


def actions(session: Session) -> list[str]:
    """The kinds of change the log holds, for the filter's list."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
