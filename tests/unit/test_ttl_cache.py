"""The queue's few-second memory belongs to one database: two apps in one process (tests, or
a server and a command) never see each other's facts."""

from __future__ import annotations

from sqlalchemy import create_engine

from kiosk.db import Database
from kiosk.queue.ttl_cache import facts


def test_each_database_remembers_its_own_facts(tmp_path):
    first, second = (Database(f"sqlite:///{tmp_path / name}") for name in ("a.db", "b.db"))
    with first.sessions() as a, second.sessions() as b, first.engine.connect() as c:
        assert facts(a) is facts(c)  # sessions and connections of one database share it
        assert facts(a).remembered(("service", 1), lambda: "A") == "A"
        assert facts(b).remembered(("service", 1), lambda: "B") == "B"
        assert facts(a).remembered(("service", 1), lambda: "changed") == "A"
        facts(a).forget()
        assert facts(a).remembered(("service", 1), lambda: "changed") == "changed"
    for database in (first, second):
        database.engine.dispose()


def test_an_engine_made_elsewhere_remembers_nothing(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with engine.connect() as connection:
        assert facts(connection).remembered(("k",), lambda: 1) == 1
        assert facts(connection).remembered(("k",), lambda: 2) == 2
    engine.dispose()
