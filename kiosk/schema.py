"""Which schema a database has against the migrations this code knows (kiosk/migrations):
up to date, behind (an upgrade is due), empty, or newer than the code (written by a later
version: this code must not touch it). Plain English messages, for the command line."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaMismatch(RuntimeError):
    """The database's schema is not the one this code runs on."""


class SchemaTooNew(SchemaMismatch):
    """A later version of the kiosk migrated this database."""


class SchemaBehind(SchemaMismatch):
    """The database needs `kiosk db upgrade` (KIOSK_AUTO_MIGRATE is off)."""


@dataclass(frozen=True)
class SchemaState:
    current: tuple[str, ...]  # the revisions recorded in the database; () when it is empty
    head: str  # the newest migration of this code

    @property
    def unknown(self) -> tuple[str, ...]:
        """Revisions in the database that this code has no migration for."""
        return tuple(r for r in self.current if r not in known_revisions())

    @property
    def up_to_date(self) -> bool:
        return self.current == (self.head,)

    @property
    def empty(self) -> bool:
        return not self.current


@cache
def _scripts() -> ScriptDirectory:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "kiosk/migrations has no migration"
    return head


def schema_state(engine: Engine) -> SchemaState:
    """Read the database's revision (alembic_version) without changing anything."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return SchemaState(tuple(sorted(current)), head_revision())


def refuse_newer(state: SchemaState) -> None:
    """SchemaTooNew when a later version of the kiosk migrated the database."""
    if state.unknown:
        raise SchemaTooNew(
            f"The database's schema is newer than this program: revision"
            f" {', '.join(state.unknown)} is unknown here (this version knows up to"
            f" {state.head}). A later version of the kiosk has upgraded it. Install that version"
            " (or a newer one) instead of this one; a downgrade needs a backup taken before the"
            " upgrade (kiosk restore FILE, docs/upgrading.md)."
        )


def refuse_behind(state: SchemaState) -> None:
    """SchemaBehind when the database needs an upgrade that nobody asked for."""
    if state.empty:
        raise SchemaBehind(
            "The database is empty and KIOSK_AUTO_MIGRATE is off: run `kiosk db upgrade`"
            " once to create its tables."
        )
    raise SchemaBehind(
        f"The database's schema is at revision {', '.join(state.current)}, behind this"
        f" program's {state.head}, and KIOSK_AUTO_MIGRATE is off: take a backup"
        " (kiosk backup --out FILE), then run `kiosk db upgrade` (docs/upgrading.md)."
    )
