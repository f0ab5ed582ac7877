"""Servers starting together on an empty database: one at a time migrates and seeds (an
advisory lock on PostgreSQL, a lock file beside SQLite's), so both start and the demo catalog
is loaded once. A failed statement's message never shows its values."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.cli import DEMO_CATALOG
from kiosk.db import Database, database
from kiosk.models import Procedure, Service

# Each process builds its app, says it is ready, then waits for the go file: both then
# migrate and seed at the same moment, as two servers started by one script would (with
# KIOSK_AUTO_MIGRATE on: on PostgreSQL it is off unless set).
PREPARE = """
import sys, time
from pathlib import Path
from kiosk import create_app
from kiosk.cli import prepare_database

url, instance, ready, go = sys.argv[1:]
app = create_app(
    {"DATABASE_URL": url, "INSTANCE_PATH": instance, "LOAD_DEMO": True, "AUTO_MIGRATE": True}
)
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.005)
with app.app_context():
    prepare_database(load_demo=True)
"""


def _wait_for(paths, procs) -> None:
    while not all(p.exists() for p in paths):
        if any(proc.poll() is not None for proc in procs):
            return  # one died before it was ready: its output says why
        time.sleep(0.02)


def _prepare_together(url: str, tmp_path, count: int = 2) -> list[str]:
    """Run prepare_database in `count` processes at once; their outputs."""
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(count)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PREPARE, url, str(tmp_path / f"i{n}"), str(ready[n]), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(count)
    ]
    _wait_for(ready, procs)
    go.touch()
    outputs = []
    for proc in procs:
        output, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, output
        outputs.append(output)
    return outputs


def test_two_servers_prepare_an_empty_database_together(db_url, tmp_path):
    outputs = _prepare_together(db_url, tmp_path)
    assert sum("Loaded the demo catalog" in output for output in outputs) == 1
    demo = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))["procedures"]
    db = Database(db_url)
    try:
        with db.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Procedure)) == len(demo)
            prefixes = list(session.scalars(select(Service.prefix)))
        assert sorted(prefixes) == sorted(set(prefixes)) and prefixes
    finally:
        db.engine.dispose()


SECRET = "Nguyễn Văn An 001090012345"


def test_a_failed_statement_does_not_show_its_values(app):
    with app.app_context():
        with database().session() as session:
            session.add(Service(id=7, prefix="Q", names={"vi": SECRET}))
        with pytest.raises(IntegrityError) as failed:
            with database().session() as session:
                session.add(Service(id=7, prefix="R", names={"vi": SECRET}))
    assert "parameters hidden" in str(failed.value)
    assert "001090012345" not in str(failed.value) and "Nguy" not in str(failed.value)
