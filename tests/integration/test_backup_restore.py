"""`kiosk backup` and `kiosk restore`: a backup of an instance with tickets and submissions,
restored into a fresh instance, holds every ticket and submission as it was; a backup taken
while a server issues tickets is consistent; a restore is refused while `kiosk serve` runs.
SQLite through its online backup API, PostgreSQL through pg_dump and pg_restore."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time

import pytest
from sqlalchemy import MetaData, select

from bench.tickets import prepare, server_env, start_server, stop_server, wait_listening
from kiosk.db import Database
from tests.integration.test_crash_recovery import _post_ticket
from tests.ops_support import KIOSK, another_database, kiosk
from tests.queue_support import demo_queue, issue
from tests.submission_support import confirm_sample
from tests.support import free_port

COPIED = ("ticket", "ticket_event", "submission", "submission_event", "service", "alembic_version")


def rows_of(url: str) -> dict[str, list[tuple]]:
    """Every row of the tables a backup must keep, in a stable order."""
    db = Database(url)
    try:
        metadata = MetaData()
        metadata.reflect(db.engine, only=COPIED)
        with db.engine.connect() as connection:
            return {
                name: sorted(connection.execute(select(metadata.tables[name])).all(), key=repr)
                for name in COPIED
            }
    finally:
        db.engine.dispose()


def test_a_restored_backup_has_every_ticket_and_submission(app, db_url, tmp_path):
    services = demo_queue(app)
    for prefix in "ABAC":
        issue(app, services[prefix])
    for _ in range(3):
        confirm_sample(app)
    before = rows_of(db_url)
    assert len(before["ticket"]) == 4 and len(before["submission"]) == 3

    backup = tmp_path / "backup.kiosk"
    made = kiosk(db_url, tmp_path / "source", "backup", "--out", str(backup))
    assert made.returncode == 0, made.stderr
    assert "Backed up" in made.stdout and backup.stat().st_mode & 0o077 == 0

    with another_database(db_url, tmp_path) as fresh:
        restored = kiosk(fresh, tmp_path / "fresh", "restore", "--yes", str(backup))
        assert restored.returncode == 0, restored.stderr
        assert "4 tickets, 3 submissions" in restored.stdout
        assert rows_of(fresh) == before


def test_a_backup_never_overwrites_a_file_unless_forced(app, db_url, tmp_path):
    existing = tmp_path / "kept.bak"
    existing.write_bytes(b"yesterday's backup")
    refused = kiosk(db_url, tmp_path, "backup", "--out", str(existing))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert existing.read_bytes() == b"yesterday's backup"
    forced = kiosk(db_url, tmp_path, "backup", "--out", str(existing), "--force")
    assert forced.returncode == 0, forced.stderr
    assert existing.read_bytes() != b"yesterday's backup"


def test_a_backup_of_the_other_kind_is_refused(app, db_url, tmp_path):
    other = tmp_path / "other.bak"
    if db_url.startswith("sqlite"):
        other.write_bytes(b"PGDMP" + bytes(100))
        wanted = "a PostgreSQL backup"
    else:
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
        wanted = "a SQLite backup"
    refused = kiosk(db_url, tmp_path, "restore", "--yes", str(other))
    assert refused.returncode == 1 and wanted in refused.stderr


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_without_pg_dump_the_backup_says_what_to_install(app, db_url, tmp_path):
    env = server_env(db_url, str(tmp_path))
    env["PATH"] = str(tmp_path)  # a PATH without the PostgreSQL client programs
    done = subprocess.run(
        [*KIOSK, "backup", "--out", str(tmp_path / "c")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "pg_dump is not installed" in done.stderr and "postgresql-client" in done.stderr
    assert not (tmp_path / "c").exists()


def test_restore_is_refused_while_a_server_uses_the_database(app, db_url, tmp_path):
    backup = tmp_path / "backup.kiosk"
    assert kiosk(db_url, tmp_path, "backup", "--out", str(backup)).returncode == 0
    port = free_port()
    server = start_server(server_env(db_url, str(tmp_path)), port)
    try:
        wait_listening(port, server, seconds=60)
        refused = kiosk(db_url, tmp_path, "restore", "--yes", str(backup))
        server.kill()  # even a server that dies without cleaning up lets the database go
        server.wait(timeout=10)
    finally:
        stop_server(server)
    assert refused.returncode == 1
    assert "A server (kiosk serve) is using this database" in refused.stderr
    allowed = kiosk(db_url, tmp_path, "restore", "--yes", str(backup))
    assert allowed.returncode == 0, allowed.stderr


def test_a_backup_taken_while_a_server_issues_tickets_is_consistent(tmp_path):
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    service, token = prepare(url)
    port = free_port()
    server = start_server(server_env(url, str(tmp_path)), port)
    issued: list[int] = []
    stop = threading.Event()

    def take_tickets(client: int) -> None:
        sent = 0
        while not stop.is_set():
            status, body = _post_ticket(port, token, service, f"b{client}-{sent}")
            assert status == 201, body
            issued.append(body["id"])
            sent += 1

    clients = [threading.Thread(target=take_tickets, args=(n,)) for n in range(4)]
    try:
        wait_listening(port, server, seconds=60)
        for client in clients:
            client.start()
        while len(issued) < 40:
            time.sleep(0.02)
        before = set(issued)
        made = kiosk(url, tmp_path, "backup", "--out", str(tmp_path / "during.bak"))
        after = set(issued)
        time.sleep(0.3)  # the writers go on after the copy
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)
        stop_server(server)
    assert made.returncode == 0, made.stderr
    copy = sqlite3.connect(tmp_path / "during.bak")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        in_copy = {row[0] for row in copy.execute("SELECT id FROM ticket")}
        numbers = sorted(row[0] for row in copy.execute("SELECT number FROM ticket"))
    finally:
        copy.close()
    assert after > before  # the server went on issuing while the backup ran
    assert before <= in_copy <= set(issued)  # all acknowledged before, nothing invented
    assert numbers == list(range(1, len(numbers) + 1))  # one snapshot: no gap, no half
