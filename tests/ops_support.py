"""Helpers for the operations tests: the `kiosk` command in a process of its own, a second
empty database beside the test's, and the doctor's table read back."""

from __future__ import annotations

import subprocess
import sys
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from bench.tickets import server_env

KIOSK = [sys.executable, "-c", "from kiosk.cli import main; main()"]


def kiosk(url: str, instance, *args: str, **settings: str) -> subprocess.CompletedProcess:
    """Run `kiosk ARGS` on the database `url` with KIOSK_* `settings`; its output."""
    env = server_env(url, str(instance), **{f"KIOSK_{k}": v for k, v in settings.items()})
    return subprocess.run(
        [*KIOSK, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


@contextmanager
def another_database(db_url: str, tmp_path):
    """An empty database of the same kind as `db_url`, dropped afterwards."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    admin = create_engine(db_url.rsplit("/", 1)[0] + "/test", isolation_level="AUTOCOMMIT")
    name = f"kiosk_fresh_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield db_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def doctor_rows(output: str) -> dict[str, tuple[str, str, str]]:
    """The doctor's table: check name -> (result, detail, fix). A name that appears twice
    (disk space for two folders) keeps its worst row."""
    rows: dict[str, tuple[str, str, str]] = {}
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("check "))
    result_at = lines[header].index("result")
    detail_at = lines[header].index("detail")
    last = None
    for line in lines[header + 1 :]:
        if not line.strip():
            break  # the summary follows the table
        name = line[:result_at].strip()
        result = line[result_at:detail_at].strip()
        detail = line[detail_at:]
        if not name and result == "fix:" and last is not None:
            rows[last] = (*rows[last][:2], detail)
        elif name:
            if name in rows and rows[name][0] == "FAIL":
                continue
            rows[name], last = (result, detail, ""), name
    return rows
