"""`kiosk backup` and `kiosk restore`: a SQLite database copied with SQLite's online backup
API (consistent while servers write), a PostgreSQL one with pg_dump's custom format and
pg_restore. No Flask: the CLI passes the database URL and a progress callback."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Progress = Callable[[str], None]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PRIVATE_MODE = 0o600  # a backup holds the same personal data as the database


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    tickets: int
    submissions: int


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def backup(url: str, out: Path, progress: Progress, force: bool = False) -> int:
    """Write a backup of the database to `out`; its size in bytes. Refuses to overwrite an
    existing file unless `force`; the file appears only once complete."""
    out = Path(out)
    if out.exists() and not force:
        raise BackupError(f"{out} already exists: choose another name, or add --force")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if is_postgres(url):
            from .postgres import dump

            dump(url, partial, progress)
        else:
            from .sqlite import copy_out

            copy_out(url, partial, progress)
        os.chmod(partial, PRIVATE_MODE)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out.stat().st_size


def restore(url: str, source: Path, progress: Progress) -> Restored:
    """Replace the database's content with the backup's. The caller holds the locks that
    keep servers away (Database.unserved)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with open(source, "rb") as fh:
        magic = fh.read(len(SQLITE_MAGIC))
    if is_postgres(url):
        if not magic.startswith(PG_DUMP_MAGIC):
            raise BackupError(_wrong_kind(source, magic, "PostgreSQL (pg_dump -Fc)"))
        from .postgres import load
    else:
        if magic != SQLITE_MAGIC:
            raise BackupError(_wrong_kind(source, magic, "SQLite"))
        from .sqlite import load
    load(url, source, progress)
    return _what_is_there(url)


def _wrong_kind(source: Path, magic: bytes, wanted: str) -> str:
    found = (
        "a SQLite backup"
        if magic == SQLITE_MAGIC
        else "a PostgreSQL backup"
        if magic.startswith(PG_DUMP_MAGIC)
        else "not a kiosk backup"
    )
    return f"{source} is {found}; this database is {wanted}, so it needs a backup of that kind"


def _what_is_there(url: str) -> Restored:
    from sqlalchemy import func, select

    from kiosk.db import Database
    from kiosk.models import Submission, Ticket

    db = Database(url)
    try:
        with db.sessions() as session:
            tickets = session.scalar(select(func.count()).select_from(Ticket)) or 0
            submissions = session.scalar(select(func.count()).select_from(Submission)) or 0
        return Restored(tickets, submissions)
    finally:
        db.engine.dispose()
