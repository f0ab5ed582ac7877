"""Database engine and sessions (SQLAlchemy 2.0) and Alembic migrations."""

from __future__ import annotations

import os
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from filelock import FileLock, ReadWriteLock, Timeout
from flask import Flask, current_app, g
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk import schema
from kiosk.queue import ttl_cache

MIGRATIONS = schema.MIGRATIONS

# pg_advisory_lock's key for "this process is migrating and seeding": one number that every
# kiosk process agrees on ("kiosk" in ASCII). Advisory locks are per database.
PREPARE_LOCK_KEY = 0x6B696F736B
# Every `kiosk serve` holds this one shared while it runs; `kiosk restore` takes it
# exclusively, so it cannot overwrite a database a server is using ("kioskS").
SERVING_LOCK_KEY = 0x6B696F736B53

# Tables whose rows `kiosk purge` erases personal data from.
ERASED_TABLES = ("submission", "submission_event", "search_miss")

# The SQLite database and the files beside it hold personal data: owner only.
PRIVATE_MODE = 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, url: str):
        self.url = url
        # The queue's few-second memory of slow-moving facts belongs to this database.
        self.engine = make_engine(url).execution_options(
            **{ttl_cache.OPTION: ttl_cache.FactCache()}
        )
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # For work that must be serialised (taking the next ticket number): on SQLite these
        # transactions start with BEGIN IMMEDIATE, so two writers never interleave.
        self.locking_sessions = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @contextmanager
    def session(self):
        """A session that commits on success and rolls back on error. It is for writing, so on
        SQLite it takes the write lock at once: a transaction that read first could not take it
        later if another writer (the search-miss log, a kiosk) committed in between."""
        with self.locking_sessions() as session, session.begin():
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest migration (creates it on an empty database);
        SchemaTooNew if a later version of the kiosk migrated it."""
        with self.preparing():
            pass

    @contextmanager
    def preparing(self, auto_migrate: bool = True):
        """Check (and, if allowed, migrate), then run the body (seeding), holding a lock that
        lets one process at a time do so: servers starting together on an empty database
        would otherwise both create the tables, or both find the catalog empty and load it
        twice."""
        with self.exclusive():
            state = schema.schema_state(self.engine)
            schema.refuse_newer(state)
            if not state.up_to_date:
                if not auto_migrate:
                    schema.refuse_behind(state)
                self._upgrade()
            yield

    def schema_state(self) -> schema.SchemaState:
        return schema.schema_state(self.engine)

    @contextmanager
    def serving(self):
        """Held by `kiosk serve` while it runs, shared with the other servers; waits while a
        restore holds it."""
        if self.engine.dialect.name == "postgresql":
            with _advisory_lock(self.engine, SERVING_LOCK_KEY, shared=True):
                yield
        elif (lock := self._serving_file()) is not None:
            with lock.read_lock():
                yield
        else:
            yield

    @contextmanager
    def unserved(self):
        """Held while the database is replaced: ServerRunning at once if a server uses it."""
        if self.engine.dialect.name == "postgresql":
            with _advisory_lock(self.engine, SERVING_LOCK_KEY, wait=False):
                yield
        elif (lock := self._serving_file()) is not None:
            try:
                lock.acquire_write(blocking=False)
            except Timeout:
                raise ServerRunning() from None
            try:
                yield
            finally:
                lock.release()
        else:
            yield

    def _serving_file(self) -> ReadWriteLock | None:
        path = _sqlite_path(self.engine)
        if path is None:
            return None
        return ReadWriteLock(f"{path}.serving", is_singleton=False)

    def exclusive(self):
        """A lock across processes: a PostgreSQL advisory lock, or a file beside SQLite's."""
        if self.engine.dialect.name == "postgresql":
            return _advisory_lock(self.engine, PREPARE_LOCK_KEY)
        path = _sqlite_path(self.engine)
        if path is None:
            return nullcontext()  # an in-memory database belongs to one process
        return FileLock(f"{path}.lock", mode=PRIVATE_MODE)

    def _upgrade(self) -> None:
        with self.engine.begin() as connection:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def compact_after_erase(self, tables: tuple[str, ...] = ERASED_TABLES) -> None:
        """Make erased personal data leave the files, not only the rows. SQLite (with
        secure_delete on) zeroes freed space, but the old pages stay in the -wal file until a
        checkpoint: copy them back and truncate it. PostgreSQL keeps the old row versions as
        dead tuples until VACUUM (docs/privacy.md)."""
        if self.engine.dialect.name == "sqlite":
            _checkpoint(self.engine)
        elif self.engine.dialect.name == "postgresql":
            _vacuum(self.engine, [t for t in tables if inspect(self.engine).has_table(t)])

    def is_migrated(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")


def make_engine(url: str) -> Engine:
    # hide_parameters: a failed statement's message (logs, tracebacks) never shows its
    # values, which may be an applicant's name or ID number.
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        if (path := _sqlite_path(engine)) is not None:
            _make_private(path)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _sqlite_path(engine: Engine) -> Path | None:
    """The SQLite file of an engine, None for an in-memory database."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _make_private(path: Path) -> None:
    """Create the database file readable by its owner only, and narrow an older one. SQLite
    gives the -wal and -shm files it creates the database file's mode."""
    if os.name == "nt" or not path.parent.is_dir():
        return  # Windows: the folder's access list governs; no folder: SQLite will say so
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_MODE))
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(PRIVATE_MODE)


class ServerRunning(RuntimeError):
    """A `kiosk serve` is using the database."""

    def __init__(self):
        super().__init__(
            "A server (kiosk serve) is using this database: stop every server first"
            " (Linux: systemctl stop kiosk), then run the command again."
        )


@contextmanager
def _advisory_lock(engine: Engine, key: int, shared: bool = False, wait: bool = True):
    """Hold a session-level advisory lock on a connection of its own; the server lets it go
    if this process dies. Without `wait`, ServerRunning if another session holds it."""
    kind = "_shared" if shared else ""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if wait:
            connection.execute(text(f"SELECT pg_advisory_lock{kind}(:key)"), {"key": key})
        elif not connection.scalar(text(f"SELECT pg_try_advisory_lock{kind}(:key)"), {"key": key}):
            raise ServerRunning()
        try:
            yield
        finally:
            connection.execute(text(f"SELECT pg_advisory_unlock{kind}(:key)"), {"key": key})


def _checkpoint(engine: Engine) -> None:
    # On the driver's connection in autocommit: a checkpoint inside a transaction is refused.
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        if driver is not None:
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()


def _vacuum(engine: Engine, tables: list[str]) -> None:
    preparer = engine.dialect.identifier_preparer
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:  # VACUUM refuses to run inside a transaction block
            connection.exec_driver_sql(f"VACUUM {preparer.quote(table)}")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while one writer commits; the kiosk has many readers.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted and overwritten content is zeroed, so erased personal data leaves no trace in
    # free space (the purge then checkpoints the -wal file: Database.compact_after_erase).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    # The driver's own implicit BEGIN is deferred and can't be made IMMEDIATE: we emit it.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def init_app(app: Flask) -> None:
    app.extensions["kiosk_db"] = Database(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions["kiosk_db"]


def get_session() -> Session:
    """The session of the current app context (one per request), opened on first use."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    return g.db_session


def _close_session(_exc) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
