"""SQLite: the online backup API (sqlite3.Connection.backup) both ways. The copy is one
step, so it is one consistent snapshot: in WAL mode the servers go on writing meanwhile (a
copy in several steps would start over at every write another connection makes)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk.schema import head_revision, known_revisions

from . import BackupError, Progress


def database_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("an in-memory database cannot be backed up or restored")
    return Path(database)


def copy_out(url: str, out: Path, progress: Progress) -> None:
    path = database_file(url)
    if not path.is_file():
        raise BackupError(f"the database file {path} does not exist")
    size = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    progress(f"Copying {path} ({size / 1024**2:.1f} MB with its WAL file)…")
    started = time.monotonic()
    _copy(sqlite3.connect(path, timeout=30), out)
    progress(f"Copied in {time.monotonic() - started:.1f} s; checking the copy…")
    _check(out)


def load(url: str, source: Path, progress: Progress) -> None:
    path = database_file(url)
    _check(source)
    revision = _revision(source)
    if revision is not None and revision not in known_revisions():
        raise BackupError(
            f"{source} was made by a later version of the kiosk (schema revision {revision};"
            f" this version knows up to {head_revision()}): install that version to restore it"
        )
    progress(f"Restoring {source} into {path}…")
    target = sqlite3.connect(path, timeout=30)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            backup.backup(target)
    finally:
        target.close()


def _copy(source: sqlite3.Connection, out: Path) -> None:
    target = sqlite3.connect(out)
    try:
        source.backup(target)  # pages=-1: every page in one step, one snapshot
        # The copy is a plain file, not WAL: one file to keep, open anywhere.
        target.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        target.close()
        source.close()


def _check(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        answer = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite database: {exc}") from None
    finally:
        connection.close()
    if answer != ("ok",):
        raise BackupError(f"{path} is damaged (SQLite quick_check: {answer[0]})")


def _revision(path: Path) -> str | None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        raise BackupError(f"{path} is a SQLite file, but not a kiosk database") from None
    finally:
        connection.close()
    return row[0] if row else None
