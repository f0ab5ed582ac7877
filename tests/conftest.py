"""Shared fixtures: an app on a real database (SQLite file, and PostgreSQL when it runs)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.db import database
from tests.support import close_app, require_or_skip

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
PORTAL_EXPORT = SHARED_DATA / "tthc-portal-records.jsonl.gz"
POSTGRES_ADMIN_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def shared_export() -> Path:
    if not PORTAL_EXPORT.exists():
        require_or_skip("KIOSK_REQUIRE_SHARED", f"{PORTAL_EXPORT} is not here")
    return PORTAL_EXPORT


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    try:
        from sqlalchemy import create_engine, text

        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        require_or_skip("KIOSK_REQUIRE_POSTGRES", f"PostgreSQL unavailable: {exc}")
    name = f"kiosk_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each database test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def app(db_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": db_url,
            "PUBLIC_BASE_URL": "http://kiosk.example.lan:8080",
            "LOAD_DEMO": False,
        }
    )
    with app.app_context():
        database().migrate()
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo_app(app):
    """The app with the bundled demo catalog loaded."""
    from kiosk.cli import prepare_database

    with app.app_context():
        prepare_database(load_demo=True)
    return app


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory):
    """`kiosk bundle --no-dependencies` run once: (the bundle's folder, what it printed)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("offline") / "kiosk-bundle"
    kiosk = Path(sys.executable).parent / "kiosk"
    result = subprocess.run(
        [kiosk, "bundle", "--out", out, "--no-dependencies"],
        capture_output=True,
        text=True,
        cwd=out.parent,
    )
    assert result.returncode == 0, result.stderr
    return out, result.stdout
