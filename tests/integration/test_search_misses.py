"""Searches that found nothing: kept for staff without personal data, capped per address,
deleted after their retention period, and never a reason for a search to fail."""

from __future__ import annotations

import sqlite3
import threading
import urllib.request
from datetime import timedelta
from urllib.parse import quote

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from kiosk.catalog.misses import looks_personal
from kiosk.db import alembic_config, database
from kiosk.models import SearchMiss
from kiosk.models.base import utcnow
from tests.support import serving

CARD = "001090012345|123456789|Nguyễn Văn An|17051990|Nam|Phường Hàng Bạc, Hà Nội|01012021"


@pytest.mark.parametrize(
    "query",
    [
        CARD,
        "001090012345",  # citizen number (CCCD)
        "123456789",  # old ID
        "0101234567",  # tax code, social-insurance number
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "Nguyen Van An 001090012345 khai sinh",
    ],
)
def test_texts_that_may_be_personal_data_are_recognised(query):
    assert looks_personal(query)


@pytest.mark.parametrize(
    "query",
    [
        "khai sinh",
        "1.001193",
        "so do",
        "cccd",
        "dang ky 2 xe",
        "1.001193 1.002198",
        "1.001193.000.00.00.H12",
    ],
)
def test_ordinary_searches_and_procedure_codes_are_not(query):
    assert not looks_personal(query)


def misses(app) -> list[SearchMiss]:
    app.extensions["search_misses"].flush()
    with app.app_context(), database().session() as session:
        return list(session.scalars(select(SearchMiss).order_by(SearchMiss.id)))


@pytest.mark.parametrize("path", ["/kiosk/?q=", "/?q=", "/api/v1/procedures?q="])
def test_an_id_card_typed_into_search_is_counted_not_kept(demo_app, path):
    client = demo_app.test_client()
    page = client.get(path + quote(CARD))
    assert page.status_code == 200
    if not path.startswith("/api/"):  # never written back into the page or its search box
        assert "001090012345" not in page.get_data(as_text=True)
    assert client.get(path + "0912345678").status_code == 200
    rows = misses(demo_app)
    assert [(row.query, row.personal) for row in rows] == [("", True), ("", True)]


def test_control_characters_never_reach_the_miss_log(demo_app):
    demo_app.test_client().get("/api/v1/procedures?q=zz%00qx%1b")
    assert [row.query for row in misses(demo_app)] == ["zzqx"]


def test_the_misses_command_shows_counts_and_never_personal_data(demo_app, runner):
    client = demo_app.test_client()
    for query in ("zzqx wwqy", "zzqx   wwqy", CARD):
        client.get("/api/v1/procedures?q=" + quote(query))
    misses(demo_app)
    output = runner.invoke(args=["catalog", "misses"]).output
    assert "2×  zzqx wwqy" in output
    assert "1×  (personal data, not kept)" in output
    assert "001090012345" not in output and "Nguyễn" not in output


def test_one_address_adds_at_most_the_daily_cap(demo_app):
    demo_app.config["SEARCH_MISS_DAILY_CAP"] = 3
    client = demo_app.test_client()
    for number in range(6):
        client.get(f"/?q=zzqx{number}")
    other = demo_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    other.get("/?q=zzqy")
    assert [row.query for row in misses(demo_app)] == ["zzqx0", "zzqx1", "zzqx2", "zzqy"]


def test_kiosk_purge_deletes_misses_past_their_retention(demo_app, runner):
    old = utcnow() - timedelta(days=91)
    with demo_app.app_context(), database().session() as session:
        session.add_all([SearchMiss(query="old", created_at=old), SearchMiss(query="new")])
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "Would delete 1 search with no result older than 90 days." in dry.output
    assert len(misses(demo_app)) == 2
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 search with no result older than 90 days." in result.output
    assert [row.query for row in misses(demo_app)] == ["new"]


def test_the_migration_forgets_personal_searches_stored_before(db_url):
    config = alembic_config(db_url)
    command.upgrade(config, "0005")
    engine = create_engine(db_url)
    with engine.begin() as connection:
        for query in (CARD, "khai sinh", "0912345678"):
            connection.execute(
                text("INSERT INTO search_miss (query, created_at) VALUES (:q, :at)"),
                {"q": query, "at": utcnow()},
            )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT query, personal FROM search_miss ORDER BY id"))
        assert [tuple(row) for row in rows] == [("", True), ("khai sinh", False), ("", True)]
    engine.dispose()


def test_searches_answer_while_the_database_is_busy_writing(tmp_path):
    """SQLite has one writer: with another process holding the write lock, searches that
    find nothing still answer at once, and their misses are written once it is free."""
    from kiosk import create_app
    from kiosk.cli import prepare_database

    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    app = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": url}
    )
    with app.app_context():
        prepare_database(load_demo=True)
    blocker = sqlite3.connect(tmp_path / "kiosk.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    statuses: list[int] = []
    with serving(app, threads=4) as base:

        def searcher(number: int) -> None:
            for round_ in range(5):
                path = f"{base}/?q=zzqx{number}x{round_}"
                with urllib.request.urlopen(path, timeout=30) as response:
                    statuses.append(response.status)

        clients = [threading.Thread(target=searcher, args=(n,)) for n in range(4)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        blocker.rollback()
        blocker.close()
        assert statuses == [200] * 20
        assert len(misses(app)) == 20
    app.extensions["kiosk_db"].engine.dispose()
