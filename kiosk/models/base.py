"""Declarative base shared by every model module."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, Text, and_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

# Stable constraint names so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_to_count(session: Session, model: Any, n: int, **key: object) -> None:
    """Add n to the `count` of the row of `model` with this primary key: an update, else an
    insert (another process may insert first: then the update again)."""
    where = and_(*(getattr(model, column) == value for column, value in key.items()))
    bump = update(model).where(where).values(count=model.count + n)
    if getattr(session.execute(bump), "rowcount", 0):  # a CursorResult: the rows it hit
        return
    try:
        with session.begin_nested():
            session.add(model(count=n, **key))
    except IntegrityError:
        session.execute(bump)


class LeasedWork:
    """The columns of a row that processes take turns on (kiosk/background/leases.py): print
    jobs and outbox messages. Each model adds its own `status`."""

    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Backoff after a failure, and the lease of the taker that claimed the row.
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
