"""Where personal data lies on disk: the SQLite file and the -wal and -shm files beside it are
the owner's only (0600), and what `kiosk purge` erases leaves their bytes, not only the rows
(secure_delete, then a checkpoint that truncates the -wal file; VACUUM on PostgreSQL)."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest
from sqlalchemy import text

from kiosk import create_app
from kiosk.db import Database, database
from kiosk.models import Service, Submission
from kiosk.models.base import utcnow
from tests.submission_support import APPLICANT, confirm_sample

ID_NUMBER = APPLICANT["id_number"].encode()
posix_only = pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_of(path) -> list:
    """The database file and its -wal and -shm files."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def write_something(db: Database) -> None:
    with db.session() as session:
        session.add(Service(prefix="Q", names={"vi": "Thử"}))


@posix_only
def test_a_new_sqlite_database_is_the_owners_only(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    db = Database(f"sqlite:///{path}")
    try:
        db.migrate()
        write_something(db)
        assert all(p.exists() for p in files_of(path))  # WAL mode, a connection still open
        assert [mode(p) for p in files_of(path)] == [0o600] * 3
        assert mode(tmp_path / "kiosk.sqlite3.lock") == 0o600
    finally:
        db.engine.dispose()


@posix_only
def test_an_older_database_readable_by_all_is_narrowed(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    first = Database(f"sqlite:///{path}")
    first.migrate()
    write_something(first)
    for companion in files_of(path):
        companion.chmod(0o644)
    try:
        Database(f"sqlite:///{path}").engine.dispose()
        assert [mode(p) for p in files_of(path)] == [0o600] * 3
    finally:
        first.engine.dispose()


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
            "LOAD_DEMO": False,
        }
    )
    with app.app_context():
        database().migrate()
    yield app
    app.extensions["kiosk_db"].engine.dispose()


def disk_bytes(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in files_of(tmp_path / "kiosk.sqlite3") if p.exists())


def test_a_purged_id_number_leaves_the_sqlite_files(sqlite_app, tmp_path):
    confirm_sample(sqlite_app, now=utcnow() - timedelta(days=60))
    assert ID_NUMBER in disk_bytes(tmp_path)  # where the test looks is where it was
    result = sqlite_app.test_cli_runner().invoke(args=["purge", "--older-than", "30d"])
    assert result.exit_code == 0, result.output
    assert ID_NUMBER not in disk_bytes(tmp_path)
    assert (tmp_path / "kiosk.sqlite3-wal").stat().st_size == 0  # checkpointed, truncated


def test_the_purge_vacuums_postgresql(app, runner, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite files have their own test above")
    confirmed = confirm_sample(app, now=utcnow() - timedelta(days=60))
    result = runner.invoke(args=["purge", "--older-than", "30d"])
    assert result.exit_code == 0, result.output
    with app.app_context(), database().sessions() as session:
        assert session.get(Submission, confirmed.id).applicant == {}
        # the statistics view says when each table was last vacuumed by a command
        vacuumed = session.scalar(
            text("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'submission'")
        )
    assert vacuumed is not None
