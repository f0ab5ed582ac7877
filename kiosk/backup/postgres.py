"""PostgreSQL: pg_dump's custom format (-Fc) out, pg_restore in. Both programs come with the
PostgreSQL client (Debian: postgresql-client), in the server's major version or newer. The
password goes to them in PGPASSWORD, never on a command line others could read."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from . import BackupError, Progress

CLIENT = "install the PostgreSQL client programs (Debian: apt-get install postgresql-client)"


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: {CLIENT}, then run the command again")
    return found


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore and the environment with the password."""
    parts = make_url(url)
    options = [f"--dbname={parts.database}"]
    if parts.host:
        options.append(f"--host={parts.host}")
    if parts.port:
        options.append(f"--port={parts.port}")
    if parts.username:
        options.append(f"--username={parts.username}")
    env = {**os.environ}
    if parts.password:
        env["PGPASSWORD"] = str(parts.password)
    return options, env


def _run(command: list[str], env: dict[str, str], progress: Progress, what: str) -> None:
    """Run a client program, passing its --verbose lines on as progress."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    said = []
    for line in process.stderr:
        line = line.rstrip()
        said.append(line)
        if "dumping contents of table" in line or "processing data for table" in line:
            progress(line.split(": ", 1)[-1])
    if process.wait() != 0:
        errors = [line for line in said if "error" in line.lower()] or said[-3:]
        raise BackupError(f"{what} failed: " + " / ".join(errors))


def dump(url: str, out: Path, progress: Progress) -> None:
    options, env = _libpq(url)
    command = [_program("pg_dump"), "--format=custom", "--verbose", f"--file={out}", *options]
    progress(f"pg_dump of {make_url(url).database}…")
    _run(command, env, progress, "pg_dump")


def load(url: str, source: Path, progress: Progress) -> None:
    program = _program("pg_restore")
    listed = subprocess.run([program, "--list", str(source)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise BackupError(f"{source} is not a readable pg_dump file: {listed.stderr.strip()}")
    progress(f"Emptying {make_url(url).database}…")
    _drop_tables(url)
    options, env = _libpq(url)
    command = [
        program,
        "--verbose",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *options,
        str(source),
    ]
    _run(command, env, progress, "pg_restore")


def _drop_tables(url: str) -> None:
    """Every table of the public schema, dropped in one transaction: a backup of an older
    version has fewer tables, and none of the newer ones may stay behind."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            preparer = engine.dialect.identifier_preparer
            for table in inspect(connection).get_table_names():
                connection.exec_driver_sql(f"DROP TABLE IF EXISTS {preparer.quote(table)} CASCADE")
    finally:
        engine.dispose()
