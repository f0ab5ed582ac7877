"""Upgrades are explicit where servers share the database: `kiosk serve` and the maintenance
commands refuse a schema newer than their code (a later version migrated it), and with
KIOSK_AUTO_MIGRATE=0 (the default on PostgreSQL) they only check: an older schema is left
as it is until `kiosk db upgrade`."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from bench.tickets import server_env, start_server, stop_server, wait_listening
from kiosk.config import auto_migrate, load_settings
from kiosk.db import Database, alembic_config
from kiosk.schema import head_revision
from tests.ops_support import kiosk
from tests.support import free_port

FUTURE = "0042_from_a_later_version"


def revision_of(url: str) -> str:
    db = Database(url)
    try:
        with db.engine.connect() as connection:
            return connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        db.engine.dispose()


def set_revision(url: str, revision: str) -> None:
    db = Database(url)
    try:
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        db.engine.dispose()


def one_behind(url: str) -> str:
    """Migrate the database to the revision before the newest; that revision."""
    db = Database(url)
    try:
        with db.engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            command.downgrade(config, "-1")
    finally:
        db.engine.dispose()
    return revision_of(url)


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "0"],
        ["purge", "--dry-run"],
        ["posters", "--out", "x.pdf"],
        ["db", "upgrade"],
    ],
    ids=["serve", "purge", "posters", "db-upgrade"],
)
def test_commands_refuse_a_schema_newer_than_their_code(app, db_url, tmp_path, args):
    set_revision(db_url, FUTURE)
    address = "http://192.168.1.10:8080"  # posters need one before they open the database
    done = kiosk(db_url, tmp_path, *args, AUTO_MIGRATE="1", PUBLIC_BASE_URL=address)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "newer than this program" in done.stderr and FUTURE in done.stderr
    assert head_revision() in done.stderr and "docs/upgrading.md" in done.stderr
    assert revision_of(db_url) == FUTURE  # untouched


def test_with_auto_migrate_off_serve_only_checks_until_db_upgrade(app, db_url, tmp_path):
    older = one_behind(db_url)
    assert older != head_revision()
    refused = kiosk(db_url, tmp_path, "serve", "--port", str(free_port()), AUTO_MIGRATE="0")
    assert refused.returncode == 1
    assert "kiosk db upgrade" in refused.stderr and older in refused.stderr
    purge = kiosk(db_url, tmp_path, "purge", "--dry-run", AUTO_MIGRATE="0")
    assert purge.returncode == 1 and "kiosk db upgrade" in purge.stderr
    assert revision_of(db_url) == older  # only checked

    upgraded = kiosk(db_url, tmp_path, "db", "upgrade", AUTO_MIGRATE="0")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"from revision {older} to {head_revision()}" in upgraded.stdout
    port = free_port()
    server = start_server(server_env(db_url, str(tmp_path), KIOSK_AUTO_MIGRATE="0"), port)
    try:
        wait_listening(port, server, seconds=60)  # now it serves
    finally:
        stop_server(server)


def test_with_auto_migrate_on_serve_upgrades_an_older_schema(app, db_url, tmp_path):
    one_behind(db_url)
    port = free_port()
    server = start_server(server_env(db_url, str(tmp_path), KIOSK_AUTO_MIGRATE="1"), port)
    try:
        wait_listening(port, server, seconds=60)
    finally:
        stop_server(server)
    assert revision_of(db_url) == head_revision()


def test_auto_migrate_is_on_for_sqlite_off_for_postgresql_unless_set(tmp_path):
    sqlite = load_settings(tmp_path, {})
    postgres = {"KIOSK_DATABASE_URL": "postgresql+psycopg://kiosk@db/kiosk"}
    assert auto_migrate(sqlite) is True
    assert auto_migrate(load_settings(tmp_path, postgres)) is False
    assert auto_migrate(load_settings(tmp_path, {**postgres, "KIOSK_AUTO_MIGRATE": "1"})) is True
    assert auto_migrate(load_settings(tmp_path, {"KIOSK_AUTO_MIGRATE": "0"})) is False
